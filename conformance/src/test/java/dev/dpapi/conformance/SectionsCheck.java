package dev.dpapi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;

/**
 * Sections and their children, table-driven: a family is one line of data (its path, its parent, a body HAProxy
 * accepts, a change and the directive it must write). Every check reads haproxy.cfg, not only the answers.
 */
@Order(1)
class SectionsCheck {

    static final String C = "/v2/services/haproxy/configuration/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A family keyed by name. {@code line} is the directive that starts the object in haproxy.cfg (a section
     * header, or a child's line), a pattern where {@code %s} stands for the name; {@code change} a field set on
     * replace and {@code changed} the words it writes; {@code order} the model's field order (the generated
     * models' order) of the fields of {@code body}.
     */
    record Named(String family, String parent, String line, String key, Map<String, Object> body,
                 Map<String, Object> change, String changed, List<String> order) {
        String path() {
            return C + family;
        }

        String query() {
            return parent.isEmpty() ? "" : parent + "&";
        }

        /** The list's path, with the parent: what {@code assumeServed} probes. */
        String list() {
            return path() + (parent.isEmpty() ? "" : "?" + parent);
        }

        /** The path of object {@code name}, with the parent. */
        String item(String name) {
            return path() + "/" + name + (parent.isEmpty() ? "" : "?" + parent);
        }

        String name() {
            return (String) body.get(key);
        }

        boolean replaceable() {
            return change != null;
        }

        /** Whether the contract's model requires the key: every one but the bind's, which requires nothing. */
        boolean keyRequired() {
            return !family.equals("binds");
        }

        Map<String, Object> renamed(String suffix) {
            Map<String, Object> b = new LinkedHashMap<>(body);
            b.put(key, name() + suffix);
            return b;
        }

        @Override
        public String toString() {
            return family;
        }
    }

    static List<Named> named() {
        return List.of(
                new Named("backends", "", "backend %s", "name", ordered("name", "cc_be", "mode", "http"),
                        Map.of("mode", "tcp"), "mode tcp", List.of("mode", "name")),
                new Named("frontends", "", "frontend %s", "name", ordered("name", "cc_fe", "mode", "http"),
                        Map.of("maxconn", 77), "maxconn 77", List.of("mode", "name")),
                new Named("caches", "", "cache %s", "name", ordered("name", "cc_cache", "total_max_size", 4),
                        Map.of("total_max_size", 8), "total-max-size 8", List.of("name", "total_max_size")),
                new Named("rings", "", "ring %s", "name", ordered("name", "cc_ring", "size", 32768),
                        Map.of("size", 65536), "size 65536", List.of("name", "size")),
                new Named("programs", "", "program %s", "name", ordered("name", "cc_prog", "command", "/bin/true"),
                        Map.of("command", "/bin/false"), "command /bin/false", List.of("command", "name")),
                new Named("resolvers", "", "resolvers %s", "name", ordered("name", "cc_rs", "hold_valid", 5000),
                        Map.of("hold_valid", 7000), "hold valid 7000", List.of("hold_valid", "name")),
                new Named("userlists", "", "userlist %s", "name", ordered("name", "cc_ul"), null, null, List.of("name")),
                new Named("peer_section", "", "peers %s", "name", ordered("name", "cc_ps"), null, null, List.of("name")),
                // error_files is required by the contract's http_errors_section model
                new Named("http_errors_sections", "", "http-errors %s", "name", ordered("name", "cc_he",
                        "error_files", List.of(ordered("code", 503, "file", "/dev/null"))), null, null,
                        List.of("error_files", "name")),
                new Named("fcgi_apps", "", "fcgi-app %s", "name", ordered("name", "cc_fcgi", "docroot", "/var/www"),
                        Map.of("docroot", "/srv/www"), "docroot /srv/www", List.of("docroot", "name")),
                new Named("servers", "backend=be", "server %s", "name",
                        ordered("name", "cc_srv", "address", "127.0.0.1", "port", 9000, "weight", 10),
                        Map.of("weight", 20), "weight 20",
                        List.of("weight", "address", "name", "port")),
                new Named("binds", "frontend=fe", "bind \\S+ name %s", "name",
                        ordered("name", "cc_bind", "address", "127.0.0.1", "port", Seed.freePort()),
                        Map.of("maxconn", 33), "maxconn 33", List.of("name", "address", "port")),
                new Named("users", "userlist=ul", "user %s", "username",
                        ordered("username", "cc_user", "password", "secret", "secure_password", false),
                        Map.of("password", "other"), "insecure-password other",
                        List.of("password", "secure_password", "username")),
                new Named("nameservers", "resolver=rs", "nameserver %s", "name",
                        ordered("name", "cc_ns", "address", "127.0.0.1", "port", 5353),
                        Map.of("port", 5354), "127.0.0.1:5354", List.of("address", "name", "port")),
                new Named("mailer_entries", "mailers_section=ms", "mailer %s", "name",
                        ordered("name", "cc_mailer", "address", "127.0.0.1", "port", 2525),
                        Map.of("port", 2526), "127.0.0.1:2526", List.of("address", "name", "port")),
                new Named("peer_entries", "peer_section=ps", "peer %s", "name",
                        ordered("name", "cc_peer", "address", "127.0.0.1", "port", Seed.freePort()),
                        Map.of("port", 40999), "127.0.0.1:40999", List.of("address", "name", "port")));
    }

