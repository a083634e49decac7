package dev.dpapi.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The install guide's texts, and loopback-only haproxy.cfg files built around its stats socket line. */
public final class Seed {

    public static final String SOCKET = "/var/run/haproxy.sock";
    public static final String STATS_SOCKET_LINE =
            "stats socket " + SOCKET + " user haproxy group haproxy mode 660 level admin expose-fd listeners";
    public static final String SETTINGS_HCL = "/etc/haproxy/dataplaneapi.hcl";
    public static final String USER = "admin";
    public static final String PASSWORD = "adminpwd";

    /** Parents of every kind, for the families' children: userlist, resolvers, mailers, peers, log-forward. */
    public static final String PARENTS = """

            userlist ul
              user existing insecure-password x

            resolvers rs
              nameserver dns1 127.0.0.1:53

            mailers ms
              mailer m1 127.0.0.1:25

            peers ps
              peer p1 127.0.0.1:%d

            log-forward lf
              dgram-bind 127.0.0.1:%d
              log 127.0.0.1:514 local0
            """;

    private Seed() {
    }

    /** The guide's HCL settings as written (the install check only), on {@code port} instead of 5555. */
    public static String hcl(int port) {
        return fixture("seed/dataplaneapi.hcl").replace("port = 5555", "port = " + port);
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

    /** {@link #PARENTS} on free ports. */
    public static String parents() {
        return PARENTS.formatted(freePort(), freePort());
    }

    /** Ports handed out in this run: checks run side by side on the host network, so none is given twice. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A port free now and never handed out before in this run. */
    public static int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port left that this run has not handed out already");
    }

    private static final Pattern PORT_PLACEHOLDER = Pattern.compile("@PORT\\d*@");

    /** The haproxy.cfg files of {@code fixtures/haproxy}, by name. */
    public static List<String> haproxyFixtures() {
        try (Stream<Path> files = Files.list(fixtures().resolve("haproxy"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cfg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fixture {@code name} of {@code fixtures/haproxy} made loadable here: its placeholders filled with the guide's
     * stats socket ({@code @SOCKET@}) and ports free on this host ({@code @PORT@}, {@code @PORT2@}...).
     */
    public static String haproxyFixture(String name) {
        String text = fixture("haproxy/" + name).replace("@SOCKET@", SOCKET);
        Map<String, String> ports = new HashMap<>();
        return PORT_PLACEHOLDER.matcher(text)
                .replaceAll(m -> ports.computeIfAbsent(m.group(), p -> Integer.toString(freePort())));
    }

    public static boolean hasHaproxyFixture(String name) {
        return Files.isRegularFile(fixtures().resolve("haproxy").resolve(name));
    }

    private static Path fixtures() {
        return Path.of(System.getProperty("conformance.fixtures", "../fixtures"));
    }

    private static String fixture(String relative) {
        Path path = fixtures().resolve(relative);
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
