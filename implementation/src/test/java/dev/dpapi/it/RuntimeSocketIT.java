package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime API failures read exactly as the install guide shows them, and recover without a restart.
 * The API runs as nobody (uid 65534) for the permission case: root would ignore the socket's mode.
 */
class RuntimeSocketIT {


    @TempDir
    Path dir;


    @Test
    void permissionDeniedThenGrantedWithoutRestart() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, ApiProcess.freePort());
             ApiProcess api = ApiProcess.seedLike(dir, ApiProcess.AS_NOBODY, haproxy.config)) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(haproxy.socket)));

            api.admin().get("/v2/services/haproxy/runtime/info").then()
                    .statusCode(500)
                    .body(equalTo("{\"code\":500,\"message\":\"dial unix " + haproxy.socket
                            + ": connect: permission denied\"}\n"));
            api.admin().get("/v2/info").then().statusCode(200);
            api.admin().get("/v2/specification").then().statusCode(200);

            // the API's user joins the socket's group: chgrp to nobody's group
            assertEquals(0, ApiProcess.run(dir, "chgrp", "65534", haproxy.socket.toString()).status());
            api.admin().get("/v2/services/haproxy/runtime/info").then()
                    .statusCode(200)
                    .body("[0].info.pid", greaterThan(0));
            assertTrue(api.isAlive());
        }
    }

    @Test
    void aMissingSocketThenHaproxyStartingLater() throws Exception {
        Path socket = dir.resolve("haproxy.sock");
        Path config = HaproxyProcess.writeConfig(dir, socket, ApiProcess.freePort());
        try (ApiProcess api = ApiProcess.seedLike(dir, config)) {
            api.admin().get("/v2/services/haproxy/runtime/info").then()
                    .statusCode(500)
                    .body("code", equalTo(500))
                    .body("message", equalTo("dial unix " + socket + ": connect: no such file or directory"));
            try (HaproxyProcess haproxy = HaproxyProcess.start(config, socket)) {
                api.admin().get("/v2/services/haproxy/runtime/info").then()
                        .statusCode(200)
                        .body("[0].runtimeAPI", equalTo(socket.toString()));
            }
        }
    }

    @Test
    void aSocketNobodyListensOn() throws Exception {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file behind, like a dead haproxy
        }
        Path config = HaproxyProcess.writeConfig(dir, socket, ApiProcess.freePort());
        try (ApiProcess api = ApiProcess.seedLike(dir, config)) {
            api.admin().get("/v2/services/haproxy/runtime/info").then()
                    .statusCode(500)
                    .body("message", equalTo("dial unix " + socket + ": connect: connection refused"));
        }
    }
}
