package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Direct PUTs that HAProxy's Runtime API can carry (a server's weight, state, address; a frontend's maxconn)
 * answer 200 without a reload, and the running HAProxy shows the change; anything else reloads (202).
 */
class RuntimeAppliedIT {

    private static final String C = "/v2/services/haproxy/configuration/";

    @AutoClose
    final ConfigStage stage = ConfigStage.startedWithHaproxy();

    private Map<String, Object> server() {
        return new HashMap<>(stage.api.admin().get(C + "servers/s1?backend=be").then().statusCode(200).extract().path("data"));
    }

    @Test
    void serverSettersRunWithoutAReload() throws Exception {
        Map<String, Object> s1 = server();
        s1.put("weight", 42);
        stage.api.admin().body(s1).put(C + "servers/s1?backend=be&version=" + stage.api.configurationVersion()).then()
                .statusCode(200).header("Reload-ID", nullValue()).body("weight", equalTo(42));
        assertTrue(Files.readString(stage.haproxy.config).contains("server s1 127.0.0.1:1 disabled weight 42\n"));
        assertEquals("42 (initial 1)", runtime("get weight be/s1").strip(), "the running HAProxy has it");

        s1.remove("maintenance");
        s1.put("port", 2);
        stage.api.admin().body(s1).put(C + "servers/s1?backend=be&version=" + stage.api.configurationVersion()).then()
                .statusCode(200).header("Reload-ID", nullValue());
        String state = runtime("show servers state be");
        List<String> columns = List.of(state.lines().filter(l -> l.startsWith("# ")).findFirst().orElseThrow()
                .substring(2).split(" "));
        String[] s1State = state.lines().filter(l -> l.contains(" s1 ")).findFirst().orElseThrow().split(" ");
        assertEquals("2", s1State[columns.indexOf("srv_port")], state);
        assertEquals("2", s1State[columns.indexOf("srv_op_state")], "out of maintenance, so running: " + state);

        long v = stage.api.configurationVersion();
        stage.api.admin().body(s1).put(C + "servers/s1?backend=be&version=" + v).then()
                .statusCode(200).header("Reload-ID", nullValue());
        assertEquals(v + 1, stage.api.configurationVersion(), "an unchanged PUT still commits");

        s1.put("check", "enabled");
        stage.api.admin().body(s1).put(C + "servers/s1?backend=be&version=" + stage.api.configurationVersion()).then()
                .statusCode(202).header("Reload-ID", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void frontendMaxconnRunsWithoutAReload() throws Exception {
        Map<String, Object> fe = new HashMap<>(stage.api.admin().get(C + "frontends/fe").then().extract().path("data"));
        fe.put("maxconn", 321);
        stage.api.admin().body(fe).put(C + "frontends/fe?version=" + stage.api.configurationVersion()).then()
                .statusCode(200).header("Reload-ID", nullValue());
        String[] header = runtime("show stat").lines().findFirst().orElseThrow().substring(2).split(",");
        String[] row = runtime("show stat").lines().filter(l -> l.startsWith("fe,FRONTEND,")).findFirst()
                .orElseThrow().split(",");
        assertEquals("321", row[List.of(header).indexOf("slim")]);

        fe.put("client_timeout", 10000);
        stage.api.admin().body(fe).put(C + "frontends/fe?version=" + stage.api.configurationVersion()).then()
                .statusCode(202).header("Reload-ID", org.hamcrest.Matchers.notNullValue());
    }

    /**
     * A server template has no runtime command, but a PUT of what it already is needs no reload either (BEHAVIOUR.md
     * 2.6, 6.3): 200 without a Reload-ID, the file's line as it was. Changed, it reloads (202 + Reload-ID).
     */
    @Test
    void anUnchangedServerTemplateIsNotReloaded() throws Exception {
        Map<String, Object> template = Map.of("prefix", "tpl", "num_or_range", "1-2", "fqdn", "127.0.0.1", "port", 80);
        stage.api.admin().body(template).post(C + "server_templates?backend=be&version=" + stage.api.configurationVersion())
                .then().statusCode(202);
        String line = "server-template tpl 1-2 127.0.0.1:80";
        assertTrue(Files.readString(stage.haproxy.config).contains(line + "\n"));
        stage.api.admin().body(template).put(C + "server_templates/tpl?backend=be&version=" + stage.api.configurationVersion())
                .then().statusCode(200).header("Reload-ID", nullValue()).body("port", equalTo(80));
        assertTrue(Files.readString(stage.haproxy.config).contains(line + "\n"), "the line as it was");

        Map<String, Object> changed = new HashMap<>(template);
        changed.put("port", 81);
        stage.api.admin().body(changed).put(C + "server_templates/tpl?backend=be&version=" + stage.api.configurationVersion())
                .then().statusCode(202).header("Reload-ID", org.hamcrest.Matchers.notNullValue());
        assertTrue(Files.readString(stage.haproxy.config).contains("server-template tpl 1-2 127.0.0.1:81\n"));
    }

    private String runtime(String command) throws IOException {
        return stage.haproxy.runtime(command);
    }
}
