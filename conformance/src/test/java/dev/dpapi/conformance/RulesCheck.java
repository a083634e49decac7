package dev.dpapi.conformance;

import static dev.dpapi.conformance.SectionsCheck.C;
import static dev.dpapi.conformance.SectionsCheck.json;
import static dev.dpapi.conformance.SectionsCheck.lines;
import static dev.dpapi.conformance.SectionsCheck.occurrences;
import static dev.dpapi.conformance.SectionsCheck.ordered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;

/**
 * Rule families keyed by index inside a section, table-driven like {@link SectionsCheck}: a family is one line of
 * data (its path and parent, a body and the line it writes, a replacement and its line, the model's field order).
 */
@Order(2)
class RulesCheck {

    /**
     * A family keyed by index inside a parent: {@code body} must write {@code line}, {@code change} (a whole new
     * body) must write {@code changed}.
     */
    record Indexed(String family, String parent, Map<String, Object> body, String line, Map<String, Object> change,
                   String changed, List<String> order) {
        String path() {
            return C + family;
        }

        @Override
        public String toString() {
            return family;
        }
    }

    static List<Indexed> indexed() {
        String fe = "parent_type=frontend&parent_name=fe";
        String be = "parent_type=backend&parent_name=be";
        return List.of(
                new Indexed("acls", fe, ordered("acl_name", "cc_acl", "criterion", "src", "value", "127.0.0.1"),
                        "acl cc_acl src 127.0.0.1", ordered("acl_name", "cc_acl", "criterion", "src", "value", "127.0.0.2"),
                        "acl cc_acl src 127.0.0.2", List.of("acl_name", "criterion", "index", "value")),
                new Indexed("http_request_rules", fe, ordered("type", "deny"), "http-request deny",
                        ordered("type", "allow"), "http-request allow", List.of("index", "type")),
                new Indexed("http_response_rules", fe, ordered("type", "del-header", "hdr_name", "X-cc"),
                        "http-response del-header X-cc", ordered("type", "del-header", "hdr_name", "X-dd"),
                        "http-response del-header X-dd", List.of("hdr_name", "index", "type")),
                new Indexed("tcp_request_rules", fe, ordered("type", "connection", "action", "accept"),
                        "tcp-request connection accept", ordered("type", "connection", "action", "reject"),
                        "tcp-request connection reject", List.of("action", "index", "type")),
                new Indexed("backend_switching_rules", "frontend=fe", ordered("name", "be", "cond", "if", "cond_test", "TRUE"),
                        "use_backend be if TRUE", ordered("name", "be", "cond", "unless", "cond_test", "FALSE"),
                        "use_backend be unless FALSE", List.of("cond", "cond_test", "index", "name")),
                new Indexed("server_switching_rules", "backend=be", ordered("target_server", "s1", "cond", "if", "cond_test", "TRUE"),
                        "use-server s1 if TRUE", ordered("target_server", "s1", "cond", "unless", "cond_test", "FALSE"),
                        "use-server s1 unless FALSE", List.of("cond", "cond_test", "index", "target_server")),
                new Indexed("log_targets", fe, ordered("address", "127.0.0.1:514", "facility", "local0"),
                        "log 127.0.0.1:514 local0", ordered("address", "127.0.0.1:515", "facility", "local1"),
                        "log 127.0.0.1:515 local1", List.of("address", "facility", "index")),
                new Indexed("http_checks", be, ordered("type", "send-state"), "http-check send-state",
                        ordered("type", "disable-on-404"), "http-check disable-on-404", List.of("index", "type")),
                new Indexed("filters", be, ordered("type", "trace", "trace_name", "cc"), "filter trace name cc",
                        ordered("type", "trace", "trace_name", "dd"), "filter trace name dd",
                        List.of("index", "trace_name", "type")));
    }

    @AfterAll
    static void stop() {
        Deployment.stopShared(RulesCheck.class);
    }

    private static Deployment deployment(Target target) {
        return Deployment.shared(RulesCheck.class, target, Seed.parents());
    }

    @Check(profile = Profile.CORE, family = "rules",
            source = "contract: GET log_targets (parent_name optional); BEHAVIOUR 8.4 (missing parent_name: 400)")
    @DisplayName("log targets of a frontend without parent_name: 400, not a validator's 422; named, 200")
    void logTargetsNeedTheParentName(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(C + "log_targets?parent_type=frontend&parent_name=fe");
        Response r = d.api.admin().get(C + "log_targets?parent_type=frontend");
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("parent_name in query is required", r.jsonPath().getString("message"));
        d.api.admin().get(C + "log_targets?parent_type=frontend&parent_name=fe").then().statusCode(200);
    }

