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

    /** Runs {@code check} against the implementation installed the guide's way on a fresh container. */
    private static void withApi(String image, String extraConfig, Consumer<Setup> check) {
        int port = Seed.freePort();
        try (HaproxyContainer haproxy = new HaproxyContainer(image)
                .withHaproxyConfig(Seed.haproxyConfig(Seed.freePort(), extraConfig))
                .withFile(Seed.SETTINGS_HCL, Seed.withReloadCommand(Seed.hcl(port), "kill -SIGUSR2 1"), 0644)) {
            haproxy.start();
            Tarball.underTest().install(haproxy);
            check.accept(new Setup(haproxy, ApiUnderTest.start(haproxy, "dataplaneapi -f " + Seed.SETTINGS_HCL, port)));
        }
    }

    private record Setup(HaproxyContainer haproxy, ApiUnderTest api) {
        long version() {
            return Long.parseLong(api.admin().get(C + "version").then().statusCode(200).extract().asString().strip());
        }
    }

    @Check
    @DisplayName("configuration: versioned create, read, replace and delete of a backend and a server")
    void crud(String image) {
        withApi(image, "", s -> {
            long v = s.version();
            s.api().admin().contentType("application/json").body(Map.of("name", "cc_be", "mode", "http"))
                    .post(C + "backends?version=" + (v + 5)).then().statusCode(409).body("code", equalTo(409));
            s.api().admin().contentType("application/json").body(Map.of("name", "cc_be", "mode", "http"))
                    .post(C + "backends?version=" + v).then().statusCode(202).header("Reload-ID", matchesPattern(".+"));
            s.api().admin().get(C + "backends/cc_be").then().statusCode(200)
                    .body("_version", equalTo((int) v + 1)).body("data.name", equalTo("cc_be"));
            s.api().admin().contentType("application/json")
                    .body(Map.of("name", "cc_srv", "address", "127.0.0.1", "port", 9000))
                    .post(C + "servers?backend=cc_be&version=" + (v + 1)).then().statusCode(202);
            s.api().admin().get(C + "servers?backend=cc_be").then().body("data.name", hasItem("cc_srv"));
            s.api().admin().contentType("application/json").body(Map.of("name", "cc_be", "mode", "tcp"))
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
                s.api().admin().contentType("application/json").body(Map.of("name", name))
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
            s.api().admin().contentType("application/json")
                    .body(Map.of("name", "bad", "address", "999.999.999.999", "port", 80))
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
            s.api().admin().contentType("application/json")
                    .body(Map.of("name", "added", "address", "127.0.0.1", "port", 9002))
                    .post(C + "servers?backend=be&version=" + s.version()).then().statusCode(202);
            String after = s.haproxy().readFile(HaproxyContainer.CONFIG);
            for (String line : before.lines().filter(l -> !l.startsWith("# _version")).toList()) {
                assertTrue(after.contains(line + "\n"), "line '" + line + "' changed or moved out:\n" + after);
            }
        });
    }
}
