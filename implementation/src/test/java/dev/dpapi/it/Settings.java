package dev.dpapi.it;

import dev.dpapi.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
