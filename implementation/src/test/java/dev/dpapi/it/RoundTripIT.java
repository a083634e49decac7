package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.Fixtures;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PUT what you GET changes nothing, on every fixture file and every object the API lists: every section of every
 * kind and every child of every family is read and put back unchanged in one transaction, the commit leaves the
 * file byte for byte as it was (the version line aside); then one field changed per object rewrites only its words.
 * Every object read is also held to our served document: its fields are documented, in order, with their types.
 */
class RoundTripIT {

    private static final String C = "/v2/services/haproxy/configuration/";

    @TempDir
    Path dir;

    /** Section families: API path and whether the API replaces them. */
    private static final Map<String, Boolean> SECTIONS = new LinkedHashMap<>();

    static {
        for (String p : List.of("frontends", "backends", "named_defaults", "programs", "caches", "rings", "resolvers",
                "mailers_section", "log_forwards", "fcgi_apps", "http_errors_sections")) {
            SECTIONS.put(p, true);
        }
        SECTIONS.put("peer_section", false);
        SECTIONS.put("userlists", false);
    }

    /** A child family: path, the name field (null: by index), and the parent types with their section paths. */
    record Family(String path, String id, Map<String, String> parents) {
    }

    private static final Map<String, String> SECTION_OF_TYPE = Map.of("frontend", "frontends", "backend", "backends",
            "defaults", "named_defaults", "log_forward", "log_forwards", "peers", "peer_section",
            "peer_section", "peer_section", "mailers_section", "mailers_section", "resolver", "resolvers",
            "userlist", "userlists", "global", "");

    private static Family family(String path, String id, String... parentTypes) {
        Map<String, String> parents = new LinkedHashMap<>();
        for (String t : parentTypes) {
            parents.put(t, SECTION_OF_TYPE.get(t));
        }
        return new Family(path, id, parents);
    }

    private static final List<Family> FAMILIES = List.of(
            family("servers", "name", "backend"), family("server_templates", "prefix", "backend"),
            family("binds", "name", "frontend"), family("mailer_entries", "name", "mailers_section"),
            family("peer_entries", "name", "peer_section"), family("tables", "name", "peer_section"),
            family("nameservers", "name", "resolver"), family("dgram_binds", "name", "log_forward"),
            family("users", "username", "userlist"), family("groups", "name", "userlist"),
            family("acls", null, "frontend", "backend"), family("backend_switching_rules", null, "frontend"),
            family("http_request_rules", null, "frontend", "backend"),
            family("http_response_rules", null, "frontend", "backend"),
            family("http_after_response_rules", null, "frontend", "backend"),
            family("tcp_request_rules", null, "frontend", "backend"), family("tcp_response_rules", null, "backend"),
            family("server_switching_rules", null, "backend"), family("stick_rules", null, "backend"),
            family("captures", null, "frontend"), family("filters", null, "frontend", "backend"),
            family("log_targets", null, "frontend", "backend", "defaults", "global", "log_forward", "peers"),
            family("http_checks", null, "backend", "defaults"), family("tcp_checks", null, "backend", "defaults"),
            family("http_error_rules", null, "frontend", "backend", "defaults"));

    /** One field to change per family, and its new value: the change must touch only that field's words. */
    private static final Map<String, Map.Entry<String, Object>> CHANGES = Map.of(
            "servers", Map.entry("weight", 42), "binds", Map.entry("maxconn", 42),
            "frontends", Map.entry("maxconn", 42), "backends", Map.entry("server_timeout", 42000),
            "named_defaults", Map.entry("client_timeout", 42000), "nameservers", Map.entry("port", 5353),
            "acls", Map.entry("value", "/changed"));

    private static final String NO_FINAL_NEWLINE = "real-world.cfg without its final newline";

    static Stream<String> files() throws Exception {
        try (Stream<Path> files = Files.list(Fixtures.path("haproxy"))) {
            List<String> fixtures = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cfg"))
                    .sorted().toList();
            return Stream.concat(fixtures.stream(), Stream.of(NO_FINAL_NEWLINE));
        }
    }

    /** An object the API lists, with the query that reaches it. */
    record Target(String family, String path, String query, Map<String, Object> model) {
        String label() {
            return query.isEmpty() ? path : path + "?" + query;
        }

        /** The object's URL with one more query parameter. */
        String url(String param) {
            return C + path + "?" + (query.isEmpty() ? "" : query + "&") + param;
        }
    }

    private Path install(String name) throws Exception {
        boolean truncated = name.equals(NO_FINAL_NEWLINE);
        Path cfg = CorpusIT.install(dir, name,
                Files.readString(Fixtures.path("haproxy/" + (truncated ? "real-world.cfg" : name))));
        if (truncated) { // HAProxy refuses such a file ("Missing LF on last line"): the first write ends it
            String text = Files.readString(cfg);
            Files.writeString(cfg, text.substring(0, text.length() - 1));
        }
        return cfg;
    }