    @AfterAll
    static void stop() {
        Deployment.stopShared(SectionsCheck.class);
    }

    private static Deployment deployment(Target target) {
        return Deployment.shared(SectionsCheck.class, target, Seed.parents());
    }

    @Check(profile = Profile.CORE, family = "sections", rows = "named",
            source = "contract: POST, GET, PUT, DELETE /services/haproxy/configuration/{family}; BEHAVIOUR 2.4, 2.6, 3")
    @DisplayName("create, read, replace, delete by name, each one version, each written to haproxy.cfg")
    void crud(Target target, Named row) {
        Deployment d = deployment(target);
        d.api.assumeServed(row.list());
        long v = d.version();
        Response created = d.api.json(row.body()).post(row.path() + "?" + row.query() + "version=" + v);
        assertEquals(202, created.statusCode(), "POST: " + created.asString());
        assertTrue(created.header("Reload-ID") != null && !created.header("Reload-ID").isBlank(), "POST: a Reload-ID");
        assertTrue(hasObject(d.config(), row.line(), row.name()), "haproxy.cfg has " + row.line().formatted(row.name()));
        JsonNode read = json(d.api.admin().get(row.item(row.name()))
                .then().statusCode(200).extract().asString());
        assertEquals(v + 1, read.path("_version").asLong(), "GET: _version after the create");
        assertEquals(row.name(), read.path("data").path(row.key()).asText(), "GET: the object");
        if (row.replaceable()) {
            Map<String, Object> replaced = new LinkedHashMap<>(row.body());
            replaced.putAll(row.change());
            Response put = d.api.json(replaced).put(row.path() + "/" + row.name() + "?" + row.query() + "version=" + (v + 1));
            assertTrue(put.statusCode() == 202 || put.statusCode() == 200, "PUT: " + put.statusCode() + " " + put.asString());
            assertTrue(object(d.config(), row.line(), row.name()).contains(row.changed()),
                    "haproxy.cfg's " + row.line().formatted(row.name()) + " has `" + row.changed() + "`: " + object(d.config(), row.line(), row.name()));
            v++;
        }
        Response deleted = d.api.admin().delete(row.path() + "/" + row.name() + "?" + row.query() + "version=" + (v + 1));
        assertEquals(202, deleted.statusCode(), "DELETE: " + deleted.asString());
        assertFalse(hasObject(d.config(), row.line(), row.name()), "haproxy.cfg no longer has " + row.line().formatted(row.name()));
        d.api.admin().get(row.item(row.name()))
                .then().statusCode(404);
        assertEquals(v + 2, d.version(), "one version per change");
    }

