package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person sees when starting the executable with good and bad settings. */
class StartupIT {

    @TempDir
    Path dir;

    private ApiProcess.Result runToExit(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = ApiProcess.executable().toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return ApiProcess.run(dir, Map.of("JAVA_HOME", ApiProcess.javaHome()), command);
    }

    @Test
    void aMalformedSettingsFileIsOneLineAndStatus1() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.hcl"), "dataplaneapi {\n  port = 5555\n  host = \"x\n}\n");
        ApiProcess.Result run = runToExit("-f", bad.toString());
        assertEquals(1, run.status());
        assertEquals(1, run.output().strip().lines().count(), run.output());
        assertTrue(run.output().startsWith("dataplaneapi: " + bad + ":3: invalid HCL"), run.output());
    }

    @Test
    void anUnreadableHaproxyConfigIsFatal() throws Exception {
        ApiProcess.Result run = runToExit("-f", "", "-c", dir.resolve("absent.cfg").toString(),
                "--reload-cmd", "true", "--restart-cmd", "true");
        assertEquals(1, run.status());
        assertEquals("dataplaneapi: 41: Cannot read " + dir.resolve("absent.cfg"), run.output().strip());
    }

    @Test
    void aHaproxyCfgParseProblemNamesItsLine() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.cfg"), "global\n  maxconn 10\nbackend b\n  description \"open\n");
        ApiProcess.Result run = runToExit("-f", "", "-c", cfg.toString(), "--reload-cmd", "true", "--restart-cmd", "true");
        assertEquals(1, run.status());
        assertEquals("dataplaneapi: " + cfg + ": line 4: unterminated quote", run.output().strip());
    }

    @Test
    void unknownKeysAreWarnedAboutAndTheApiStillStarts() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        Path settings = Files.writeString(dir.resolve("s.yaml"), """
                dataplaneapi:
                  colour: blue
                  user: [{name: admin, insecure: true, password: adminpwd}]
                haproxy:
                  config_file: %s
                  reload: {reload_cmd: "true", restart_cmd: "true"}
                """.formatted(cfg));
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", settings.toString())) {
            api.admin().get("/v2/info")
                    .then().statusCode(200);
            assertTrue(Files.readString(api.log).contains(
                    "dataplaneapi: warning: " + settings + ":2: unknown setting 'dataplaneapi.colour' ignored"));
        }
    }

    @Test
    void yamlSettingsWorkLikeHcl() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        String yaml = Files.readString(dev.dpapi.Fixtures.path("seed/dataplaneapi.yaml"))
                .replace("/etc/haproxy/haproxy.cfg", cfg.toString())
                .replace("/usr/sbin/haproxy", HaproxyProcess.BIN)
                .replace("/tmp/haproxy", dir.resolve("tx").toString())
                .replace("service haproxy reload", "true").replace("service haproxy restart", "true");
        Path settings = Files.writeString(dir.resolve("dataplaneapi.yaml"), yaml);
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", settings.toString())) {
            api.admin().get("/v2/info")
                    .then().statusCode(200);
        }
    }
}
