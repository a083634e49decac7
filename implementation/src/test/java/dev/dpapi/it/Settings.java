package dev.dpapi.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Settings files for the tests, in the install guide's HCL form. */
final class Settings {

    private Settings() {
    }

    /** The guide's settings pointed at a test's haproxy.cfg and temp dirs. */
    static Path seedLike(Path dir, Path haproxyConfig) throws IOException {
        return Files.writeString(dir.resolve("dataplaneapi.hcl"), """
                dataplaneapi {
                  host = ""
                  port = 5555
                  user "admin" {
                    insecure = true
                    password = "adminpwd"
                  }
                  transaction {
                    transaction_dir = "%s"
                  }
                }
                haproxy {
                  config_file = "%s"
                  haproxy_bin = "%s"
                  reload {
                    reload_cmd  = "true"
                    restart_cmd = "true"
                    reload_delay = "5"
                  }
                }
                """.formatted(dir.resolve("tx"), haproxyConfig, HaproxyProcess.BIN));
    }
}