    @ParameterizedTest
    @MethodSource("files")
    void putWhatYouGetChangesNothingAndAChangeTouchesOnlyItsWords(String name) throws Exception {
        Path cfg = install(name);
        String original = Files.readString(cfg);
        try (ApiProcess api = ApiProcess.seedLike(dir, cfg)) {
            List<Target> targets = targets(api, null);
            assertTrue(targets.size() > 3, "the file lists objects: " + targets);
            JsonNode spec = new ObjectMapper().readTree(api.admin().get("/v2/specification").then().statusCode(200)
                    .extract().asString());
            List<String> undocumented = new ArrayList<>();
            for (Target t : targets) {
                documented(spec, t.label(), t.model(), dataSchema(spec, t.family()), undocumented);
            }
            assertEquals(List.of(), undocumented, "every object's fields are in our document, in its order and types");
            long version = api.configurationVersion();
            String tx = api.admin().post("/v2/services/haproxy/transactions?version=" + version).then()
                    .statusCode(201).extract().path("id");
            List<String> refused = new ArrayList<>();
            for (Target t : targets) {
                Response r = api.admin().body(t.model()).put(t.url("transaction_id=" + tx));
                if (r.statusCode() != 202) {
                    refused.add(t.label() + " " + t.model() + " -> " + r.statusCode() + " " + r.asString());
                }
            }
            Response commit = api.admin().put("/v2/services/haproxy/transactions/" + tx);
            assertEquals(List.of(), refused, "PUT of what GET returned is accepted");
            assertTrue(commit.statusCode() == 202 || commit.statusCode() == 200, "commit: " + commit.asString());
            String expected = name.equals(NO_FINAL_NEWLINE) ? original + "\n" : original;
            String written = withoutVersion(Files.readString(cfg));
            assertEquals(withoutVersion(expected), written, "the file is byte for byte as it was after "
                    + targets.size() + " PUTs; " + difference(withoutVersion(expected), written));
            assertEquals(targets.stream().map(Target::model).toList(),
                    targets(api, null).stream().map(Target::model).toList(), "and reads back the same");

            // one field changed per object: only its words change, on its own line (or one line added)
            List<String> wrong = new ArrayList<>();
            int changed = 0;
            for (Target t : targets) {
                Map.Entry<String, Object> change = CHANGES.get(t.family());
                if (change == null || change.getValue().equals(t.model().get(change.getKey()))) {
                    continue;
                }
                String before = withoutVersion(Files.readString(cfg));
                Map<String, Object> model = new LinkedHashMap<>(t.model());
                model.put(change.getKey(), change.getValue());
                Response r = api.admin().body(model).put(t.url("version=" + api.configurationVersion()));
                String after = withoutVersion(Files.readString(cfg));
                changed++;
                String problem = r.statusCode() != 202 ? "refused " + r.statusCode() + " " + r.asString()
                        : onlyItsWords(before, after, String.valueOf(t.model().getOrDefault(change.getKey(), "")),
                        String.valueOf(change.getValue()));
                if (problem != null) {
                    wrong.add(t.label() + " " + change + ": " + problem);
                }
            }
            assertEquals(List.of(), wrong, changed + " single-field changes");
            System.out.println("round trip " + name + ": " + targets.size() + " objects put back unchanged, " + changed
                    + " single-field changes");
            FileEffect.haproxyAccepts(cfg);
        }
    }

    /** The model a GET of one object of the family answers with (inside its {@code data}), in our document. */
    private static JsonNode dataSchema(JsonNode spec, String family) {
        String prefix = "/services/haproxy/configuration/" + family;
        JsonNode paths = spec.path("paths");
        for (var it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            if (path.equals(prefix) && family.equals("global") || path.startsWith(prefix + "/{")) {
                JsonNode answer = resolve(spec, paths.path(path).path("get").path("responses").path("200").path("schema"));
                return resolve(spec, answer.path("properties").path("data"));
            }
        }
        throw new AssertionError("no GET of one " + family + " in our document");
    }

    private static JsonNode resolve(JsonNode spec, JsonNode schema) {
        while (schema.has("$ref")) {
            schema = spec.path("definitions").path(schema.path("$ref").asText().substring("#/definitions/".length()));
        }
        return schema;
    }

