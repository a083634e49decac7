import dev.dpapi.it.HaproxyProcess;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runtime figures against a running haproxy with 2,000 backends: a 100,000-entry map payload through
 * PUT /runtime/maps/{name} (time, and the commits the socket saw), GET /stats/native (p50), and a runtime
 * server change (PUT /runtime/servers/{name}, p50) beside a bare `set server` round trip on the socket, and beside
 * the least an HTTP request costs (GET /runtime, a fixed list of links). The timed requests go over one kept
 * HTTP/1.1 connection written and read plainly, so that the client's own cost stays out of the figures
 * (java.net.http hands each request between threads, about 0.5 ms). With BENCH_STACK_CLASSPATH (the implementation's
 * dependencies), the same change is measured against BareStack.java, the least server the design's stack allows.
 *
 *   javac -d classes src/test/java/dev/dpapi/it/HaproxyProcess.java     (run.sh does this)
 *   [BENCH_STACK_CLASSPATH=...] java -cp classes implementation/bench/RuntimeBenchmark.java path/to/build/dataplaneapi [backends] [entries]
 *   (from the repository's root)
 */
public class RuntimeBenchmark {

    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes());
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Path executable = Path.of(args[0]);
        int backends = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int entries = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Path dir = Files.createTempDirectory("runtime-bench");
        Path socket = dir.resolve("haproxy.sock");
        Files.createDirectories(dir.resolve("maps"));
        Path map = Files.writeString(dir.resolve("maps/big.map"), "seed.example 0\n");
        StringBuilder cfg = new StringBuilder("""
                global
                  stats socket %s mode 600 level admin

                defaults
                  mode http
                  timeout connect 5s
                  timeout client 30s
                  timeout server 30s

                frontend fe
                  bind 127.0.0.1:%d
                  http-request set-header X-Pool %%[req.hdr(host),map(%s)]
                  default_backend b0
                """.formatted(socket, freePort(), map));
        for (int b = 0; b < backends; b++) {
            cfg.append("\nbackend b").append(b).append('\n')
                    .append("  server s1 127.0.0.1:").append(10000 + b % 50000).append(" weight 10\n")
                    .append("  server s2 127.0.0.2:").append(10000 + b % 50000).append(" weight 10\n");
        }
        Path config = Files.writeString(dir.resolve("haproxy.cfg"), cfg);
        HaproxyProcess haproxy = HaproxyProcess.start(config, socket);
        Process api = null;
        Process bare = null;
        try {
            Path settings = Files.writeString(dir.resolve("dataplaneapi.hcl"), """
                    dataplaneapi {
                      user "admin" {
                        insecure = true
                        password = "adminpwd"
                      }
                      transaction {
                        transaction_dir = "%1$s/tx"
                      }
                      resources {
                        maps_dir = "%1$s/maps"
                        ssl_certs_dir = "%1$s/ssl"
                        general_storage_dir = "%1$s/general"
                      }
                    }
                    haproxy {
                      config_file = "%2$s"
                      haproxy_bin = "haproxy"
                      reload {
                        reload_cmd = "true"
                        restart_cmd = "true"
                      }
                    }
                    """.formatted(dir, config));
            int port = freePort();
            // 100,000 entries are about 5 MB of JSON: a map payload is held to max_upload_size (64 MiB by default)
            api = new ProcessBuilder(executable.toString(), "-f", settings.toString(), "--host", "127.0.0.1",
                    "--port", Integer.toString(port)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("api.log").toFile()).start();
            String base = "http://127.0.0.1:" + port + "/v2/services/haproxy";
            waitFor(() -> status(base.replace("/services/haproxy", "/info")) == 200, "the API");

            StringBuilder payload = new StringBuilder("[");
            for (int i = 0; i < entries; i++) {
                payload.append(i == 0 ? "" : ",").append("{\"key\":\"host").append(i).append(".example\",\"value\":\"pool")
                        .append(i % 97).append("\"}");
            }
            payload.append(']');
            long start = System.nanoTime();
            int st = send("PUT", base + "/runtime/maps/big", payload.toString());
            double payloadMs = (System.nanoTime() - start) / 1e6;
            String info = haproxy.runtime("show map").lines().filter(l -> l.contains(map.toString())).findFirst().orElse("");
            System.out.printf("map payload of %,d entries: %d in %.0f ms; show map: %s%n", entries, st, payloadMs,
                    info.replaceAll(".*(curr_ver=\\S+ next_ver=\\S+ entry_cnt=\\S+).*", "$1"));

            KeptConnection http = new KeptConnection(port);
            String path = "/v2/services/haproxy";
            for (int i = 0; i < 5; i++) {
                http.send("GET", path + "/stats/native", null); // warm-up
            }
            List<Double> stats = new ArrayList<>();
            double cpu = cpu(api.pid());
            for (int i = 0; i < 30; i++) {
                long t = System.nanoTime();
                http.send("GET", path + "/stats/native", null);
                stats.add((System.nanoTime() - t) / 1e6);
            }
            double statsCpu = (cpu(api.pid()) - cpu) / 30.0;
            List<Double> bareStats = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                long t = System.nanoTime();
                haproxy.runtime("show stat");
                bareStats.add((System.nanoTime() - t) / 1e6);
            }
            System.out.printf("GET /stats/native with %,d backends: p50 %.1f ms (API CPU %.1f ms per request); "
                    + "bare show stat on the socket: p50 %.1f ms%n", backends, p50(stats), statsCpu, p50(bareStats));

            System.out.println("runtime server change, the API: " + change(http, haproxy, api.pid()));
            String stack = System.getenv("BENCH_STACK_CLASSPATH");
            if (stack != null) {
                // the same measure against the least server the design's stack allows (BareStack.java)
                int barePort = freePort();
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                command.addAll(List.of(launcherJvmOptions(executable).split(" ")));
                command.addAll(List.of("-cp", stack, "implementation/bench/BareStack.java", socket.toString(),
                        Integer.toString(barePort)));
                bare = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("bare.log").toFile()).start();
                waitFor(() -> Files.readString(dir.resolve("bare.log")).contains("listening on"), "the bare stack server");
                System.out.println("runtime server change, a bare Helidon route with the same exchange on a kept "
                        + "junixsocket connection: " + change(new KeptConnection(barePort), haproxy, bare.pid()));
            }
        } finally {
            for (Process p : new Process[] {api, bare}) {
                if (p != null) {
                    p.destroy();
                    p.waitFor(15, TimeUnit.SECONDS);
                }
            }
            haproxy.close();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A runtime server change on a kept HTTP connection, interleaved with a bare {@code set server} on the socket (a
     * new connection each, as socat does) and with the least request, {@code GET /runtime}; p50 of the last 1,800 of
     * 2,000 rounds, and the server's CPU per request from /proc.
     */
    static String change(KeptConnection http, HaproxyProcess haproxy, long pid) throws IOException {
        String path = "/v2/services/haproxy";
        List<Double> floor = new ArrayList<>();
        List<Double> change = new ArrayList<>();
        List<Double> request = new ArrayList<>();
        double requestCpu = 0;
        double cpu = 0;
        int rounds = 2000;
        int warm = 200;
        for (int i = 0; i < rounds; i++) {
            if (i == warm) {
                cpu = cpu(pid);
            }
            long t = System.nanoTime();
            haproxy.runtime("set server b1/s1 weight " + (1 + i % 50));
            floor.add((System.nanoTime() - t) / 1e6);
            double before = cpu(pid);
            t = System.nanoTime();
            http.send("GET", path + "/runtime", null);
            request.add((System.nanoTime() - t) / 1e6);
            requestCpu += i >= warm ? cpu(pid) - before : 0;
            t = System.nanoTime();
            http.send("PUT", path + "/runtime/servers/s2?backend=b1",
                    "{\"admin_state\":\"" + (i % 2 == 0 ? "drain" : "ready") + "\"}");
            change.add((System.nanoTime() - t) / 1e6);
        }
        double changeCpu = (cpu(pid) - cpu - requestCpu) / (rounds - warm);
        double f = p50(floor.subList(warm, rounds));
        double c = p50(change.subList(warm, rounds));
        double r = p50(request.subList(warm, rounds));
        return String.format(Locale.ROOT, "p50 %.3f ms (CPU %.2f ms); bare set server on the socket: p50 %.3f ms "
                + "(%.1f x); the least request, GET /runtime: p50 %.3f ms (CPU %.2f ms); change above it: %.3f ms "
                + "(%.1f x the socket floor)",
                c, changeCpu, f, c / f, r, requestCpu / (rounds - warm), c - r, (c - r) / f);
    }

    /** The JVM options the executable's launcher passes (its {@code jvm_options="..."} line). */
    static String launcherJvmOptions(Path executable) throws IOException {
        try (InputStream in = Files.newInputStream(executable)) {
            String head = new String(in.readNBytes(8192), StandardCharsets.ISO_8859_1);
            return head.lines().filter(l -> l.startsWith("jvm_options=\"")).findFirst()
                    .map(l -> l.substring("jvm_options=\"".length(), l.lastIndexOf('"')))
                    .orElseThrow(() -> new IOException("no jvm_options line in " + executable));
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void waitFor(Condition c, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!c.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", AUTH).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static int send(String method, String url, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", AUTH)
                .header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + ": " + r.statusCode() + " " + r.body());
        }
        return r.statusCode();
    }

    /** HTTP/1.1 on one kept connection, plainly: a request written at once, an answer of Content-Length bytes. */
    static final class KeptConnection {
        private final OutputStream out;
        private final InputStream in;

        KeptConnection(int port) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream());
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }

        void send(String method, String path, String json) throws IOException {
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH + "\r\n"
                    + (json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException(method + " " + path + ": connection closed");
                }
                head.append((char) c);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            long length = head.toString().lines().filter(l -> l.regionMatches(true, 0, "content-length:", 0, 15))
                    .mapToLong(l -> Long.parseLong(l.substring(15).strip())).findFirst()
                    .orElseThrow(() -> new IOException(method + " " + path + ": no Content-Length in " + head));
            byte[] answer = in.readNBytes((int) length);
            if (status >= 300) {
                throw new IllegalStateException(method + " " + path + ": " + status + " " + new String(answer, StandardCharsets.UTF_8));
            }
        }
    }

    /** CPU milliseconds the process has used so far (user + system): wall times move with the neighbours, this much less. */
    static double cpu(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0; // USER_HZ is 100 on Linux
    }

    static double p50(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
