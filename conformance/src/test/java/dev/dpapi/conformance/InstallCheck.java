package dev.dpapi.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.testcontainers.images.builder.Transferable;

/** The install guide, step by step, with its HCL file; and the start with v2.8's YAML settings. */
class InstallCheck {

    @Check(profile = Profile.CORE, family = "settings", source = "guide: steps 1-7 (tar, chmod, cp, stats socket, HCL file, start, GET /v2/info)")
    @DisplayName("install: the guide's steps and HCL file, literally; the API finds the guide's socket and file")
    void install(Target target) {
        int port = Seed.freePort();
        try (HaproxyContainer<?> haproxy = new HaproxyContainer<>(target.image())
                .withHaproxyConfig(Seed.haproxyConfig(Seed.freePort(), ""))) {
            haproxy.start();
            Report.current().fact(target, "HAProxy", haproxy.haproxyVersion());
            target.implementation().install(haproxy); // steps 1-3
            haproxy.copyFileToContainer(Transferable.of(Seed.hcl(port)), Seed.SETTINGS_HCL); // step 5 (4: the cfg's socket line)
            ApiUnderTest api = ApiUnderTest.start(haproxy, "dataplaneapi -f " + Seed.SETTINGS_HCL, port); // step 6
            Report.current().fact(target, "start with the guide's HCL to first 200", api.startMillis() + " ms");
            api.admin().get("/v2/info").then().statusCode(200) // step 7
                    .body("api.version", matchesPattern(MetaCheck.VERSION));
            // what the implementation did with the guide's settings: it talks to the guide's socket...
            String pid = haproxy.runtime(Seed.SOCKET, "show info").lines().filter(l -> l.startsWith("Pid:"))
                    .findFirst().orElseThrow().substring(4).strip();
            api.admin().get("/v2/services/haproxy/runtime/info").then().statusCode(200)
                    .body("[0].runtimeAPI", equalTo(Seed.SOCKET)).body("[0].info.pid", equalTo(Integer.parseInt(pid)));
            // ...and serves the guide's config_file
            String served = api.admin().get("/v2/services/haproxy/configuration/raw").then().statusCode(200)
                    .extract().path("data");
            assertEquals(haproxy.readFile(HaproxyContainer.CONFIG).lines().filter(l -> !l.startsWith("# _version")).toList(),
                    served.lines().toList(), "configuration/raw serves /etc/haproxy/haproxy.cfg");
        }
    }

    @Check(profile = Profile.CORE, family = "settings", source = "contract: v2.8 YAML settings (config_version 2); BEHAVIOUR 1.3")
    @DisplayName("yaml settings: v2.8's format and types; listens where it says, uses the socket it finds")
    void yamlSettings(Target target) {
        String withoutSocket = Seed.haproxyConfig(Seed.freePort(), "").replace("  " + Seed.STATS_SOCKET_LINE + "\n", "");
        try (Deployment d = Deployment.start(target, "", s -> s,
                c -> c.withHaproxyConfig(withoutSocket).withStatsSocket("/run/haproxy-admin.sock"))) {
            d.api.admin().get("/v2/info").then().statusCode(200);
            d.api.anonymous().get("/v2/info").then().statusCode(401);
            d.api.admin().get("/v2/services/haproxy/runtime/info").then().statusCode(200)
                    .body("[0].runtimeAPI", equalTo("/run/haproxy-admin.sock"));
        }
    }

    @Check(profile = Profile.EXTENDED, family = "settings", source = "promise: the settings file is only ever read")
    @DisplayName("the settings file is never rewritten (at start, after a change)")
    void settingsFileKept(Target target) {
        try (Deployment d = Deployment.start(target, "")) {
            String written = d.settings.yaml();
            assertEquals(written, d.haproxy.readFile(Settings.PATH), "after the start");
            d.api.json(Map.of("name", "settings_be")).post(SectionsCheck.C + "backends?version=" + d.version())
                    .then().statusCode(202);
            assertEquals(written, d.haproxy.readFile(Settings.PATH), "after a change");
        }
    }
}
