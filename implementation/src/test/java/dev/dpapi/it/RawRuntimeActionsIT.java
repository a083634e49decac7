package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The {@code X-Runtime-Actions} header of a raw configuration POST with {@code skip_reload}: once the text is
 * stored, its actions change the running HAProxy through the stats socket, where the test reads them back.
 */
class RawRuntimeActionsIT {

    private static final String RAW = "/v2/services/haproxy/configuration/raw";

    @AutoClose
    final RuntimeStage stage = RuntimeStage.started();

    /** The stored text without its version line, posted back with one more comment so each POST is a change. */
    private String text(String comment) {
        String data = stage.api.admin().get(RAW).then().statusCode(200).extract().path("data");
        return data + "# " + comment + "\n";
    }

    private ValidatableResponse post(String query, String text, String actions) {
        return stage.api.admin().contentType("text/plain").header("X-Runtime-Actions", actions)
                .body(text).post(RAW + "?skip_version=true" + query).then();
    }

    private String frontendMaxconn() throws IOException {
        String stat = stage.runtime("show stat");
        List<String> header = List.of(stat.lines().findFirst().orElseThrow().substring(2).split(","));
        String[] row = stat.lines().filter(l -> l.startsWith("fe,FRONTEND,")).findFirst().orElseThrow().split(",");
        return row[header.indexOf("slim")];
    }

    @Test
    void actionsChangeTheRunningHaproxyAfterTheTextIsStored() throws Exception {
        String text = text("first");
        post("&skip_reload=true", text, "SetServerWeight be s1 42;SetFrontendMaxConn fe 77").statusCode(201);
        assertTrue(Files.readString(stage.dir.resolve("haproxy.cfg")).endsWith("# first\n"), "the text is stored");
        assertEquals("42", stage.serverState("s1", "srv_uweight"));
        assertEquals("77", frontendMaxconn());

        // an unknown action is skipped; the known one after it runs
        post("&skip_reload=true", text("second"), "NoSuchAction be s2;SetServerWeight be s2 7").statusCode(201);
        assertEquals("7", stage.serverState("s2", "srv_uweight"));

        // the address, port and state setters, and the agent ones HAProxy refuses for a server without an agent
        post("&skip_reload=true", text("third"), "SetServerAddr be s2 127.0.0.3 8081;SetServerState be s2 maint")
                .statusCode(201);
        assertEquals("127.0.0.3", stage.serverState("s2", "srv_addr"));
        assertEquals("8081", stage.serverState("s2", "srv_port"));
        assertEquals("1", stage.serverState("s2", "srv_admin_state"), "maint");
        post("&skip_reload=true", text("fourth"), "EnableAgentCheck be s2").statusCode(500)
                .body("message", startsWith("cannot execute EnableAgentCheck: "));
    }

    @Test
    void aMissingArgumentOrARefusedCommandAnswers500AndRunsNothingAfter() throws Exception {
        post("&skip_reload=true", text("short"), "SetServerWeight be s1").statusCode(500)
                .body("code", equalTo(500))
                .body("message", equalTo("cannot execute SetServerWeight: not enough parameters"));
        assertTrue(Files.readString(stage.dir.resolve("haproxy.cfg")).endsWith("# short\n"),
                "the text was stored before the actions ran");
        assertEquals("1", stage.serverState("s1", "srv_uweight"));

        post("&skip_reload=true", text("missing server"), "SetServerWeight be nosuch 3;SetServerWeight be s1 3")
                .statusCode(500).body("message", startsWith("cannot execute SetServerWeight: No such server."));
        assertEquals("1", stage.serverState("s1", "srv_uweight"), "nothing runs after a refused action");

        // the same request, made whole, is accepted
        post("&skip_reload=true", text("whole"), "SetServerWeight be s1 3").statusCode(201);
        assertEquals("3", stage.serverState("s1", "srv_uweight"));
    }

    @Test
    void anArgumentNeverStartsAnotherCommand() throws Exception {
        String maxconn = frontendMaxconn();
        // a tab (a control character: it could end the command on another socket) and an empty argument
        post("&skip_reload=true", text("tab"), "SetServerWeight be s1 4\t2").statusCode(500)
                .body("message", startsWith("cannot execute SetServerWeight: argument "));
        post("&skip_reload=true", text("empty"), "SetFrontendMaxConn fe 5;SetServerWeight be  s1 4").statusCode(500)
                .body("message", startsWith("cannot execute SetServerWeight: argument "));
        assertEquals("1", stage.serverState("s1", "srv_uweight"));
        assertEquals(maxconn, frontendMaxconn(), "a refused header runs none of its actions");
        // a backslash stays inside its argument: HAProxy gets one (wrong) backend name, not a second command
        post("&skip_reload=true", text("backslash"), "SetServerWeight be\\ s1 4").statusCode(500)
                .body("message", startsWith("cannot execute SetServerWeight: No such "));
        assertEquals("1", stage.serverState("s1", "srv_uweight"));
    }

    @Test
    void withoutSkipReloadTheHeaderDoesNotRun() throws Exception {
        // the stage's reload command leaves HAProxy running as it is, so an action would show on the socket
        post("&force_reload=true", text("forced"), "SetServerWeight be s1 9").statusCode(201);
        post("", text("reloaded"), "SetServerWeight be s1 9").statusCode(202);
        assertTrue(Files.readString(stage.dir.resolve("haproxy.cfg")).endsWith("# reloaded\n"));
        assertEquals("1", stage.serverState("s1", "srv_uweight"));
    }
}
