package dev.dpapi.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

/** The configuration API as a user drives it: versions, CRUD, transactions, refusals, and what the file keeps. */
class ConfigurationCheck {

    private static final String C = "/v2/services/haproxy/configuration/";
    private static final String RELOAD_SCRIPT = "/usr/local/bin/reload";

    /** Runs {@code check} against the implementation installed the guide's way on a fresh container. */
    private static void withApi(String image, String extraConfig, Consumer<Setup> check) {
        withApi(image, extraConfig, "kill -SIGUSR2 1", "", check);
    }

    /** The same with another reload command, and a script it may call installed at {@code /usr/local/bin/reload}. */
    private static void withApi(String image, String extraConfig, String reloadCommand, String reloadScript,
                                Consumer<Setup> check) {
        int port = Seed.freePort();
        try (HaproxyContainer haproxy = new HaproxyContainer(image)
                .withHaproxyConfig(Seed.haproxyConfig(Seed.freePort(), extraConfig))
                .withFile(RELOAD_SCRIPT, "#!/bin/sh\n" + reloadScript, 0755)
                .withFile(Seed.SETTINGS_HCL, Seed.withReloadCommand(Seed.hcl(port), reloadCommand), 0644)) {
            haproxy.start();
            Tarball.underTest().install(haproxy);
            check.accept(new Setup(haproxy, ApiUnderTest.start(haproxy, "dataplaneapi -f " + Seed.SETTINGS_HCL, port)));
        }
    }

    private record Setup(HaproxyContainer haproxy, ApiUnderTest api) {
        long version() {
            return api.configurationVersion();
        }
    }

    @Check
    @DisplayName("configuration: versioned create, read, replace and delete of a backend and a server")
    void crud(String image) {
        withApi(image, "", s -> {
            long v = s.version();
            s.api().json(Map.of("name", "cc_be", "mode", "http"))
                    .post(C + "backends?version=" + (v + 5)).then().statusCode(409).body("code", equalTo(409));
            s.api().json(Map.of("name", "cc_be", "mode", "http"))
                    .post(C + "backends?version=" + v).then().statusCode(202).header("Reload-ID", matchesPattern(".+"));
            s.api().admin().get(C + "backends/cc_be").then().statusCode(200)
                    .body("_version", equalTo((int) v + 1)).body("data.name", equalTo("cc_be"));
            s.api().json(Map.of("name", "cc_srv", "address", "127.0.0.1", "port", 9000))
                    .post(C + "servers?backend=cc_be&version=" + (v + 1)).then().statusCode(202);
            s.api().admin().get(C + "servers?backend=cc_be").then().body("data.name", hasItem("cc_srv"));
            s.api().json(Map.of("name", "cc_be", "mode", "tcp"))
                    .put(C + "backends/cc_be?version=" + (v + 2)).then().statusCode(202);
            s.api().admin().get(C + "backends/cc_be").then().body("data.mode", equalTo("tcp"));
            s.api().admin().delete(C + "backends/cc_be?version=" + (v + 3)).then().statusCode(202);
            s.api().admin().get(C + "backends/cc_be").then().statusCode(404).body("code", equalTo(404));
            assertEquals(v + 4, s.version());
        });
    }

    @Check
    @DisplayName("configuration: a transaction stages changes and commits them with one version bump")
    void transaction(String image) {
        withApi(image, "", s -> {
            long v = s.version();
            String id = s.api().admin().post("/v2/services/haproxy/transactions?version=" + v).then().statusCode(201)
                    .body("status", equalTo("in_progress")).extract().path("id");
            for (String name : new String[] {"tx_a", "tx_b"}) {
                s.api().json(Map.of("name", name))
                        .post(C + "backends?transaction_id=" + id).then().statusCode(202);
            }
            s.api().admin().get(C + "backends").then().body("data.name", not(hasItem("tx_a")));
            s.api().admin().put("/v2/services/haproxy/transactions/" + id).then().statusCode(202)
                    .body("status", equalTo("success"));
            s.api().admin().get(C + "backends").then().body("data.name", hasItem("tx_a")).body("data.name", hasItem("tx_b"));
            assertEquals(v + 1, s.version());
        });
    }

    @Check
    @DisplayName("configuration: what HAProxy rejects is refused with 400 and nothing is written")
    void refused(String image) {
        withApi(image, "", s -> {
            long v = s.version();
            String before = s.haproxy().readFile(HaproxyContainer.CONFIG);
            s.api().json(Map.of("name", "bad", "address", "999.999.999.999", "port", 80))
                    .post(C + "servers?backend=be&version=" + v).then().statusCode(400).body("code", equalTo(400));
            assertEquals(before, s.haproxy().readFile(HaproxyContainer.CONFIG));
            assertEquals(v, s.version());
        });
    }

    @Check
    @DisplayName("configuration: an edit keeps comments and the lines it does not touch (lossless)")
    void lossless(String image) {
        withApi(image, "\n# a comment of the operator's\nbackend kept\n    # indented note\n    server k1 127.0.0.1:9001\n", s -> {
            String before = s.haproxy().readFile(HaproxyContainer.CONFIG);
            s.api().json(Map.of("name", "added", "address", "127.0.0.1", "port", 9002))
                    .post(C + "servers?backend=be&version=" + s.version()).then().statusCode(202);
            String after = s.haproxy().readFile(HaproxyContainer.CONFIG);
            for (String line : before.lines().filter(l -> !l.startsWith("# _version")).toList()) {
                assertTrue(after.contains(line + "\n"), "line '" + line + "' changed or moved out:\n" + after);
            }
        });
    }

    @Check
    @DisplayName("configuration: a frontend maxconn change goes through the Runtime API, without a reload")
    void maxconnAtRuntime(String image) {
        withApi(image, "", s -> {
            Map<String, Object> fe = new java.util.HashMap<>(
                    s.api().admin().get(C + "frontends/fe").then().statusCode(200).extract().path("data"));
            fe.put("maxconn", 321);
            s.api().json(fe).put(C + "frontends/fe?version=" + s.version())
                    .then().statusCode(200).header("Reload-ID", org.hamcrest.Matchers.nullValue());
            String stats = s.haproxy().runtime(Seed.SOCKET, "show stat");
            java.util.List<String> columns = java.util.List.of(stats.lines().findFirst().orElseThrow().substring(2).split(","));
            String[] row = stats.lines().filter(l -> l.startsWith("fe,FRONTEND,")).findFirst().orElseThrow().split(",");
            assertEquals("321", row[columns.indexOf("slim")], "the running HAProxy's frontend limit");
            assertTrue(s.haproxy().readFile(HaproxyContainer.CONFIG).contains("maxconn 321"), "and the file has it");
        });
    }

    @Check
    @DisplayName("configuration: a reload that fails puts the last working haproxy.cfg back")
    void failedReloadRestores(String image) {
        withApi(image, "", RELOAD_SCRIPT, "! grep -q broken_be " + HaproxyContainer.CONFIG + " && kill -USR2 1\n", s -> {
            s.api().json(Map.of("name", "good_be"))
                    .post(C + "backends?version=" + s.version() + "&force_reload=true").then().statusCode(201);
            s.api().json(Map.of("name", "broken_be"))
                    .post(C + "backends?version=" + s.version() + "&force_reload=true").then().statusCode(400)
                    .body("message", org.hamcrest.Matchers.startsWith("Reload failed"));
            String file = s.haproxy().readFile(HaproxyContainer.CONFIG);
            assertTrue(file.contains("backend good_be") && !file.contains("broken_be"), file);
        });
    }
}
