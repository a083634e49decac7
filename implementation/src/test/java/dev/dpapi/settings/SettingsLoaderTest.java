package dev.dpapi.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dpapi.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private static SettingsLoader.Run load(Map<String, String> env, String... args) throws SettingsException {
        return assertInstanceOf(SettingsLoader.Run.class, SettingsLoader.load(args, env, "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed/dataplaneapi.hcl", "seed/dataplaneapi.yaml"})
    void readsTheInstallGuideSettingsAsWritten(String file) throws Exception {
        SettingsLoader.Run run = load(Map.of(), "-f", Fixtures.path(file).toString());
        Settings s = run.settings();
        assertEquals(List.of(), run.warnings());
        assertEquals("", s.listener().host());
        assertEquals(5555, s.listener().port());
        assertEquals(List.of(new Settings.User("admin", "adminpwd", true)), s.auth().users());
        assertEquals(Path.of("/tmp/haproxy"), s.transactions().dir());
        assertEquals(Path.of("/etc/haproxy/haproxy.cfg"), s.haproxy().configFile());
        assertEquals("/usr/sbin/haproxy", s.haproxy().haproxyBin());
        assertEquals(Optional.of("service haproxy reload"), s.haproxy().reload().reloadCmd());
        assertEquals(Optional.of("service haproxy restart"), s.haproxy().reload().restartCmd());
        assertEquals(5, s.haproxy().reload().delaySeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"settings/full.hcl", "settings/full.yaml"})
    void knowsEveryKeyOfTheOfficialServer(String file) throws Exception {
        SettingsLoader.Run run = load(Map.of(), "-f", Fixtures.path(file).toString());
        Settings s = run.settings();
        assertEquals(List.of(), run.warnings(), "no key of the full example may be unknown");
        assertEquals("127.0.0.1", s.listener().host());
        assertEquals(8080, s.listener().port());
        assertEquals(Optional.of("127.0.0.2"), s.listener().tls().host());
        assertEquals(8443, s.listener().tls().port());
        assertTrue(s.showSystemInfo());
        assertTrue(s.disableInotify());
        assertEquals(2, s.auth().users().size());
        assertEquals(new Settings.User("ops", "$5$salt$hash", false), s.auth().users().get(0));
        assertEquals("api", s.auth().userlist());
        assertEquals(Optional.of("/etc/haproxy/users.cfg"), s.auth().userlistFile());
        assertEquals(new Settings.Transactions(Path.of("/var/lib/dpapi/tx"), 3, Optional.of(Path.of("/var/lib/dpapi/backups")), 7),
                s.transactions());
        assertEquals(Path.of("/var/lib/dpapi/spoe-tx"), s.resources().spoeTransactionDir());
        assertEquals(Optional.of("/run/haproxy-master.sock"), s.haproxy().masterRuntime());
        assertTrue(s.haproxy().masterWorkerMode());
        assertEquals(2, s.haproxy().reload().delaySeconds());
        assertEquals(Optional.empty(), s.haproxy().reload().validateCmd(), "\"null\" means unset");
        // log_targets lists one: the log block is then not a target, but its access format is the default one
        assertEquals(new Settings.Logging(List.of(new Settings.LogTarget("stdout", "/var/log/dataplaneapi/dataplaneapi.log",
                "info", "text", new Settings.Syslog("", "tcp", "dataplaneapi", "debug", "local0"), List.of("access", "app"),
                "%h %t"))), s.logging());
    }

    @Test
    void withoutLogTargetsTheLogBlockIsOneTargetOfBothLogs() throws Exception {
        Settings s = load(Map.of(), "-f", "", "--reload-cmd", "r", "--restart-cmd", "r", "--log-to", "syslog",
                "--syslog-address", "127.0.0.1:514", "--syslog-protocol", "udp", "--log-level", "info").settings();
        assertEquals(List.of(new Settings.LogTarget("syslog", "/var/log/dataplaneapi/dataplaneapi.log", "info", "text",
                new Settings.Syslog("127.0.0.1:514", "udp", "dataplaneapi", "debug", "local0"), List.of("app", "access"),
                "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %{us}T")), s.logging().targets());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "--log-to=syslog|configuration error: syslog_address: required with log_to syslog",
            "--syslog-protocol=sctp|configuration error: syslog_protocol: 'sctp' is not one of tcp, tcp4, tcp6, udp, udp4, udp6, unix, unixgram",
            "--log-to=kafka|configuration error: log_to: 'kafka' is not one of stdout, file, syslog"})
    void aLogTargetThatCannotWorkIsRefused(String flag, String message) {
        List<String> args = new java.util.ArrayList<>(List.of("-f", "", "--reload-cmd", "r", "--restart-cmd", "r", flag));
        if (flag.startsWith("--syslog-protocol")) {
            args.addAll(List.of("--log-to", "syslog", "--syslog-address", "127.0.0.1:514"));
        }
        SettingsException e = org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class,
                () -> load(Map.of(), args.toArray(String[]::new)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void flagsWinOverTheFileAndTheFileOverDefaults() throws Exception {
        Path file = Fixtures.path("seed/dataplaneapi.hcl");
        Settings s = load(Map.of(), "-f", file.toString(), "--port", "6000", "-c", "/x/h.cfg", "--reload-delay=9").settings();
        assertEquals(6000, s.listener().port());
        assertEquals(Path.of("/x/h.cfg"), s.haproxy().configFile());
        assertEquals(9, s.haproxy().reload().delaySeconds());
        assertEquals("/usr/sbin/haproxy", s.haproxy().haproxyBin(), "from the file");
        assertEquals(20, s.transactions().maxOpen(), "built-in default");
        assertEquals("controller", s.auth().userlist(), "built-in default");
    }

    @Test
    void environmentVariablesBeatTheFileButNotFlags() throws Exception {
        Path file = Fixtures.path("seed/dataplaneapi.yaml");
        assertEquals(7000, load(Map.of("PORT", "7000"), "-f", file.toString()).settings().listener().port());
        assertEquals(7001, load(Map.of("PORT", "7000"), "-f", file.toString(), "--port", "7001").settings().listener().port());
        assertEquals(5555, load(Map.of("PORT", ""), "-f", file.toString()).settings().listener().port());
    }

    @Test
    void unknownKeysAreWarnedAboutWithTheirLine() throws Exception {
        Path file = write("s.hcl", """
                dataplaneapi {
                  port = 5555
                  colour = "blue"
                }
                haproxy {
                  reload {
                    reload_cmd = "true"
                    restart_cmd = "true"
                  }
                }
                """);
        SettingsLoader.Run run = load(Map.of(), "-f", file.toString());
        assertEquals(List.of(file + ":3: unknown setting 'dataplaneapi.colour' ignored"), run.warnings());
    }

    @Test
    void anUnclosedBlockNamesFileAndLine() throws Exception {
        Path file = write("bad.hcl", "dataplaneapi {\n  port = 5555\n  user \"a\" {\n    password = \"x\"\n}\n");
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(), "-f", file.toString()));
        assertEquals(file + ":1: invalid HCL: '{' is never closed", e.getMessage());
    }

    @Test
    void anHclSyntaxErrorNamesFileAndLine() throws Exception {
        Path file = write("bad2.hcl", "dataplaneapi {\n  port 5555\n}\n");
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(), "-f", file.toString()));
        assertTrue(e.getMessage().startsWith(file + ":2: invalid HCL: "), e.getMessage());
    }

    @Test
    void anEmptyStorageDirectoryIsRefusedAndTheDefaultTaken() throws Exception {
        assertEquals(List.of("maps_dir: must name a directory, not be empty"), load(Map.of(), "-f", "", "-p", "", "-r", "x", "-s", "x").unsupported());
        Path file = write("empty.yaml", "dataplaneapi:\n  resources:\n    ssl_certs_dir: \"\"\n    spoe_dir: \"\"\n");
        assertEquals(List.of("ssl_certs_dir: must name a directory, not be empty", "spoe_dir: must name a directory, not be empty"),
                load(Map.of(), "-f", file.toString(), "-r", "x", "-s", "x").unsupported());
        SettingsLoader.Run defaults = load(Map.of(), "-f", "", "-r", "x", "-s", "x");
        assertEquals(List.of(), defaults.unsupported());
        assertEquals(Path.of("/etc/haproxy/maps"), defaults.settings().resources().mapsDir());
    }

    @Test
    void aYamlSyntaxErrorNamesFileAndLine() throws Exception {
        Path file = write("bad.yaml", "dataplaneapi:\n  port: 5555\n   host: x\n");
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(), "-f", file.toString()));
        assertTrue(e.getMessage().startsWith(file + ":3: invalid YAML: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        Path unclosed = write("unclosed.yaml", "dataplaneapi:\n  host: [\n");
        e = assertThrows(SettingsException.class, () -> load(Map.of(), "-f", unclosed.toString()));
        assertEquals(unclosed + ":2: invalid YAML: while parsing a flow node: expected the node content, but found "
                + "'<stream end>'", e.getMessage());
    }

    @Test
    void aWrongTypeNamesTheSettingAndItsLine() throws Exception {
        Path file = write("t.yaml", "dataplaneapi:\n  port: lots\n");
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(), "-f", file.toString()));
        assertEquals(file + ":2: setting 'dataplaneapi.port' must be a whole number, got 'lots'", e.getMessage());
    }

    @Test
    void anUnreadableFileSaysSo() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory.hcl"));
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(), "-f", directory.toString()));
        assertTrue(e.getMessage().startsWith(directory + ": cannot read settings file: "), e.getMessage());
    }

    @Test
    void aMissingFileStartsOnFlagsAndDefaultsWithAWarningAndIsNotCreated() throws Exception {
        Path missing = dir.resolve("missing.yaml");
        SettingsLoader.Run run = assertInstanceOf(SettingsLoader.Run.class, SettingsLoader.load(
                new String[] {"-f", missing.toString(), "--port", "5566", "--config-file", "/etc/haproxy/haproxy.cfg",
                        "--reload-cmd", "true", "--restart-cmd", "true"},
                Map.of(), "v1"));
        assertEquals(5566, run.settings().listener().port());
        assertTrue(run.warnings().stream().anyMatch(w -> w.startsWith("configuration file " + missing + " does not exist")),
                run.warnings().toString());
        assertFalse(Files.exists(missing), "the file is not created");
    }

    @Test
    void theCustomReloadStrategyNeedsBothCommands() throws Exception {
        Path file = write("r.yaml", "haproxy:\n  reload:\n    reload_cmd: x\n");
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(), "-f", file.toString()));
        assertEquals("configuration error: the custom reload strategy requires these options to be set: "
                + "ReloadCmd, RestartCmd", e.getMessage());
        Settings systemd = load(Map.of(), "-f", "", "--reload-strategy", "systemd").settings();
        assertEquals(Optional.of("sudo -n systemctl reload haproxy.service"), systemd.haproxy().reload().reloadCmd());
    }

    @Test
    void anUnknownFlagIsAnError() {
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(), "--no-such-flag"));
        assertTrue(e.getMessage().contains("--no-such-flag"), e.getMessage());
    }

    @Test
    void helpAndVersionExitWithoutRunning() throws Exception {
        SettingsLoader.Exit help = assertInstanceOf(SettingsLoader.Exit.class,
                SettingsLoader.load(new String[] {"--help"}, Map.of(), "v1"));
        assertEquals(0, help.status());
        assertTrue(help.output().contains("--reload-cmd"));
        assertTrue(help.output().contains("--userlist-file"));
        SettingsLoader.Exit version = assertInstanceOf(SettingsLoader.Exit.class,
                SettingsLoader.load(new String[] {"-v"}, Map.of(), "v1"));
        assertEquals("v1", version.output());
    }

    @Test
    void theSettingsFileIsNeverWritten() throws Exception {
        Path file = Files.copy(Fixtures.path("seed/dataplaneapi.hcl"), dir.resolve("ro.hcl"));
        String before = Files.readString(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        load(Map.of(), "-f", file.toString(), "--port", "1");
        assertEquals(before, Files.readString(file));
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
        assertFalse(Files.exists(dir.resolve("ro.hcl.bak")));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
