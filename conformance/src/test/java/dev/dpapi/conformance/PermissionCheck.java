package dev.dpapi.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

/** The guide's troubleshooting case: the API's user may not use the stats socket. */
class PermissionCheck {

    static final String DENIED = "{\"code\":500,\"message\":\"dial unix " + Seed.SOCKET
            + ": connect: permission denied\"}";

    @Check(profile = Profile.CORE, family = "runtime",
            source = "guide: troubleshooting (`dial unix /var/run/haproxy.sock: connect: permission denied`); v2.8.0 itself answers `runtime: option is not available`")
    @DisplayName("permission denied: the guide's 500 on runtime endpoints, 200 on configuration; then access granted")
    void permissionDenied(Target target) {
        int port = Seed.freePort();
        Settings settings = Settings.onPort(port);
        try (HaproxyContainer<?> haproxy = new HaproxyContainer<>(target.image())
                .withHaproxyConfig(Seed.haproxyConfig(Seed.freePort(), ""))
                .withFile(Settings.PATH, settings.yaml().replace(Settings.TRANSACTION_DIR, "/tmp/dpapi-tx"), 0644)) {
            haproxy.start();
            target.implementation().install(haproxy);
            haproxy.shell("useradd --no-create-home --shell /usr/sbin/nologin dpapi && install -d -o dpapi /tmp/dpapi-tx");
            String asDpapi = "setpriv --reuid=dpapi --regid=dpapi --init-groups dataplaneapi -f " + Settings.PATH;
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
                haproxy.shell("pkill -x dataplaneapi");
                Deployment.await("the API to stop after pkill", Duration.ofSeconds(10),
                        () -> haproxy.exec("pgrep", "-x", "dataplaneapi").getExitCode() != 0);
                api = ApiUnderTest.start(haproxy, asDpapi, port);
                restarted = true;
            }
            Report.current().fact(target, "restart needed after joining the group", Boolean.toString(restarted));
            api.admin().get("/v2/services/haproxy/runtime/info").then().statusCode(200)
                    .body("[0].info.pid", equalTo(firstWorkerPid(haproxy)));
        }
    }

    private static int firstWorkerPid(HaproxyContainer<?> haproxy) {
        return Integer.parseInt(haproxy.runtime(Seed.SOCKET, "show info").lines()
                .filter(l -> l.startsWith("Pid:")).findFirst().orElseThrow().substring(4).strip());
    }
}
