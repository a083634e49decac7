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
        return ApiProcess.runToExit(dir, Map.of(), List.of(args));
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
    void aHaproxyBinaryThatDoesNotAnswerDashVIsFatal() throws Exception {
        Path cfg = HaproxyProcess.writeConfigWithApiUser(dir);
        Path missing = dir.resolve("no-haproxy");
        ApiProcess.Result run = runToExit(ApiProcess.flagsOnly(dir, cfg, "-b", missing.toString()).toArray(String[]::new));
        assertEquals(1, run.status(), run.output());
        assertEquals("dataplaneapi: 50: path to HAProxy binary not valid: " + missing + ", err: fork/exec " + missing
                + ": no such file or directory", run.output().strip());
        Path notExecutable = Files.writeString(dir.resolve("not-executable"), "#!/bin/sh\nexit 0\n");
        run = runToExit(ApiProcess.flagsOnly(dir, cfg, "-b", notExecutable.toString()).toArray(String[]::new));
        assertEquals(1, run.status(), run.output());
        assertEquals("dataplaneapi: 50: path to HAProxy binary not valid: " + notExecutable + ", err: fork/exec "
                + notExecutable + ": permission denied", run.output().strip());
        run = runToExit(ApiProcess.flagsOnly(dir, cfg, "-b", "/bin/false").toArray(String[]::new));
        assertEquals(1, run.status(), run.output());
        assertEquals("dataplaneapi: 50: path to HAProxy binary not valid: /bin/false, err: exit status 1",
                run.output().strip());
        try (ApiProcess api = ApiProcess.startOnFlags(dir, cfg, List.of(), "-b", HaproxyProcess.BIN)) {
            api.admin().get("/v2/info").then().statusCode(200);
        }
    }

    @Test
    void aHaproxyCfgParseProblemNamesItsLine() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.cfg"), "global\n  maxconn 10\nbackend b\n  description \"open\n");
        ApiProcess.Result run = runToExit("-f", "", "-c", cfg.toString(), "--reload-cmd", "true", "--restart-cmd", "true");
        assertEquals(1, run.status());
        assertEquals("dataplaneapi: " + cfg + ": line 4: unterminated quote", run.output().strip());
    }

    @Test
    void aPidFileNamingALiveProcessRefusesASecondInstance() throws Exception {
        Path cfg = HaproxyProcess.writeConfigWithApiUser(dir);
        long alive = ProcessHandle.current().pid(); // this test's own JVM
        Path pidFile = Files.writeString(dir.resolve("api.pid"), alive + "\n");
        List<String> flags = ApiProcess.flagsOnly(dir, cfg, "--pid-file", pidFile.toString());
        ApiProcess.Result run = runToExit(flags.toArray(String[]::new));
        assertEquals(1, run.status(), run.output());
        assertEquals("dataplaneapi: process with PID " + alive + " already exists", run.output().strip());
        assertEquals(alive + "\n", Files.readString(pidFile), "the PID file is left to its owner");
        // a PID file left by a process that is gone is taken over
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(pidFile, gone.pid() + "\n");
        try (ApiProcess api = ApiProcess.startOnFlags(dir, cfg, List.of(), "--pid-file", pidFile.toString())) {
            api.admin().get("/v2/info").then().statusCode(200);
            assertEquals(api.pid() + "\n", Files.readString(pidFile));
        }
    }

    @Test
    void runByHaproxyTheEditedFileMustBeOneOfTheFilesItLoaded() throws Exception {
        Path cfg = HaproxyProcess.writeConfigWithApiUser(dir);
        List<String> flags = ApiProcess.flagsOnly(dir, cfg);
        ApiProcess.Result run = ApiProcess.runToExit(dir, Map.of("HAPROXY_CFGFILES", dir.resolve("other.cfg").toString()),
                flags);
        assertEquals(1, run.status(), run.output());
        assertEquals("dataplaneapi: The configuration file is not declared in the HAPROXY_CFGFILES environment "
                + "variable, cannot start.", run.output().strip());
        // declared (with a file HAProxy loads besides it, which is warned about), it starts
        Path extra = dir.resolve("extra.cfg");
        try (ApiProcess api = ApiProcess.start(dir, Map.of("HAPROXY_CFGFILES", cfg + ";" + extra), List.of(),
                flags.toArray(String[]::new))) {
            api.admin().get("/v2/info").then().statusCode(200);
            assertTrue(Files.readString(api.log).contains("dataplaneapi: warning: The configuration file " + extra
                    + " in HAPROXY_CFGFILES is not used."), Files.readString(api.log));
        }
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
