package dev.dpapi.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

/** What HAProxy refuses, and the qualities beyond the contract: lossless edits, runtime changes, restore. */
class ConfigurationCheck {

    private static final String C = SectionsCheck.C;
    private static final String RELOAD_SCRIPT = "/usr/local/bin/reload";
    private static final String OPERATOR_LINES = """

            # a comment of the operator's
            backend kept
                # indented note
                server k1 127.0.0.1:9001   weight 3
            \tbalance   roundrobin
            """;

    @AfterAll
    static void stop() {
        Deployment.stopShared(ConfigurationCheck.class);
    }

    private static Deployment deployment(Target target) {
        return Deployment.shared(ConfigurationCheck.class, target, OPERATOR_LINES);
    }

    @Check(profile = Profile.CORE, family = "sections", source = "contract: POST servers 400; BEHAVIOUR 4.4 (validation, code 14), 10.14 (failed transaction)")
    @DisplayName("what HAProxy rejects is refused with 400, and nothing is written")
    void refused(Target target) {
        Deployment d = deployment(target);
        long v = d.version();
        String before = d.config();
        String failed = "/v2/services/haproxy/transactions?status=failed";
        int failedBefore = d.api.admin().get(failed).then().statusCode(200).extract().path("size()");
        d.api.json(Map.of("name", "bad", "address", "999.999.999.999", "port", 80))
                .post(C + "servers?backend=be&version=" + v).then().statusCode(400).body("code", equalTo(400));
        assertEquals(before, d.config());
        assertEquals(v, d.version());
        assertEquals(failedBefore + 1, (int) d.api.admin().get(failed).then().statusCode(200).extract().path("size()"),
                "the refused change is listed as a failed transaction (BEHAVIOUR 10.14)");
        d.api.json(Map.of("name", "good", "address", "127.0.0.1", "port", 80))
                .post(C + "servers?backend=be&version=" + v).then().statusCode(202);
        assertTrue(SectionsCheck.hasObject(d.config(), "server %s", "good"), "the same request, made valid, is written");
    }

    @Check(profile = Profile.CORE, family = "sections", source = "BEHAVIOUR 2.3 (type mismatch: 400 parsing data body)")
    @DisplayName("a body that is JSON but no object cannot be decoded into the model: 400, and nothing is written")
    void bodyThatIsNoObject(Target target) {
        Deployment d = deployment(target);
        long v = d.version();
        String before = d.config();
        d.api.json("\"decoded\"").post(C + "backends?version=" + v).then().statusCode(400).body("code", equalTo(400))
                .body("message", equalTo("parsing data body from \"\" failed, because json: cannot unmarshal string "
                        + "into Go value of type models.Backend"));
        d.api.json("[{\"name\":\"decoded\"}]").post(C + "backends?version=" + v).then().statusCode(400)
                .body("message", equalTo("parsing data body from \"\" failed, because json: cannot unmarshal array "
                        + "into Go value of type models.Backend"));
        assertEquals(before, d.config());
        assertEquals(v, d.version());
        d.api.json("{\"name\":\"decoded\"}").post(C + "backends?version=" + v).then().statusCode(202);
        assertTrue(SectionsCheck.hasObject(d.config(), "backend %s", "decoded"), "the same backend, as an object, is written");
    }

    @Check(profile = Profile.EXTENDED, family = "lossless", source = "promise: PUT what you GET changes nothing; edits keep comments, order and spacing")
    @DisplayName("an edit keeps every line it does not touch, in order, byte for byte")
    void lossless(Target target) {
        Deployment d = deployment(target);
        List<String> before = untouched(d.config());
        d.api.json(Map.of("name", "added", "address", "127.0.0.1", "port", 9002))
                .post(C + "servers?backend=be&version=" + d.version()).then().statusCode(202);
        List<String> after = new ArrayList<>(untouched(d.config()));
        after.removeIf(l -> l.matches("\\s*server added .*"));
        assertEquals(before, after, "the lines other than the new server and the version comments");
    }

    @Check(profile = Profile.EXTENDED, family = "lossless", source = "promise: PUT what you GET changes nothing")
    @DisplayName("a PUT of exactly what GET returned leaves haproxy.cfg byte for byte")
    void putWhatYouGet(Target target) {
        Deployment d = deployment(target);
        String before = d.config();
        for (String path : List.of("backends/kept", "servers/k1?backend=kept", "frontends/fe")) {
            Map<String, Object> data = d.api.admin().get(C + path).then().statusCode(200).extract().path("data");
            d.api.json(data).put(C + path + (path.contains("?") ? "&" : "?") + "version=" + d.version())
                    .then().statusCode(org.hamcrest.Matchers.oneOf(200, 202));
        }
        assertEquals(untouched(before), untouched(d.config()));
    }

    /** The file without the API's own bookkeeping comments (# _version, # _md5hash). */
    static List<String> untouched(String config) {
        return config.lines().filter(l -> !l.startsWith("# _version") && !l.startsWith("# _md5hash")).toList();
    }

    @Check(profile = Profile.EXTENDED, family = "runtime", source = "promise: a frontend maxconn goes through the Runtime API (BEHAVIOUR 6.3 for v2.8's own rule)")
    @DisplayName("a frontend maxconn change is applied through the Runtime API, without a reload")
    void maxconnAtRuntime(Target target) {
        Deployment d = deployment(target);
        Map<String, Object> fe = new HashMap<>(d.api.admin().get(C + "frontends/fe").then().statusCode(200).extract().path("data"));
        fe.put("maxconn", 321);
        int loads = d.haproxy.loadCount();
        d.api.json(fe).put(C + "frontends/fe?version=" + d.version())
                .then().statusCode(200).header("Reload-ID", nullValue());
        String stats = d.runtime("show stat");
        List<String> columns = List.of(stats.lines().findFirst().orElseThrow().substring(2).split(","));
        String[] row = stats.lines().filter(l -> l.startsWith("fe,FRONTEND,")).findFirst().orElseThrow().split(",");
        assertEquals("321", row[columns.indexOf("slim")], "the running HAProxy's frontend limit");
        assertTrue(SectionsCheck.object(d.config(), "frontend %s", "fe").contains("maxconn 321"), "and the file has it");
        assertEquals(loads, d.haproxy.loadCount(), "HAProxy was not reloaded");
    }

    @Check(profile = Profile.EXTENDED, family = "reloads", source = "promise: last-known-good restore after a failed reload")
    @DisplayName("a reload that fails is reported (400 Reload failed) and the last working haproxy.cfg is put back")
    void failedReloadRestores(Target target) {
        String script = "#!/bin/sh\n! grep -q broken_be " + HaproxyContainer.CONFIG + " && kill -USR2 1\n";
        try (Deployment d = Deployment.start(target, "", s -> s.withReloadCommand(RELOAD_SCRIPT),
                c -> c.withFile(RELOAD_SCRIPT, script, 0755))) {
            d.api.json(Map.of("name", "good_be"))
                    .post(C + "backends?version=" + d.version() + "&force_reload=true").then().statusCode(201);
            d.api.json(Map.of("name", "broken_be"))
                    .post(C + "backends?version=" + d.version() + "&force_reload=true").then().statusCode(400)
                    .body("message", startsWith("Reload failed"));
            String file = d.config();
            assertTrue(SectionsCheck.hasObject(file, "backend %s", "good_be") && !file.contains("broken_be"), file);
        }
    }
}
