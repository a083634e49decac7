package dev.dpapi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The round trip of issue 8 on every file of {@code fixtures/haproxy}, loaded as the container's haproxy.cfg: every
 * object of every family the contract has (its paths say which, and how each is addressed) is read, put back
 * unchanged in one transaction and committed. A family the implementation does not route is left out.
 */
class RoundTripCheck {

    private static final String C = SectionsCheck.C;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> UNSERVED = Set.of(404, 405, 501);
    private static final Duration RELOAD = Duration.ofSeconds(30);
    /** The keywords that open a section of haproxy.cfg. */
    private static final Set<String> SECTION_KEYWORDS = Set.of("global", "defaults", "frontend", "backend", "listen",
            "userlist", "peers", "resolvers", "mailers", "cache", "ring", "http-errors", "fcgi-app", "program",
            "log-forward");

    static List<String> fixtures() {
        return Seed.haproxyFixtures();
    }

    /**
     * An object as the API lists it: its family, its URL (with the query naming its parent), the section it lives
     * in ({@code global}, {@code defaults}, or the name of its section or of its parent) and the model GET gave.
     */
    record Item(Contract.Family family, String url, String section, JsonNode data) {

        String with(String parameter) {
            return url + (url.contains("?") ? "&" : "?") + parameter;
        }

        @Override
        public String toString() {
            return url.substring(C.length());
        }
    }

    @Check(profile = Profile.CORE, family = "round trip", rows = "fixtures",
            source = "contract: GET and PUT of every configuration family, transactions; issue 8 (PUT what you GET)")
    @DisplayName("every object of the file, put back unchanged in one transaction, commits and reads back the same")
    void putBackUnchanged(Target target, String fixture) {
        Contract contract = contract();
        try (Deployment d = deploy(target, fixture)) {
            d.api.assumeServed("/v2/services/haproxy/transactions");
            List<Item> before = items(d, contract);
            assertTrue(before.size() > 3, "the API lists the file's objects: " + before);
            Report.current().fact(target, "round trip: " + fixture, before.size() + " objects of "
                    + before.stream().map(i -> i.family().path()).distinct().count() + " families");
            List<String> problems = putBackInOneTransaction(d, before);
            assertEquals(List.of(), problems, "PUT of what GET returned, then the commit (" + before.size() + " objects)");
            assertValid(d, "the committed file");
            d.haproxy.reload(RELOAD);
            List<Item> after = items(d, contract);
            assertEquals(render(before), render(after), "every object reads back as it was before the commit");
        }
    }

    @Check(profile = Profile.EXTENDED, family = "lossless", rows = "fixtures",
            source = "promise: PUT what you GET changes nothing; a changed field rewrites only its own line (issue 8)")
    @DisplayName("every object put back unchanged leaves the file byte for byte; one field changed touches only its line")
    void putBackLeavesTheFileAndAChangeTouchesOnlyItsLine(Target target, String fixture) {
        Contract contract = contract();
        try (Deployment d = deploy(target, fixture)) {
            d.api.assumeServed("/v2/services/haproxy/transactions");
            String installed = d.config();
            List<Item> items = items(d, contract);
            List<String> problems = putBackInOneTransaction(d, items);
            assertEquals(List.of(), problems, "PUT of what GET returned, then the commit");
            assertEquals(withoutBookkeeping(installed), withoutBookkeeping(d.config()),
                    "the file after " + items.size() + " objects put back unchanged: "
                            + difference(withoutBookkeeping(installed), withoutBookkeeping(d.config())));

            List<String> wrong = new ArrayList<>();
            int changed = 0;
            for (Item item : items) {
                JsonNode now = get(d, item.url());
                ObjectNode change = changed(item.family().path(), now);
                if (change == null || !item.family().replaceable()) {
                    continue;
                }
                changed++;
                String file = withoutBookkeeping(d.config());
                Response r = d.api.admin().contentType("application/json").body(change.toString())
                        .put(item.with("version=" + d.version()));
                String after = withoutBookkeeping(d.config());
                String problem = r.statusCode() != 200 && r.statusCode() != 202
                        ? "refused " + r.statusCode() + " " + r.asString().strip()
                        : onlyItsLine(file, after, item.section());
                if (problem != null) {
                    wrong.add(item + " " + changedFields(now, change) + ": " + problem);
                }
            }
            assertEquals(List.of(), wrong, changed + " of " + items.size() + " objects changed one field each");
            assertValid(d, "the changed file");
        }
    }

    private static Contract contract() {
        Contract contract = Contract.load();
        Assumptions.assumeTrue(contract != null, Contract.whereToPutIt());
        return contract;
    }

    /** The fixture as the container's haproxy.cfg at start (the documented way), the implementation beside it. */
    private static Deployment deploy(Target target, String fixture) {
        String config = loadable(target, fixture);
        return Deployment.start(target, "", s -> s, c -> c.withHaproxyConfig(config));
    }