    @Check(profile = Profile.CORE, family = "sections", rows = "named",
            source = "contract: the 404/409 responses of {family}; BEHAVIOUR 2.2 (codes 30, 31, 15), MISSING-MATRIX")
    @DisplayName("404 for a missing object, 409 for a duplicate and for an old version; nothing written")
    void missingDuplicateOutdated(Target target, Named row) {
        Deployment d = deployment(target);
        d.api.assumeServed(row.list());
        String suffix = "_r";
        Map<String, Object> body = row.renamed(suffix);
        String name = row.name() + suffix;
        String before = d.config();
        long v = d.version();
        Response missing = d.api.admin().get(row.item(name));
        assertEquals(404, missing.statusCode(), "GET of a missing object: " + missing.asString());
        if (!missing.asString().isBlank()) { // users, groups, captures: 404 with an empty body (MISSING-MATRIX)
            assertEquals(404, missing.jsonPath().getInt("code"), missing.asString());
            assertTrue(missing.jsonPath().getString("message").contains("does not exist"),
                    "the message says the object does not exist: " + missing.asString());
        }
        d.api.admin().delete(row.path() + "/" + name + "?" + row.query() + "version=" + v).then().statusCode(404);
        Response stale = d.api.json(body).post(row.path() + "?" + row.query() + "version=" + (v + 7));
        assertEquals(409, stale.statusCode(), "POST with a version that is not the current one: " + stale.asString());
        assertEquals(409, stale.jsonPath().getInt("code"), "the error body's code");
        assertEquals(before, d.config(), "nothing written by the refused requests");
        Response ok = d.api.json(body).post(row.path() + "?" + row.query() + "version=" + v);
        assertEquals(202, ok.statusCode(), "the same POST with the current version: " + ok.asString());
        Response duplicate = d.api.json(body).post(row.path() + "?" + row.query() + "version=" + (v + 1));
        assertEquals(409, duplicate.statusCode(), "POST of an existing object: " + duplicate.asString());
        assertTrue(duplicate.jsonPath().getString("message").contains("already exists"), duplicate.asString());
        assertEquals(1, count(d.config(), row.line(), name), "one " + row.line().formatted(name) + " in haproxy.cfg");
        d.api.admin().delete(row.path() + "/" + name + "?" + row.query() + "version=" + (v + 1)).then().statusCode(202);
    }

    @Check(profile = Profile.CORE, family = "sections", rows = "named",
            source = "contract: body schema of {family}; BEHAVIOUR 2.1 (400 undecodable, 422 schema)")
    @DisplayName("400 for a body that is not JSON, 422 for a body without its required key; nothing written")
    void badBodies(Target target, Named row) {
        Deployment d = deployment(target);
        d.api.assumeServed(row.list());
        String before = d.config();
        long v = d.version();
        Response garbled = d.api.admin().contentType("application/json").body("{\"" + row.key() + "\": ")
                .post(row.path() + "?" + row.query() + "version=" + v);
        assertEquals(400, garbled.statusCode(), "a body cut in the middle: " + garbled.asString());
        if (row.keyRequired()) {
            Map<String, Object> keyless = new HashMap<>(row.body());
            keyless.remove(row.key());
            Response missing = d.api.json(keyless).post(row.path() + "?" + row.query() + "version=" + v);
            assertRequired(row.key(), missing);
        }
        assertEquals(before, d.config(), "nothing written");
        assertEquals(v, d.version(), "no version spent");
    }

    /** The validator's refusal of a body without a required property: 422, code 602, the property named. */
    private static void assertRequired(String property, Response answer) {
        assertEquals(422, answer.statusCode(), "a body without " + property + ": " + answer.asString());
        assertEquals(json("{\"code\":602,\"message\":\"" + property + " in body is required\"}"), json(answer.asString()),
                "the validator's error body");
    }

    /** The families replaced by a key their model requires. */
    static List<Named> replacedByRequiredKey() {
        return named().stream().filter(r -> r.replaceable() && r.keyRequired()).toList();
    }

