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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Growth table of the Data Plane API on large configurations: for each size (backends x 10 servers), the
 * `haproxy -c` floor, start-up, RSS at start and after a long workload, list, one object, a validated write and
 * its part above the floor, transactions; then the ratio from each size to the next (the file grows 5x from one
 * size to the next, so a linear cost shows about 5x). Figures only: nothing is asserted.
 *
 *   java ConfigBenchmark.java <path to dataplaneapi executable> [backends...]     (default: 2000 10000 50000)
 *
 * The long workload is 1,000 validated writes and 20 transactions of 50 changes up to 10,000 backends; at larger
 * sizes (where one write costs seconds) 100 writes and 5 transactions. BENCH_LONG_WRITES sets the number of
 * writes (one number, or one per size such as "1000,1000,100"; one transaction per 50 writes, per 20 above
 * 10,000 backends) for a quicker look or a loaded machine; DATAPLANEAPI_JAVA_OPTS reaches the API's JVM.
 */
public class ConfigBenchmark {

    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes());
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int SERVERS = 10;
    static final List<Integer> SIZES = new ArrayList<>();

    /** One column of the table: figure name to value. */
    record Column(int backends, Map<String, Double> figures) {
    }

    static final List<String> ROWS = List.of(
            "file (MiB)", "haproxy -c floor p50 (ms)", "start to first 200 (ms)", "RSS after start (MB)",
            "list all backends p50 (ms)", "one backend p50 (ms)", "one backend: API CPU (ms)",
            "one backend, warm: p50 (ms)", "one backend, warm: API CPU (ms)", "one server p50 (ms)",
            "validated write p50 (ms)", "write above the floor (ms)", "write above the floor (% of floor)",
            "write: API CPU (ms)", "write: haproxy -c CPU (ms)", "write: API CPU (% of haproxy -c CPU)",
            "50-change transaction (ms)", "200 server POSTs + commit (ms)", "200 POSTs + commit: API CPU (ms)", "long workload: writes / transactions",
            "RSS after the long workload (MB)", "RSS after 10 s idle (MB)", "RSS after / at start (x)");

    public static void main(String[] args) throws Exception {
        Path executable = Path.of(args[0]).toAbsolutePath();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(2000, 10000, 50000);
        }
        SIZES.addAll(sizes);
        List<Column> columns = new ArrayList<>();
        for (int backends : sizes) {
            columns.add(measure(executable, backends));
            print(columns); // after each size, so that a long run shows its figures as they come
        }
    }

    static Column measure(Path executable, int backends) throws Exception {
        Map<String, Double> f = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("dpapi-bench");
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config(dir, backends));
        f.put("file (MiB)", Files.size(cfg) / 1048576.0);
        progress("%d backends x %d servers: %.1f MiB", backends, SERVERS, f.get("file (MiB)"));

        List<Double> floor = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder("haproxy", "-W", "-c", "-f", cfg.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            floor.add(ms(t));
        }
        double floorP50 = pct(floor, 50);
        f.put("haproxy -c floor p50 (ms)", floorP50);

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
                if (!api.isAlive() || ms(start) > 120_000) {
                    throw new IllegalStateException("the API did not start: " + Files.readString(dir.resolve("api.log")));
                }
                Thread.sleep(10);
            }
            f.put("start to first 200 (ms)", ms(start));
            Thread.sleep(1000);
            long startRss = rss(api.pid());
            f.put("RSS after start (MB)", startRss / 1024.0);

            String c = base + "/services/haproxy/configuration";
            int lists = backends >= 50000 ? 3 : backends >= 10000 ? 5 : 10;
            f.put("list all backends p50 (ms)", pct(time(lists, i -> get(c + "/backends")), 50));
            long[] cpu = cpu(api.pid());
            f.put("one backend p50 (ms)", pct(time(500, i -> get(c + "/backends/be" + (i * 7919 % backends))), 50));
            f.put("one backend: API CPU (ms)", (cpu(api.pid())[0] - cpu[0]) / 501.0);
            // the same again: the first reads of a kind also pay for compiling their code
            cpu = cpu(api.pid());
            f.put("one backend, warm: p50 (ms)", pct(time(500, i -> get(c + "/backends/be" + (i * 7919 % backends))), 50));
            f.put("one backend, warm: API CPU (ms)", (cpu(api.pid())[0] - cpu[0]) / 501.0);
            f.put("one server p50 (ms)", pct(time(500, i -> get(c + "/servers/s" + (i % SERVERS) + "?backend=be"
                    + (i * 7919 % backends))), 50));
            progress("  reads done");

            int[] n = {0}; // names of new servers, unique over the run
            int writes = backends >= 50000 ? 5 : 10;
            cpu = cpu(api.pid());
            double write = pct(time(writes, i -> {
                long version = version(c);
                return post(c + "/servers?backend=be" + (i % backends) + "&version=" + version, server("w", n));
            }), 50);
            f.put("validated write p50 (ms)", write);
            f.put("write above the floor (ms)", write - floorP50);
            f.put("write above the floor (% of floor)", 100 * (write - floorP50) / floorP50);
            long[] used = cpu(api.pid());
            double apiCpu = (used[0] - cpu[0]) / (writes + 1.0);
            double floorCpu = (used[1] - cpu[1]) / (writes + 1.0);
            f.put("write: API CPU (ms)", apiCpu);
            f.put("write: haproxy -c CPU (ms)", floorCpu);
            f.put("write: API CPU (% of haproxy -c CPU)", 100 * apiCpu / floorCpu);
            progress("  writes done");

            f.put("50-change transaction (ms)", pct(time(backends >= 50000 ? 1 : 3,
                    i -> transaction(c, backends, 50, n)), 50));
            cpu = cpu(api.pid());
            f.put("200 server POSTs + commit (ms)", pct(time(1, i -> transaction(c, backends, 200, n)), 50));
            f.put("200 POSTs + commit: API CPU (ms)", (cpu(api.pid())[0] - cpu[0]) / 2.0);
            progress("  transactions done");

            int longWrites = longWrites(backends);
            int longTransactions = Math.max(1, backends > 10000 ? longWrites / 20 : longWrites / 50);
            f.put("long workload: writes / transactions", (double) longWrites * 1000 + longTransactions);
            for (int i = 0; i < longWrites; i++) {
                expect(post(c + "/servers?backend=be" + (i % backends) + "&version=" + version(c), server("l", n)));
                if ((i + 1) % (longWrites / longTransactions) == 0) {
                    expect(transaction(c, backends, 50, n));
                }
                if ((i + 1) % 100 == 0) {
                    progress("  long workload: %d writes, RSS %d MB", i + 1, rss(api.pid()) / 1024);
                }
            }
            long afterRss = rss(api.pid());
            f.put("RSS after the long workload (MB)", afterRss / 1024.0);
            Thread.sleep(10_000);
            long idleRss = rss(api.pid());
            f.put("RSS after 10 s idle (MB)", idleRss / 1024.0);
            f.put("RSS after / at start (x)", (double) afterRss / startRss);
            return new Column(backends, f);
        } finally {
            api.destroy();
            if (!api.waitFor(15, TimeUnit.SECONDS)) {
                api.destroyForcibly();
            }
            deleteTree(dir);
        }
    }

    /** The long workload's writes: BENCH_LONG_WRITES (one number, or one per size: "100,100,20"), else the default. */
    static int longWrites(int backends) {
        String given = System.getenv("BENCH_LONG_WRITES");
        if (given == null || given.isBlank()) {
            return backends > 10000 ? 100 : 1000;
        }
        String[] counts = given.split(",");
        return Integer.parseInt(counts[Math.min(SIZES.indexOf(backends), counts.length - 1)].strip());
    }

    /** A transaction of {@code changes} server POSTs, committed: answers the commit's status. */
    static int transaction(String c, int backends, int changes, int[] n) throws Exception {
        long version = version(c);
        String started = send(request(c.replace("/configuration", "/transactions") + "?version=" + version)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(started);
        if (!id.find()) {
            throw new IllegalStateException("no transaction started: " + started);
        }
        for (int j = 0; j < changes; j++) {
            expect(post(c + "/servers?backend=be" + ((n[0] * 31 + j) % backends) + "&transaction_id=" + id.group(1),
                    server("t", n)));
        }
        return HTTP.send(request(c.replace("/configuration", "/transactions") + "/" + id.group(1))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String server(String prefix, int[] n) {
        int i = n[0]++;
        return "{\"name\":\"" + prefix + i + "\",\"address\":\"127.0.0.1\",\"port\":" + (20000 + i % 40000) + "}";
    }

    static long version(String c) throws Exception {
        return Long.parseLong(send(request(c + "/version").build()).strip());
    }

    static void expect(int status) {
        if (status >= 300) {
            throw new IllegalStateException("HTTP " + status);
        }
    }

    static void print(List<Column> columns) {
        StringBuilder head = new StringBuilder("| backends x 10 servers |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Column c : columns) {
            head.append(String.format(" %,d |", c.backends()));
            rule.append("---|");
        }
        for (int i = 1; i < columns.size(); i++) {
            head.append(String.format(" %,d / %,d |", columns.get(i).backends(), columns.get(i - 1).backends()));
            rule.append("---|");
        }
        System.out.println();
        System.out.println(head);
        System.out.println(rule);
        for (String row : ROWS) {
            StringBuilder line = new StringBuilder("| " + row + " |");
            for (Column c : columns) {
                line.append(' ').append(format(row, c.figures().get(row))).append(" |");
            }
            for (int i = 1; i < columns.size(); i++) {
                Double now = columns.get(i).figures().get(row);
                Double before = columns.get(i - 1).figures().get(row);
                boolean ratio = now != null && before != null && before > 0 && !row.startsWith("long")
                        && !row.contains("%") && !row.contains("(x)") && !row.contains("above");
                line.append(ratio ? String.format(" %.1fx |", now / before) : " |");
            }
            System.out.println(line);
        }
        System.out.flush();
    }

    static String format(String row, Double value) {
        if (value == null) {
            return "";
        }
        if (row.startsWith("long")) {
            return String.format("%,d / %d", (long) (value / 1000), (long) (value % 1000));
        }
        return value < 10 ? String.format("%.2f", value) : String.format("%,.0f", value);
    }

    static String config(Path dir, int backends) {
        StringBuilder b = new StringBuilder("# _version=1\nglobal\n  stats socket " + dir.resolve("h.sock")
                + " mode 600 level admin\n\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n"
                + "  timeout server 30s\n\nfrontend fe\n  bind 127.0.0.1:18443\n  default_backend be0\n");
        for (int i = 0; i < backends; i++) {
            b.append("\nbackend be").append(i).append("\n  balance roundrobin\n");
            for (int j = 0; j < SERVERS; j++) {
                // loopback only, and no health checks: nothing leaves the machine
                b.append("  server s").append(j).append(" 127.0.0.").append(1 + j).append(':')
                        .append(10000 + i % 50000).append(" weight 10\n");
            }
        }
        return b.toString();
    }

    interface Call {
        int run(int i) throws Exception;
    }

    static List<Double> time(int n, Call call) throws Exception {
        expect(call.run(0)); // warm-up, outside the figures
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

    static String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
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

    /**
     * CPU milliseconds used so far by the process itself and by the children it waited for (haproxy -c): on a
     * loaded machine, wall-clock times drift with the neighbours, CPU times much less.
     */
    static long[] cpu(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long tick = 10; // USER_HZ is 100 on Linux
        return new long[] {(Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick,
                (Long.parseLong(f[13]) + Long.parseLong(f[14])) * tick};
    }

    static void progress(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
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