    /**
     * The fixture as written when the image's HAProxy loads it; else its variant for that HAProxy version,
     * {@code fixtures/haproxy/haproxy-<major.minor>/<name>} (a fixture may use a form a later version refuses).
     */
    private static String loadable(Target target, String fixture) {
        String text = Seed.haproxyFixture(fixture);
        String refusal = refusal(target.image(), text);
        if (refusal == null) {
            return text;
        }
        String version = refusal.replaceFirst("(?s).*?HA-?Proxy version (\\d+\\.\\d+).*", "$1");
        String variant = "haproxy-" + version + "/" + fixture;
        assertTrue(Seed.hasHaproxyFixture(variant), "HAProxy " + version + " refuses " + fixture
                + " as written, and fixtures/haproxy/" + variant + " does not exist: " + refusal);
        String adapted = Seed.haproxyFixture(variant);
        String again = refusal(target.image(), adapted);
        assertTrue(again == null, "HAProxy " + version + " refuses fixtures/haproxy/" + variant + ": " + again);
        Report.current().fact(target, "variant of " + fixture, "HAProxy " + version + " refuses it as written: "
                + "graded on fixtures/haproxy/" + variant);
        return adapted;
    }

    /** Null when {@code image}'s HAProxy accepts {@code config} ({@code haproxy -W -c}); else its output. */
    private static String refusal(String image, String config) {
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image)).withNetworkMode("none")
                .withCopyToContainer(Transferable.of(config), "/tmp/fixture.cfg")
                .withCommand("sh", "-c", "haproxy -v; haproxy -W -c -f /tmp/fixture.cfg 2>&1; echo \"status=$?\"")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            c.start();
            String out = c.getLogs();
            return out.contains("status=0") ? null : out.strip();
        }
    }

    private static void assertValid(Deployment d, String what) {
        var check = d.haproxy.exec("haproxy", "-W", "-c", "-f", HaproxyContainer.CONFIG);
        assertEquals(0, check.getExitCode(), "HAProxy accepts " + what + ": " + check.getStdout() + check.getStderr());
    }

    /** Every object of every family the implementation serves, as GET returns it, in the contract's order. */
    private static List<Item> items(Deployment d, Contract contract) {
        List<Item> out = new ArrayList<>();
        Map<String, List<String>> names = new LinkedHashMap<>();
        names.put("", List.of(""));
        List<Contract.Family> families = contract.configurationFamilies();
        for (Contract.Family f : families) {
            if (f.single()) {
                JsonNode data = listed(d, C + f.path());
                if (data != null) {
                    out.add(new Item(f, C + f.path(), f.path(), data));
                }
            } else if (f.section()) {
                JsonNode data = listed(d, C + f.path());
                List<String> sectionNames = new ArrayList<>();
                for (JsonNode s : data == null ? JSON.createArrayNode() : data) {
                    String name = s.path(f.id()).asText();
                    sectionNames.add(name);
                    String url = C + f.path() + "/" + name;
                    out.add(new Item(f, url, name, get(d, url)));
                }
                names.put(f.path(), sectionNames);
            }
        }
        for (Contract.Family f : families) {
            if (f.single() || f.section()) {
                continue;
            }
            for (String kind : f.parentKinds()) {
                for (String parent : names.getOrDefault(Contract.Family.sectionsOf(kind), List.of())) {
                    String query = f.parentQuery(kind, parent);
                    JsonNode data = listed(d, C + f.path() + "?" + query);
                    for (JsonNode child : data == null ? JSON.createArrayNode() : data) {
                        String url = C + f.path() + "/" + child.path(f.id()).asText() + "?" + query;
                        out.add(new Item(f, url, parent.isEmpty() ? "global" : parent, get(d, url)));
                    }
                }
            }
        }
        return out;
    }

    /** A list's (or a single object's) {@code data}; null when the implementation does not route the path. */
    private static JsonNode listed(Deployment d, String url) {
        Response r = d.api.admin().get(url);
        if (UNSERVED.contains(r.statusCode())) {
            return null;
        }
        assertEquals(200, r.statusCode(), "GET " + url + ": " + r.asString());
        return tree(r).path("data");
    }

    private static JsonNode get(Deployment d, String url) {
        Response r = d.api.admin().get(url);
        assertEquals(200, r.statusCode(), "GET " + url + " (listed): " + r.asString());
        return tree(r).path("data");
    }

    private static JsonNode tree(Response r) {
        try {
            return JSON.readTree(r.asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every replaceable object PUT back as GET returned it, in one transaction, then the commit (with a forced
     * reload, so the answer waits for HAProxy); what was refused, if anything.
     */
    private static List<String> putBackInOneTransaction(Deployment d, List<Item> items) {
        String tx = d.api.admin().post("/v2/services/haproxy/transactions?version=" + d.version())
                .then().statusCode(201).extract().path("id");
        List<String> refused = new ArrayList<>();
        for (Item item : items) {
            if (!item.family().replaceable()) {
                continue;
            }
            Response r = d.api.admin().contentType("application/json").body(item.data().toString())
                    .put(item.with("transaction_id=" + tx));
            if (r.statusCode() != 200 && r.statusCode() != 202) {
                refused.add(item + " " + item.data() + " -> " + r.statusCode() + " " + r.asString().strip());
            }
        }
        Response commit = d.api.admin().put("/v2/services/haproxy/transactions/" + tx + "?force_reload=true");
        if (commit.statusCode() != 200 && commit.statusCode() != 202) {
            refused.add("commit -> " + commit.statusCode() + " " + commit.asString().strip());
        }
        return refused;
    }

    private static List<String> render(List<Item> items) {
        return items.stream().map(i -> i + " " + i.data()).toList();
    }

    /**
     * The object with one field changed to a value HAProxy accepts in every file, or null when its family has no
     * such field here. Rules get a condition that always holds (or have theirs replaced by it).
     */
    static ObjectNode changed(String family, JsonNode model) {
        ObjectNode m = model.deepCopy();
        switch (family) {
            case "global" -> m.put("maxconn", 4242);
            case "defaults", "named_defaults" -> m.put("client_timeout", 42000);
            case "frontends", "binds", "log_forwards" -> m.put("maxconn", 42);
            case "backends" -> m.put("server_timeout", 42000);
            case "servers", "server_templates" -> m.put("weight", 42);
            case "caches" -> m.put("max_age", 42);
            case "rings" -> m.put("maxlen", 1042);
            case "resolvers" -> m.put("hold_valid", 42000);
            case "mailers_section" -> m.put("timeout", 42000);
            case "fcgi_apps" -> m.put("docroot", "/srv/changed");
            case "programs" -> m.put("command", "/bin/sleep 4242");
            case "nameservers" -> m.put("port", 5342);
            case "mailer_entries" -> m.put("port", 2542);
            case "peer_entries", "dgram_binds" -> m.put("port", Seed.freePort());
            case "tables" -> m.put("expire", "42m");
            case "captures" -> m.put("length", 42);
            // "-i" is taken by every criterion, whatever its patterns
            case "acls" -> m.put("value", "-i " + model.path("value").asText());
            case "http_error_rules" -> m.put("status", model.path("status").asInt() == 503 ? 504 : 503);
            case "users" -> {
                if (model.path("secure_password").asBoolean()) {
                    return null;
                }
                m.put("password", "changed");
            }
            case "log_targets" -> {
                if (!model.has("address")) {
                    return null;
                }
                m.put("length", 1042);
            }
            case "http_request_rules", "http_response_rules", "http_after_response_rules", "tcp_request_rules",
                 "tcp_response_rules", "backend_switching_rules", "server_switching_rules", "stick_rules" -> {
                if (model.path("type").asText().equals("inspect-delay")) {
                    return null; // takes no condition
                }
                m.put("cond", "if");
                m.put("cond_test", "{ always_true }");
            }
            default -> {
                return null;
            }
        }
        return m.equals(model) ? null : m;
    }

    private static String changedFields(JsonNode before, ObjectNode after) {
        List<String> out = new ArrayList<>();
        after.fieldNames().forEachRemaining(f -> {
            if (!after.get(f).equals(before.get(f))) {
                out.add(f + "=" + after.get(f));
            }
        });
        return String.join(",", out);
    }

    /**
     * Null when {@code after} differs from {@code before} by one line, replaced or added, inside the section whose
     * header names {@code section}; else what differs.
     */
    static String onlyItsLine(String before, String after, String section) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        List<String> removed = a.subList(start, endA);
        List<String> added = b.subList(start, endB);
        if (added.size() != 1 || removed.size() > 1) {
            return "lines " + removed + " became " + added;
        }
        String header = header(b, start);
        if (!names(header, section) && !(unnamed(header) && b.stream().noneMatch(l -> names(l, section)))) {
            return "'" + added.get(0) + "' was written in section '" + header + "'";
        }
        return null;
    }

    /** Whether {@code header} is {@code section}'s: its keyword ({@code global}, {@code defaults}) or its name. */
    private static boolean names(String header, String section) {
        String[] words = header.strip().split("\\s+");
        return SECTION_KEYWORDS.contains(words[0])
                && (words[0].equals(section) || words.length > 1 && words[1].equals(section));
    }

    /** A section header without a name (an unnamed defaults section, which the API names itself). */
    private static boolean unnamed(String header) {
        return header.strip().split("\\s+").length == 1;
    }

    /** The header of the section that line {@code index} belongs to. */
    private static String header(List<String> lines, int index) {
        for (int i = index; i >= 0; i--) {
            String[] words = lines.get(i).strip().split("\\s+");
            if (SECTION_KEYWORDS.contains(words[0])) {
                return lines.get(i);
            }
        }
        return "";
    }

    /** The file without the API's own bookkeeping comments ({@code # _version}, {@code # _md5hash}). */
    private static String withoutBookkeeping(String config) {
        return config.replaceAll("(?m)^# _(version|md5hash)=\\S*(\\r?\\n|$)", "");
    }

    /** The lines that differ, for failure messages. */
    private static String difference(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()) && out.size() < 12; i++) {
            String x = i < a.size() ? a.get(i) : "<none>";
            String y = i < b.size() ? b.get(i) : "<none>";
            if (!x.equals(y)) {
                out.add("line " + (i + 1) + ": '" + x + "' became '" + y + "'");
            }
        }
        return String.join("\n", out);
    }
}