    /** Whether a value read from the API is of its documented type, and an object's fields in documented order. */
    @SuppressWarnings("unchecked")
    private static void documented(JsonNode spec, String where, Object value, JsonNode schema, List<String> wrong) {
        schema = resolve(spec, schema);
        List<String> fields = new ArrayList<>(); // a composed model's parts in turn
        JsonNode properties = properties(spec, schema, fields);
        if (schema.path("type").asText("object").equals("object") && fields.isEmpty()) {
            return; // no shape documented yet (listed in not-documented.txt)
        }
        String type = schema.path("type").asText("object");
        String actual = value instanceof Map ? "object" : value instanceof List ? "array" : value instanceof Boolean
                ? "boolean" : value instanceof Number ? "integer" : "string";
        if (!type.equals(actual)) {
            wrong.add(where + " is " + actual + ", documented " + type);
        } else if (value instanceof Map<?, ?> map) {
            int last = -1;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                int at = fields.indexOf(e.getKey());
                if (at < 0) {
                    wrong.add(where + "." + e.getKey() + " is not documented");
                    continue;
                }
                if (at < last) {
                    wrong.add(where + "." + e.getKey() + " comes out of the documented order " + fields);
                }
                last = at;
                documented(spec, where + "." + e.getKey(), e.getValue(), properties.path(e.getKey()), wrong);
            }
        } else if (value instanceof List<?> items) {
            for (Object item : items) {
                documented(spec, where + "[]", item, schema.path("items"), wrong);
            }
        }
    }

    /** An object schema's properties, allOf parts merged; their names in written order go to {@code names}. */
    private static ObjectNode properties(JsonNode spec, JsonNode schema, List<String> names) {
        ObjectNode all = new ObjectMapper().createObjectNode();
        schema.path("properties").fields().forEachRemaining(f -> {
            names.add(f.getKey());
            all.set(f.getKey(), f.getValue());
        });
        for (JsonNode part : schema.path("allOf")) {
            all.setAll(properties(spec, resolve(spec, part), names));
        }
        return all;
    }

    /** Every section and every child the API lists for this file, as GET returns them. */
    private static List<Target> targets(ApiProcess api, String tx) {
        List<Target> out = new ArrayList<>();
        Map<String, List<String>> sectionNames = new LinkedHashMap<>();
        for (Map.Entry<String, Boolean> kind : SECTIONS.entrySet()) {
            List<Map<String, Object>> data = api.admin().get(C + kind.getKey()).then().statusCode(200)
                    .extract().path("data");
            List<String> names = new ArrayList<>();
            for (Map<String, Object> s : data) {
                names.add((String) s.get("name"));
                if (kind.getValue()) {
                    out.add(new Target(kind.getKey(), kind.getKey() + "/" + s.get("name"), "", s));
                }
            }
            sectionNames.put(kind.getKey(), names);
        }
        sectionNames.put("", List.of(""));
        out.add(new Target("global", "global", "", api.admin().get(C + "global").then().statusCode(200)
                .extract().path("data")));
        for (Family f : FAMILIES) {
            for (Map.Entry<String, String> parent : f.parents().entrySet()) {
                for (String parentName : sectionNames.get(parent.getValue())) {
                    // a family of one parent type names it by its own parameter (backend=be), as the official requires
                    String query = f.parents().size() == 1 ? parent.getKey() + "=" + parentName
                            : "parent_type=" + parent.getKey() + "&parent_name=" + parentName;
                    List<Map<String, Object>> data = api.admin().get(C + f.path() + "?" + query).then()
                            .statusCode(200).extract().path("data");
                    for (Map<String, Object> child : data) {
                        String id = f.id() == null ? String.valueOf(child.get("index")) : (String) child.get(f.id());
                        out.add(new Target(f.path(), f.path() + "/" + id, query, child));
                    }
                }
            }
        }
        return out;
    }

    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+|\\s+$");

    /**
     * Null when {@code after} differs from {@code before} by one line whose words are those of {@code before}'s
     * line with the old value's words replaced or one parameter added (spacing and order of the others kept), or by one line
     * added; else what differs.
     */
    static String onlyItsWords(String before, String after, String oldValue, String value) {
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
        if (removed.isEmpty() && added.size() == 1 && added.get(0).contains(value)) {
            return null;
        }
        if (removed.size() != 1 || added.size() != 1) {
            return "lines " + removed + " became " + added;
        }
        List<String> old = tokens(removed.get(0));
        List<String> now = tokens(added.get(0));
        int common = lcs(old, now);
        int dropped = old.size() - common;
        int gained = now.size() - common;
        if (dropped > Math.max(1, oldValue.split("\\s+").length) || gained > 2 || !added.get(0).contains(value)) {
            return "'" + removed.get(0) + "' became '" + added.get(0) + "'";
        }
        return null;
    }

    /** The lines that differ, for failure messages. */
    static String difference(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "<none>";
            String y = i < b.size() ? b.get(i) : "<none>";
            if (!x.equals(y)) {
                out.add("line " + (i + 1) + ": '" + x + "' became '" + y + "'");
            }
        }
        return out.size() > 12 ? String.join("\n", out.subList(0, 12)) + "\n..." : String.join("\n", out);
    }

    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(line);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static int lcs(List<String> x, List<String> y) {
        int[][] t = new int[x.size() + 1][y.size() + 1];
        for (int i = x.size() - 1; i >= 0; i--) {
            for (int j = y.size() - 1; j >= 0; j--) {
                t[i][j] = x.get(i).equals(y.get(j)) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
            }
        }
        return t[0][0];
    }

    private static String withoutVersion(String text) {
        return text.replaceAll("(?m)^# _version=\\d+(\\r?\\n|$)", "");
    }
}
