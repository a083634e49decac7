package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime servers, maps, ACLs, stick tables and stats answer the seed's text when the socket is not
 * permitted, and work once it is, without a restart. The API runs as nobody: root ignores the socket's mode.
 */
class RuntimeFamiliesSocketIT {

    private static final String R = "/v2/services/haproxy/runtime/";

    @TempDir
    Path dir;

    @Test
    void permissionDeniedThenGranted() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, ApiProcess.freePort());
             ApiProcess api = ApiProcess.seedLike(dir, ApiProcess.AS_NOBODY, haproxy.config)) {
            String denied = "{\"code\":500,\"message\":\"dial unix " + haproxy.socket + ": connect: permission denied\"}\n";
            for (String path : List.of("servers?backend=be", "servers/s1?backend=be", "maps", "acls",
                    "maps_entries?map=x", "acl_file_entries?acl_id=1", "stick_tables", "stick_tables/be?process=1")) {
                api.admin().get(R + path).then().statusCode(500).body(equalTo(denied));
            }
            api.admin().body(Map.of("admin_state", "drain")).put(R + "servers/s1?backend=be").then()
                    .statusCode(500).body(equalTo(denied));
            api.admin().get("/v2/services/haproxy/stats/native").then().statusCode(500)
                    .body(equalTo("[{\"error\":\"dial unix " + haproxy.socket + ": connect: permission denied\","
                            + "\"runtimeAPI\":\"" + haproxy.socket + "\"}]\n"));

            assertEquals(0, ApiProcess.run(dir, "chgrp", "65534", haproxy.socket.toString()).status());
            api.admin().get(R + "servers?backend=be").then().statusCode(200).body("name", equalTo(List.of("s1")));
            api.admin().get("/v2/services/haproxy/stats/native?type=backend").then().statusCode(200)
                    .body("[0].stats.name", equalTo(List.of("be")));
        }
    }
}
