import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark of the Data Plane API on a large configuration: 2,000 backends x 10 servers. Prints start-up
 * time, RSS, and p50/p99 of list, get and validated create, beside the time of `haproxy -c` on the same file
 * (the floor no validated write can beat). Figures only: nothing is asserted.
 *
 *   java ConfigBenchmark.java <path to dataplaneapi executable> [backends] [servers per backend]
 */
public class ConfigBenchmark {

    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes());
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Path executable = Path.of(args[0]).toAbsolutePath();
        int backends = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int servers = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("dpapi-bench");
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config(dir, backends, servers));
        System.out.printf("config: %d backends x %d servers, %d lines, %d KiB%n", backends, servers,
                Files.readAllLines(cfg).size(), Files.size(cfg) / 1024);

        List<Double> floor = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder("haproxy", "-W", "-c", "-f", cfg.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            floor.add(ms(t));
        }
        double floorP50 = pct(floor, 50);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path settings = Files.writeString(dir.resolve("dataplaneapi.yaml"), """
                dataplaneapi:
                  user: [{name: admin, insecure: true, password: adminpwd}]
                  transaction: {transaction_dir: %s}
                haproxy:
                  config_file: %s
                  reload: {reload_cmd: "true", restart_cmd: "true", reload_delay: 1}
                """.formatted(dir.resolve("tx"), cfg));
        long start = System.nanoTime();
        Process api = new ProcessBuilder(executable.toString(), "-f", settings.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("api.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port + "/v2";
            while (status(base + "/info") != 200) {
                if (!api.isAlive() || ms(start) > 60_000) {
                    throw new IllegalStateException("the API did not start: " + Files.readString(dir.resolve("api.log")));
                }
                Thread.sleep(10);
            }
            double startup = ms(start);
            Thread.sleep(1000);
            long rssKb = rss(api.pid());

            String c = base + "/services/haproxy/configuration";
            List<Double> info = time(500, i -> get(base + "/info"));
            List<Double> list = time(30, i -> get(c + "/backends"));
            List<Double> one = time(500, i -> get(c + "/backends/be" + (i % backends)));
            long version = Long.parseLong(body(c + "/version").strip());
            List<Double> create = time(30, i -> post(c + "/servers?backend=be" + i + "&version=" + (version + i),
                    "{\"name\":\"bench" + i + "\",\"address\":\"127.0.0.1\",\"port\":" + (20000 + i) + "}"));

            System.out.println();
            System.out.println("| measure | figure | target |");
            System.out.println("|---|---|---|");
            System.out.printf("| start to first 200 on /v2/info | %.0f ms | <= 1000 ms |%n", startup);
            System.out.printf("| RSS after start | %d MB | <= 160 MB |%n", rssKb / 1024);
            System.out.printf("| GET /v2/info p50 / p99 (baseline) | %.2f / %.2f ms | |%n", pct(info, 50), pct(info, 99));
            System.out.printf("| list all backends p50 / p99 | %.1f / %.1f ms | p50 <= 100 ms |%n", pct(list, 50), pct(list, 99));
            System.out.printf("| one backend p50 / p99 | %.2f / %.2f ms | p50 <= 1 ms |%n", pct(one, 50), pct(one, 99));
            System.out.printf("| validated create (server) p50 / p99 | %.1f / %.1f ms | p50 <= 1.3 x floor = %.1f ms |%n",
                    pct(create, 50), pct(create, 99), 1.3 * floorP50);
            System.out.printf("| haproxy -c floor p50 | %.1f ms | |%n", floorP50);
            System.out.printf("| create / floor | %.2f x | <= 1.3 x |%n", pct(create, 50) / floorP50);
        } finally {
            api.destroy();
            if (!api.waitFor(15, TimeUnit.SECONDS)) {
                api.destroyForcibly();
            }
        }
    }

    static String config(Path dir, int backends, int servers) {
        StringBuilder b = new StringBuilder("# _version=1\nglobal\n  stats socket " + dir.resolve("h.sock")
                + " mode 600 level admin\n\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n"
                + "  timeout server 30s\n\nfrontend fe\n  bind 127.0.0.1:18443\n  default_backend be0\n");
        for (int i = 0; i < backends; i++) {
            b.append("\nbackend be").append(i).append("\n  balance roundrobin\n");
            for (int j = 0; j < servers; j++) {
                // loopback only, and no health checks: nothing leaves the machine
                b.append("  server s").append(j).append(" 127.0.0.").append(1 + j).append(':')
                        .append(10000 + i).append(" weight 10\n");
            }
        }
        return b.toString();
    }

    interface Call {
        int run(int i) throws Exception;
    }

    static List<Double> time(int n, Call call) throws Exception {
        call.run(0); // warm-up, outside the figures
        List<Double> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            long t = System.nanoTime();
            int code = call.run(i);
            out.add(ms(t));
            if (code >= 300) {
                throw new IllegalStateException("HTTP " + code + " on call " + i);
            }
        }
        return out;
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", AUTH);
    }

    static int status(String url) {
        try {
            return HTTP.send(request(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static int get(String url) throws Exception {
        return HTTP.send(request(url).build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    }

    static String body(String url) throws Exception {
        return HTTP.send(request(url).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static int post(String url, String json) throws Exception {
        return HTTP.send(request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
