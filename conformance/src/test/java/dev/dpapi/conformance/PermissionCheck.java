package dev.dpapi.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;

/** The guide's troubleshooting case: the API's user may not use the stats socket. */
class PermissionCheck {

    static final String DENIED = "{\"code\":500,\"message\":\"dial unix " + Seed.SOCKET
            + ": connect: permission denied\"}";

    @Check
    @DisplayName("permission denied: exact 500 on runtime endpoints, 200 on configuration; then access granted")
    void permissionDenied(String image) {
        int port = Seed.freePort();
        try (HaproxyContainer haproxy = new HaproxyContainer(image).withHaproxyConfig(Seed.haproxyConfig(Seed.freePort(), ""))
                .withFile(Seed.SETTINGS_HCL, Seed.hcl(port).replace("/tmp/haproxy", "/tmp/dpapi-tx"), 0644)) {
            haproxy.start();
            Tarball.underTest().install(haproxy);
            haproxy.shell("useradd --no-create-home --shell /usr/sbin/nologin dpapi && install -d -o dpapi /tmp/dpapi-tx");
            String asDpapi = "setpriv --reuid=dpapi --regid=dpapi --init-groups dataplaneapi -f " + Seed.SETTINGS_HCL;
            ApiUnderTest api = ApiUnderTest.start(haproxy, asDpapi, port);

            String body = api.admin().get("/v2/services/haproxy/runtime/info").then().statusCode(500)
                    .extract().asString().strip();
            assertEquals(DENIED, body);
            api.admin().get("/v2/services/haproxy/configuration/version").then().statusCode(200);
            api.admin().get("/v2/services/haproxy/configuration/raw").then().statusCode(200);

            haproxy.shell("usermod -aG haproxy dpapi");
            boolean restarted = false;
            if (api.admin().get("/v2/services/haproxy/runtime/info").statusCode() != 200) {
                // a running process keeps the groups it started with: restart it, as a user would
                haproxy.shell("pkill -x dataplaneapi; for i in $(seq 1 100); do pgrep -x dataplaneapi >/dev/null || break; sleep 0.1; done");
                api = ApiUnderTest.start(haproxy, asDpapi, port);
                restarted = true;
            }
            Report.fact(image, "restart needed after joining the group", Boolean.toString(restarted));
            api.admin().get("/v2/services/haproxy/runtime/info").then().statusCode(200)
                    .body("[0].info.pid", equalTo(firstWorkerPid(haproxy)));
        }
    }

    private static int firstWorkerPid(HaproxyContainer haproxy) {
        return Integer.parseInt(haproxy.runtime(Seed.SOCKET, "show info").lines()
                .filter(l -> l.startsWith("Pid:")).findFirst().orElseThrow().substring(4).strip());
    }
}
