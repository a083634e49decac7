package dev.dpapi.it;

import dev.dpapi.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Settings files for the tests, in the install guide's HCL form. */
final class Settings {

    private Settings() {
    }

    /** The guide's settings file, pointed at a test's haproxy.cfg and temp dirs. */
    static Path seedLike(Path dir, Path haproxyConfig) throws IOException {
        String seed = Files.readString(Fixtures.path("seed/dataplaneapi.hcl"))
                .replace("/tmp/haproxy", dir.resolve("tx").toString())
                .replace("/etc/haproxy/haproxy.cfg", haproxyConfig.toString())
                .replace("/usr/sbin/haproxy", HaproxyProcess.BIN)
                .replace("service haproxy reload", "true")
                .replace("service haproxy restart", "true");
        return Files.writeString(dir.resolve("dataplaneapi.hcl"), seed);
    }

    /**
     * A reload command (for {@code --reload-cmd}) that records each run as one line of {@code dir/reloads.log}:
     * proof that the API ran it, where {@code true} would prove nothing. Read the count with {@link #reloadsRun}.
     */
    static String recordingReloadCommand(Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("record-reload.sh"),
                "#!/bin/sh\necho reloaded >> " + dir.resolve("reloads.log") + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }

    /** How many times the command of {@link #recordingReloadCommand} ran. */
    static long reloadsRun(Path dir) throws IOException {
        Path log = dir.resolve("reloads.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }
}
