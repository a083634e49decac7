package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Runtime servers and native stats against a running HAProxy: every effect is read back through its socket. */
class RuntimeServersIT {

    private static final String S = "/v2/services/haproxy/runtime/servers";

    @AutoClose
    final RuntimeStage stage = RuntimeStage.started();

    @Test
    void statesAreReadFromTheSocket() throws Exception {
        stage.api.admin().get(S + "?backend=be").then().statusCode(200)
                .body("name", equalTo(List.of("s1", "s2")))
                .body("[0].admin_state", equalTo("maint"))
                .body("[0].operational_state", equalTo("down"))
                .body("[1].admin_state", equalTo("ready"));
        String s2 = stage.api.admin().get(S + "/s2?backend=be").then().statusCode(200).extract().asString();
        assertEquals("{\"address\":\"127.0.0.1\",\"admin_state\":\"ready\",\"id\":\"2\",\"name\":\"s2\","
                + "\"operational_state\":\"" + (stage.serverState("s2", "srv_op_state").equals("0") ? "down" : "up")
                + "\",\"port\":2}\n", s2);

        stage.api.admin().get(S + "/nope?backend=be").then().statusCode(404)
                .body("message", equalTo("Runtime server nope not found in backend be"));
        stage.api.admin().get(S + "?backend=ghost").then().statusCode(404).body("code", equalTo(404));
        stage.api.admin().get(S).then().statusCode(422)
                .body("code", equalTo(602)).body("message", equalTo("backend in query is required"));
    }

    @Test
    void statesAreSetWithoutAReload() throws Exception {
        String pid = stage.runtime("show info").lines().filter(l -> l.startsWith("Pid:")).findFirst().orElseThrow();
        stage.api.admin().body(Map.of("admin_state", "drain")).put(S + "/s2?backend=be").then().statusCode(200)
                .body("admin_state", equalTo("drain")).body("name", equalTo("s2"));
        assertEquals(String.valueOf(0x08), stage.serverState("s2", "srv_admin_state"), "drained by the API");

        stage.api.admin().body(Map.of("admin_state", "pause")).put(S + "/s2?backend=be").then().statusCode(422)
                .body("message", equalTo("admin_state in body should be one of [ready maint drain]"));
        stage.api.admin().body(Map.of("admin_state", "ready", "operational_state", "down"))
                .put(S + "/s2?backend=be").then().statusCode(200)
                .body("admin_state", equalTo("ready")).body("operational_state", equalTo("down"));
        assertEquals("0", stage.serverState("s2", "srv_admin_state"));
        assertEquals("0", stage.serverState("s2", "srv_op_state"), "forced down");
        stage.api.admin().body(Map.of("admin_state", "ready")).put(S + "/ghost?backend=be").then().statusCode(404);
        assertEquals(pid, stage.runtime("show info").lines().filter(l -> l.startsWith("Pid:")).findFirst()
                .orElseThrow(), "the same worker: no reload");
    }

    /**
     * The API keeps its socket connection between requests; after a reload that connection still reaches the old
     * worker, which must not take the change: the new worker does.
     */
    @Test
    void aChangeAfterAReloadReachesTheNewWorker() throws Exception {
        stage.api.admin().body(Map.of("admin_state", "drain")).put(S + "/s2?backend=be").then().statusCode(200);
        long before = stage.haproxy.workerPid();
        assertEquals(0, ApiProcess.run(stage.dir, "kill", "-USR2", String.valueOf(stage.haproxy.masterPid())).status());
        Poll.until("the new worker on the stats socket", Duration.ofSeconds(20), stage.haproxy::workerPid, pid -> pid != before);
        assertEquals("0", stage.serverState("s2", "srv_admin_state"), "the new worker starts from haproxy.cfg: ready");

        stage.api.admin().body(Map.of("admin_state", "drain")).put(S + "/s2?backend=be").then().statusCode(200)
                .body("admin_state", equalTo("drain"));
        assertEquals(String.valueOf(0x08), stage.serverState("s2", "srv_admin_state"), "drained on the new worker");
    }

    @Test
    void serversAreAddedAndDeletedAtRuntime() throws Exception {
        Response added = stage.api.admin().body(Map.of("name", "s3", "address", "127.0.0.1", "port", 3, "weight", 7))
                .post(S + "?backend=be");
        added.then().statusCode(201);
        assertEquals("{\"address\":\"127.0.0.1\",\"name\":\"s3\",\"port\":3,\"weight\":7}\n", added.asString());
        assertEquals("7", stage.serverState("s3", "srv_uweight"), "HAProxy runs the new server");
        assertEquals("3", stage.serverState("s3", "srv_port"));

        stage.api.admin().body(Map.of("name", "s3", "address", "127.0.0.1")).post(S + "?backend=be").then()
                .statusCode(409).body("message", startsWith("Already exists a server"));
        stage.api.admin().body(Map.of("name", "s4", "address", "127.0.0.1")).post(S + "?backend=ghost").then()
                .statusCode(404).body("message", startsWith("No such backend"));
        stage.api.admin().body(Map.of("address", "127.0.0.1")).post(S + "?backend=be").then()
                .statusCode(400).body("message", equalTo("the new server must have a name"));
        stage.api.admin().body(Map.of("name", "s4", "address", "127.0.0.1;shutdown frontend fe")).post(S + "?backend=be")
                .then().statusCode(422);
        stage.api.admin().body(Map.of("name", "s4\nshutdown frontend fe", "address", "127.0.0.1")).post(S + "?backend=be")
                .then().statusCode(400);
        assertNull(stage.serverState("s4", "srv_id"), "no refused server was added");
        stage.api.admin().get(S + "?backend=be").then().body("", hasSize(3));

        stage.api.admin().delete(S + "/s3?backend=be").then().statusCode(204);
        assertNull(stage.serverState("s3", "srv_id"), "deleted from the running backend");
        stage.api.admin().delete(S + "/s3?backend=be").then().statusCode(404);
    }

    @Test
    void nativeStats() throws Exception {
        String st = "/v2/services/haproxy/stats/native";
        stage.api.admin().get(st).then().statusCode(200)
                .body("[0].runtimeAPI", equalTo(stage.haproxy.socket.toString()))
                .body("[0].stats.name", equalTo(stageNames()));
        stage.api.admin().get(st + "?type=server&name=s2&parent=be").then().statusCode(200)
                .body("[0].stats", hasSize(1))
                .body("[0].stats[0].backend_name", equalTo("be"))
                .body("[0].stats[0].type", equalTo("server"))
                .body("[0].stats[0].stats.weight", equalTo(5))
                .body("[0].stats[0].stats.pid", greaterThan(0));
        stage.api.admin().get(st + "?type=backend").then().statusCode(200)
                .body("[0].stats.name", equalTo(List.of("be")));
        stage.api.admin().get(st + "?name=fe").then().statusCode(400)
                .body("message", equalTo("Type required when filtering by name"));
        stage.api.admin().get(st + "?type=server&name=s2").then().statusCode(400)
                .body("message", equalTo("Parent backend required when filtering by server"));
        stage.api.admin().get(st + "?type=listener").then().statusCode(422);
        stage.api.admin().get("/v2/services/haproxy/stats").then().statusCode(200)
                .body("url", equalTo(List.of("/services/haproxy/stats/native")));
    }

    /** Frontends, backends and servers as show stat lists them (listeners are not part of the model). */
    private List<String> stageNames() throws Exception {
        return stage.runtime("show stat").lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split(","))
                .filter(f -> !f[32].equals("3"))
                .map(f -> f[32].equals("2") ? f[1] : f[0]).toList();
    }
}