    @Check(profile = Profile.CORE, family = "sections", rows = "replacedByRequiredKey",
            source = "contract: PUT body schema of {family} (its key required); BEHAVIOUR 2.1 (422 schema, first error)")
    @DisplayName("a replacement without its key is refused 422 before anything else, whatever the path names; "
            + "nothing written; the same body with its key is taken")
    void replaceWithoutKey(Target target, Named row) {
        Deployment d = deployment(target);
        d.api.assumeServed(row.list());
        String name = row.name() + "_k";
        Map<String, Object> body = row.renamed("_k");
        d.api.json(body).post(row.path() + "?" + row.query() + "version=" + d.version()).then().statusCode(202);
        try {
            String before = d.config();
            long v = d.version();
            Map<String, Object> keyless = new HashMap<>(body);
            keyless.remove(row.key());
            String put = row.path() + "/" + name + "?" + row.query() + "version=";
            assertRequired(row.key(), d.api.json(keyless).put(put + v));
            assertRequired(row.key(), d.api.json(keyless).put(put + "x"));
            assertEquals(before, d.config(), "nothing written");
            assertEquals(v, d.version(), "no version spent");
            Response taken = d.api.json(body).put(put + v);
            assertTrue(taken.statusCode() == 202 || taken.statusCode() == 200, "the same PUT with its key: "
                    + taken.statusCode() + " " + taken.asString());
        } finally {
            d.api.admin().delete(row.path() + "/" + name + "?" + row.query() + "version=" + d.version());
        }
    }

    @Check(profile = Profile.CORE, family = "sections", rows = "named",
            source = "contract: the model of {family} (generated field order); BEHAVIOUR 2.3")
    @DisplayName("a read object's fields come in the model's order")
    void fieldOrder(Target target, Named row) {
        Deployment d = deployment(target);
        d.api.assumeServed(row.list());
        String name = row.name() + "_o";
        d.api.json(row.renamed("_o")).post(row.path() + "?" + row.query() + "version=" + d.version()).then().statusCode(202);
        try {
            String read = d.api.admin().get(row.item(name))
                    .then().statusCode(200).extract().asString();
            List<String> keys = new ArrayList<>();
            json(read).path("data").fieldNames().forEachRemaining(keys::add);
            keys.retainAll(row.order());
            assertEquals(row.order(), keys, "field order of " + read);
        } finally {
            d.api.admin().delete(row.path() + "/" + name + "?" + row.query() + "version=" + d.version());
        }
    }

    static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** How many lines of the file are {@code line} (indentation aside). */
    static long occurrences(String config, String line) {
        return lines(config).stream().filter(line::equals).count();
    }

    /** The file's lines, stripped of indentation. */
    static List<String> lines(String config) {
        return config.lines().map(String::strip).toList();
    }

    /** The object's first line: {@code line} a pattern with %s for the name ({@code backend %s}, {@code bind \S+ name %s}). */
    private static Pattern header(String line, String name) {
        if (!line.contains("%s")) {
            throw new IllegalArgumentException("a line pattern names the object with %s: " + line);
        }
        return Pattern.compile("^\\s*" + line.replace(" ", "\\s+").formatted(Pattern.quote(name)) + "(\\s.*)?$");
    }

    static boolean hasObject(String config, String keyword, String name) {
        return count(config, keyword, name) > 0;
    }

    static long count(String config, String keyword, String name) {
        Pattern p = header(keyword, name);
        return config.lines().filter(l -> p.matcher(l).matches()).count();
    }

    /** The object's text: a child's line, or a section's header and its indented lines. */
    static String object(String config, String keyword, String name) {
        Pattern p = header(keyword, name);
        StringBuilder out = new StringBuilder();
        boolean in = false;
        for (String line : config.lines().toList()) {
            if (p.matcher(line).matches()) {
                out.append(line).append('\n');
                in = !Character.isWhitespace(line.isEmpty() ? 'x' : line.charAt(0));
            } else if (in && (line.isEmpty() || Character.isWhitespace(line.charAt(0)))) {
                out.append(line).append('\n');
            } else {
                in = false;
            }
        }
        return out.toString();
    }
}
