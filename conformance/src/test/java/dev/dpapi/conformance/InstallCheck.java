package dev.dpapi.conformance;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.testcontainers.images.builder.Transferable;

/** The install guide, step by step, and the first things a user checks afterwards. */
class InstallCheck {

    static final String BUILD_DATE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    static final String VERSION = "v\\d+\\.\\d+\\.\\d+\\S* \\S+";

    @Check
    @DisplayName("install: the guide's steps, literally, then GET /v2/info")
    void install(String image) {
        int port = Seed.freePort();
        try (HaproxyContainer haproxy = new HaproxyContainer(image).withHaproxyConfig(Seed.haproxyConfig(Seed.freePort(), ""))) {
            haproxy.start();
            Report.fact(image, "HAProxy", haproxy.haproxyVersion());
            Tarball.underTest().install(haproxy); // steps 1-3: tar -zxvf, chmod +x, cp to /usr/local/bin
            assertTrue(haproxy.readFile(HaproxyContainer.CONFIG).contains(Seed.STATS_SOCKET_LINE), "step 4");
            haproxy.copyFileToContainer(Transferable.of(Seed.hcl(port)), Seed.SETTINGS_HCL); // step 5
            ApiUnderTest api = ApiUnderTest.start(haproxy, "dataplaneapi -f " + Seed.SETTINGS_HCL, port); // step 6
            Report.timing(image, "API start to first 200 on /v2/info", java.util.Map.of("ms", api.startMillis()));
            String version = api.admin().get("/v2/info").then() // step 7
                    .statusCode(200)
                    .body("$", aMapWithSize(2))
                    .body("api.build_date", matchesPattern(BUILD_DATE))
                    .body("api.version", matchesPattern(VERSION))
                    .body("system", anEmptyMap())
                    .extract().path("api.version");
            Report.fact(image, "implementation", version);
        }
    }

    @Check
    @DisplayName("info/auth: 401 without or with wrong credentials; version and build_date formats")
    void infoAndAuth(String image) {
        int port = Seed.freePort();
        try (HaproxyContainer haproxy = new HaproxyContainer(image).withHaproxyConfig(Seed.haproxyConfig(Seed.freePort(), ""))
                .withFile(Seed.SETTINGS_HCL, Seed.hcl(port), 0644)) {
            haproxy.start();
            Tarball.underTest().install(haproxy);
            ApiUnderTest api = ApiUnderTest.start(haproxy, "dataplaneapi -f " + Seed.SETTINGS_HCL, port);
            api.anonymous().get("/v2/info").then().statusCode(401)
                    .header("WWW-Authenticate", matchesPattern("(?i)basic.*"))
                    .body("code", equalTo(401));
            api.anonymous().auth().preemptive().basic(Seed.USER, "wrong").get("/v2/info").then().statusCode(401)
                    .body("code", equalTo(401));
            api.admin().get("/v2/info").then().statusCode(200)
                    .body("api.version", matchesPattern(VERSION))
                    .body("api.build_date", matchesPattern(BUILD_DATE));
        }
    }

    @Check
    @DisplayName("yaml settings: the same start with the guide's settings in YAML")
    void yamlSettings(String image) {
        int port = Seed.freePort();
        String withoutSocket = Seed.haproxyConfig(Seed.freePort(), "").replace("  " + Seed.STATS_SOCKET_LINE + "\n", "");
        try (HaproxyContainer haproxy = new HaproxyContainer(image).withHaproxyConfig(withoutSocket)
                .withStatsSocket("/run/haproxy-admin.sock")
                .withFile(Seed.SETTINGS_YAML, Seed.yaml(port), 0644)) {
            haproxy.start();
            Tarball.underTest().install(haproxy);
            ApiUnderTest api = ApiUnderTest.start(haproxy, "dataplaneapi -f " + Seed.SETTINGS_YAML, port);
            api.admin().get("/v2/info").then().statusCode(200).body("api.version", matchesPattern(VERSION));
            api.anonymous().get("/v2/info").then().statusCode(401);
            api.admin().get("/v2/services/haproxy/runtime/info").then().statusCode(200)
                    .body("[0].runtimeAPI", equalTo("/run/haproxy-admin.sock"));
        }
    }
}
