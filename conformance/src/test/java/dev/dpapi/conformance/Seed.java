package dev.dpapi.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** The install guide's texts, and loopback-only haproxy.cfg files built around its stats socket line. */
public final class Seed {

    public static final String SOCKET = "/var/run/haproxy.sock";
    public static final String STATS_SOCKET_LINE =
            "stats socket " + SOCKET + " user haproxy group haproxy mode 660 level admin expose-fd listeners";
    public static final String SETTINGS_HCL = "/etc/haproxy/dataplaneapi.hcl";
    public static final String SETTINGS_YAML = "/etc/haproxy/dataplaneapi.yaml";
    public static final String USER = "admin";
    public static final String PASSWORD = "adminpwd";

    private Seed() {
    }

    /** The guide's HCL settings as written, on {@code port} instead of 5555 (tests share the host network). */
    public static String hcl(int port) {
        return fixture("seed/dataplaneapi.hcl").replace("port = 5555", "port = " + port);
    }

    /** The same settings in YAML. */
    public static String yaml(int port) {
        return fixture("seed/dataplaneapi.yaml").replace("port: 5555", "port: " + port);
    }

    /** A settings text with the guide's reload commands replaced (containers have no service manager). */
    public static String withReloadCommand(String settings, String command) {
        return settings.replace("service haproxy reload", command).replace("service haproxy restart", command);
    }

    /** A haproxy.cfg with the guide's stats socket line, a frontend and a backend, all on loopback. */
    public static String haproxyConfig(int frontendPort, String extra) {
        return """
                global
                  %s

                defaults
                  mode http
                  timeout connect 5s
                  timeout client 30s
                  timeout server 30s

                frontend fe
                  bind 127.0.0.1:%d
                  default_backend be

                backend be
                  server s1 127.0.0.1:%d
                %s""".formatted(STATS_SOCKET_LINE, frontendPort, frontendPort + 1, extra);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fixture(String relative) {
        Path path = Path.of(System.getProperty("conformance.fixtures", "../fixtures")).resolve(relative);
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