    @Check(profile = Profile.CORE, family = "rules", rows = "indexed",
            source = "contract: POST, GET, PUT, DELETE /services/haproxy/configuration/{family}[/{index}]; BEHAVIOUR 8.4")
    @DisplayName("create, read, replace, delete by index, written in place in haproxy.cfg")
    void indexedCrud(Target target, Indexed row) {
        Deployment d = deployment(target);
        d.api.assumeServed(row.path() + "?" + row.parent());
        long v = d.version();
        long lines = occurrences(d.config(), row.line());
        long changedLines = occurrences(d.config(), row.changed());
        Map<String, Object> body = withIndex(row.body(), 0);
        Response created = d.api.json(body).post(row.path() + "?" + row.parent() + "&version=" + v);
        assertEquals(202, created.statusCode(), "POST: " + created.asString());
        assertEquals(lines + 1, occurrences(d.config(), row.line()), "haproxy.cfg has one more `" + row.line() + "`");
        d.api.admin().get(row.path() + "/0?" + row.parent()).then().statusCode(200)
                .body("_version", org.hamcrest.Matchers.equalTo((int) v + 1))
                .body("data.index", org.hamcrest.Matchers.equalTo(0));
        Response put = d.api.json(withIndex(row.change(), 0)).put(row.path() + "/0?" + row.parent() + "&version=" + (v + 1));
        assertEquals(202, put.statusCode(), "PUT: " + put.asString());
        String after = d.config();
        assertTrue(occurrences(after, row.changed()) == changedLines + 1 && occurrences(after, row.line()) == lines,
                "haproxy.cfg has `" + row.changed() + "` in place of `" + row.line() + "`");
        Response deleted = d.api.admin().delete(row.path() + "/0?" + row.parent() + "&version=" + (v + 2));
        assertEquals(202, deleted.statusCode(), "DELETE: " + deleted.asString());
        assertEquals(changedLines, occurrences(d.config(), row.changed()), "haproxy.cfg no longer has the new `" + row.changed() + "`");
        assertEquals(v + 3, d.version());
    }

    @Check(profile = Profile.CORE, family = "rules", rows = "indexed",
            source = "contract: index parameter of {family}; BEHAVIOUR 2.2 (code 30 `Object <i> does not exist`)")
    @DisplayName("index semantics: a create at 0 inserts before, a delete shifts up; a missing index is 404")
    void indexSemantics(Target target, Indexed row) {
        Deployment d = deployment(target);
        d.api.assumeServed(row.path() + "?" + row.parent());
        long v = d.version();
        int existing = d.api.admin().get(row.path() + "?" + row.parent()).then().statusCode(200)
                .extract().jsonPath().getList("data").size();
        long lines = occurrences(d.config(), row.line());
        d.api.admin().get(row.path() + "/" + (existing + 9) + "?" + row.parent()).then().statusCode(404)
                .body("code", org.hamcrest.Matchers.equalTo(404));
        d.api.json(withIndex(row.body(), 0)).post(row.path() + "?" + row.parent() + "&version=" + v).then().statusCode(202);
        d.api.json(withIndex(row.change(), 0)).post(row.path() + "?" + row.parent() + "&version=" + (v + 1)).then().statusCode(202);
        List<String> file = lines(d.config());
        assertTrue(file.indexOf(row.changed()) >= 0 && file.indexOf(row.changed()) < file.indexOf(row.line()),
                "the second create, at index 0, is written before the first");
        d.api.admin().get(row.path() + "/1?" + row.parent()).then().statusCode(200)
                .body("data.index", org.hamcrest.Matchers.equalTo(1));
        d.api.admin().delete(row.path() + "/0?" + row.parent() + "&version=" + (v + 2)).then().statusCode(202);
        assertEquals(lines + 1, occurrences(d.config(), row.line()), "index 0 deleted, the first one kept");
        d.api.admin().get(row.path() + "/" + (existing + 1) + "?" + row.parent()).then().statusCode(404);
        d.api.admin().delete(row.path() + "/0?" + row.parent() + "&version=" + (v + 3)).then().statusCode(202);
        assertEquals(lines, occurrences(d.config(), row.line()), "and the first one, now at index 0");
    }

    @Check(profile = Profile.CORE, family = "rules", rows = "indexed",
            source = "contract: the model of {family} (generated field order); BEHAVIOUR 2.3")
    @DisplayName("a read rule's fields come in the model's order")
    void indexedFieldOrder(Target target, Indexed row) {
        Deployment d = deployment(target);
        d.api.assumeServed(row.path() + "?" + row.parent());
        d.api.json(withIndex(row.body(), 0)).post(row.path() + "?" + row.parent() + "&version=" + d.version()).then().statusCode(202);
        try {
            String read = d.api.admin().get(row.path() + "/0?" + row.parent()).then().statusCode(200).extract().asString();
            List<String> keys = new ArrayList<>();
            json(read).path("data").fieldNames().forEachRemaining(keys::add);
            keys.retainAll(row.order());
            assertEquals(row.order(), keys, "field order of " + read);
        } finally {
            d.api.admin().delete(row.path() + "/0?" + row.parent() + "&version=" + d.version());
        }
    }

    static Map<String, Object> withIndex(Map<String, Object> body, int index) {
        Map<String, Object> b = new LinkedHashMap<>(body);
        b.put("index", index);
        return b;
    }

}
