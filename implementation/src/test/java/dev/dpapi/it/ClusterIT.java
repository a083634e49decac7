package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * /cluster on a node in single mode, the only mode this server runs in. Joining needs HAProxy's proprietary central
 * API: the key's central API is dialled for real; a closed port stands for an API that cannot be reached, and a
 * plain listening socket in this test for one that can (this server has no client for its protocol).
 */
class ClusterIT {

    private static final String CLUSTER = "/v2/cluster";

    @AutoClose
    final ConfigStage stage = ConfigStage.started();

    private static String key(String address, int port) {
        String json = "{\"address\":\"" + address + "\",\"port\":\"" + port + "\",\"schema\":\"https\","
                + "\"api-base-path\":\"/v1\",\"register-path\":\"/nodes/register\",\"cluster-id\":\"c1\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertStillSingle() {
        assertEquals("{\"mode\":\"single\"}\n", stage.api.admin().get(CLUSTER).then().statusCode(200).extract().asString());
    }

    @Test
    void aSingleNodeAnswersItsModeAndHasNothingToEditLeaveOrRefresh() throws Exception {
        String haproxyCfg = Files.readString(stage.cfg);
        String settingsFile = Files.readString(stage.settings);
        assertStillSingle();
        // no new key: the settings as they are
        stage.api.admin().body(Map.of()).post(CLUSTER).then().statusCode(200).body("mode", equalTo("single"));
        stage.api.admin().body(Map.of("cluster", Map.of("log_targets", java.util.List.of()))).put(CLUSTER + "?version=1")
                .then().statusCode(406).body("message", equalTo("dataplaneapi in single mode"));
        stage.api.admin().delete(CLUSTER + "?configuration=wipe").then().statusCode(422)
                .body("message", equalTo("configuration in query should be one of [keep]"));
        // leaving single mode is a no-op: haproxy.cfg is not replaced, nothing restarts
        stage.api.admin().delete(CLUSTER).then().statusCode(204);
        stage.api.admin().delete(CLUSTER + "?configuration=keep").then().statusCode(204);
        stage.api.admin().post(CLUSTER + "/certificate").then().statusCode(403);
        assertStillSingle();
        assertEquals(haproxyCfg, Files.readString(stage.cfg));
        assertEquals(settingsFile, Files.readString(stage.settings), "the settings file is never rewritten");
    }

    @Test
    void aKeyThatCannotBeDecodedIs406() {
        stage.api.admin().body(Map.of("bootstrap_key", "not a key!")).post(CLUSTER).then().statusCode(406)
                .body("code", equalTo(406))
                .body("message", org.hamcrest.Matchers.startsWith("bootstrap key cannot be decoded: "));
        String notJson = Base64.getEncoder().encodeToString("just text".getBytes(StandardCharsets.UTF_8));
        stage.api.admin().body(Map.of("bootstrap_key", notJson)).post(CLUSTER).then().statusCode(406);
        assertStillSingle();
    }

    @Test
    void aCentralApiThatCannotBeReachedIsSaidSoAndTheNodeStaysSingle() throws Exception {
        int closed = ApiProcess.freePort(); // nothing listens there
        stage.api.admin().body(Map.of("bootstrap_key", key("127.0.0.1", closed))).post(CLUSTER).then().statusCode(500)
                .body("message", equalTo("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"));
        assertStillSingle();
    }

    @Test
    void aReachableCentralApiIsDialledButNotJoined() throws Exception {
        try (ServerSocket central = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Boolean> dialled = CompletableFuture.supplyAsync(() -> {
                try (Socket s = central.accept()) {
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            stage.api.admin().body(Map.of("bootstrap_key", key("127.0.0.1", central.getLocalPort()))).post(CLUSTER).then()
                    .statusCode(501).body("message", org.hamcrest.Matchers.containsString("stays in single mode"));
            assertTrue(dialled.get(10, TimeUnit.SECONDS), "the key's central API was dialled");
        }
        assertStillSingle();
    }
}
