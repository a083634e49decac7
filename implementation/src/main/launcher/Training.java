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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The build's training run: starts the packaged server once with the options that make the JDK record what
 * start-up loads and links into an ahead-of-time cache, walks it through the install guide's settings and the
 * usual reads, then stops it, which writes the cache. Run with the build JDK's source launcher:
 *
 *   java Training.java SEED_SETTINGS WORK_DIR COMMAND...
 *
 * COMMAND is the packaged runtime's launcher with its JVM options, the cache output option and the jar.
 */
public class Training {

    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes());

    public static void main(String[] args) throws Exception {
        Path seed = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        Path cfg = Files.writeString(work.resolve("haproxy.cfg"), config(work));
        Path settings = Files.writeString(work.resolve("dataplaneapi.hcl"), Files.readString(seed)
                .replace("/tmp/haproxy", work.resolve("tx").toString())
                .replace("/etc/haproxy/haproxy.cfg", cfg.toString())
                .replace("service haproxy reload", "true").replace("service haproxy restart", "true"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(args).subList(2, args.length));
        command.addAll(List.of("-f", settings.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port)));
        Path log = work.resolve("training.log");
        Process api = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port + "/v2";
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (send(http, "GET", base + "/info", null) != 200) {
                if (!api.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server did not start: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
            String c = base + "/services/haproxy/configuration";
            for (String path : List.of(base + "/info", base + "/specification", c + "/version", c + "/global",
                    c + "/defaults", c + "/frontends", c + "/frontends/www", c + "/binds?frontend=www",
                    c + "/backends", c + "/backends/app", c + "/servers?backend=app", c + "/servers/app1?backend=app",
                    c + "/acls?parent_type=frontend&parent_name=www", c + "/raw", base + "/services/haproxy/transactions",
                    base + "/services/haproxy/reloads", c + "/backends/absent")) {
                send(http, "GET", path, null);
            }
            send(http, "GET", base + "/info", "wrong");
            send(http, "POST", base + "/services/haproxy/transactions?version=1", null);
        } finally {
            api.destroy(); // a normal exit: the JVM writes the cache on the way out
            if (!api.waitFor(120, TimeUnit.SECONDS)) {
                api.destroyForcibly();
                throw new IllegalStateException("the training run did not stop: " + Files.readString(log));
            }
        }
        System.out.print(Files.readString(log));
    }

    static int send(HttpClient http, String method, String url, String password) {
        String auth = password == null ? AUTH
                : "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes());
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static String config(Path work) {
        StringBuilder b = new StringBuilder("global\n  stats socket " + work.resolve("haproxy.sock")
                + " mode 660 level admin expose-fd listeners\n\ndefaults\n  mode http\n  timeout connect 5s\n"
                + "  timeout client 30s\n  timeout server 30s\n\nfrontend www\n  bind 127.0.0.1:18080\n"
                + "  acl api path_beg /api\n  http-request deny if !api\n  default_backend app\n\nbackend app\n"
                + "  balance roundrobin\n  option httpchk GET /health\n  server app1 127.0.0.1:18081 check weight 10\n");
        for (int i = 0; i < 200; i++) {
            b.append("\nbackend be").append(i).append("\n  server s0 127.0.0.1:").append(20000 + i).append('\n');
        }
        return b.toString();
    }
}
