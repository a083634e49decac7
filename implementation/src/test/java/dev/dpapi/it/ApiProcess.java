package dev.dpapi.it;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The dataplaneapi executable installed from the built tarball the install guide's way (tar -zxvf,
 * chmod +x), run as a real process. Closed by its PID.
 */
final class ApiProcess implements AutoCloseable {

    static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    /** A {@code prefix} that runs the API as nobody (uid/gid 65534, no groups): root would ignore file modes. */
    static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");

    /** A {@code prefix} that makes the scheduled reload tick every 100 ms instead of every reload delay. */
    static final List<String> FAST_TICKS = List.of("env", "CI_DATAPLANE_RELOAD_DELAY_OVERRIDE=100");

    private static Path installed;

    private final Process process;
    final int port;
    final Path log;

    private ApiProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** build/dataplaneapi extracted from the tarball once per test run; the folder goes when the JVM exits. */
    static synchronized Path executable() throws IOException, InterruptedException {
        if (installed == null) {
            Path dir = Files.createTempDirectory("dpapi-install");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            succeed(run(dir, "tar", "-zxvf", System.getProperty("dataplaneapi.tarball")), "tar -zxvf");
            succeed(run(dir, "chmod", "+x", "build/dataplaneapi"), "chmod +x");
            installed = dir.resolve("build/dataplaneapi");
        }
        return installed;
    }

    private static void succeed(Result result, String what) {
        if (result.status() != 0) {
            throw new IllegalStateException(what + " failed with status " + result.status() + ": " + result.output());
        }
    }

    /** Removes {@code dir} and all in it, best effort. */
    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit: a temp folder left behind is not worth failing a run for
        }
    }

    static String javaHome() {
        return System.getProperty("java.home"); // the JVM running the tests is 21+
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The API on the install guide's settings ({@link Settings#seedLike}) for {@code haproxyConfig}, plus {@code args}. */
    static ApiProcess seedLike(Path workDir, Path haproxyConfig, String... args)
            throws IOException, InterruptedException {
        return seedLike(workDir, List.of(), haproxyConfig, args);
    }

    /** The same, run through {@code prefix} (e.g. {@link #AS_NOBODY}, {@link #FAST_TICKS}). */
    static ApiProcess seedLike(Path workDir, List<String> prefix, Path haproxyConfig, String... args)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("-f", Settings.seedLike(workDir, haproxyConfig).toString()));
        all.addAll(List.of(args));
        return start(workDir, prefix, all.toArray(String[]::new));
    }

    /**
     * Settings as flags alone, no settings file ({@code -f ""}): {@code haproxyConfig}, transactions in
     * {@code workDir/tx}, {@code true} as reload and restart command, then {@code extra}.
     */
    static List<String> flagsOnly(Path workDir, Path haproxyConfig, String... extra) {
        List<String> all = new ArrayList<>(List.of("-f", "", "-c", haproxyConfig.toString(),
                "-t", workDir.resolve("tx").toString(), "--reload-cmd", "true", "--restart-cmd", "true"));
        all.addAll(List.of(extra));
        return all;
    }

    /** The API on {@link #flagsOnly} settings; {@code prefix} as in {@link #start(Path, List, String...)}. */
    static ApiProcess startOnFlags(Path workDir, Path haproxyConfig, List<String> prefix, String... extra)
            throws IOException, InterruptedException {
        return start(workDir, prefix, flagsOnly(workDir, haproxyConfig, extra).toArray(String[]::new));
    }

    /** Starts the API with these arguments plus {@code --port}; {@code prefix} runs it through e.g. setpriv. */
    static ApiProcess start(Path workDir, List<String> prefix, String... args) throws IOException, InterruptedException {
        return start(workDir, Map.of(), prefix, args);
    }

    /** The same, with {@code env} added to the API's environment. */
    static ApiProcess start(Path workDir, Map<String, String> env, List<String> prefix, String... args)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(prefix);
        command.add(executable().toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
        Path log = workDir.resolve("api-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", javaHome());
        pb.environment().putAll(env);
        Process p = pb.start();
        ApiProcess api = new ApiProcess(p, port, log);
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/info")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return api;
            } catch (IOException notYet) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    api.close();
                    throw new IllegalStateException("dataplaneapi did not start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /** A request to this API with the install guide's credentials, for JSON bodies. */
    RequestSpecification admin() {
        return RestAssured.given().baseUri(baseUri()).auth().preemptive().basic("admin", "adminpwd")
                .contentType("application/json");
    }

    /** The configuration's version, as {@code GET /configuration/version} answers it. */
    long configurationVersion() {
        return Long.parseLong(admin().get("/v2/services/haproxy/configuration/version").asString().strip());
    }

    /** Sends SIGHUP: the API restarts in the same process. */
    void hangUp() throws IOException, InterruptedException {
        if (run(log.getParent(), "kill", "-HUP", Long.toString(pid())).status() != 0) {
            throw new IllegalStateException("kill -HUP " + pid() + " failed");
        }
    }

    /**
     * Waits until the API, restarted by SIGHUP in the same process, serves again and lets {@code user} in: its log
     * (info level) shows one more start than before the signal; fails at once if the process exited.
     */
    void awaitRestarted(long startsBefore, String user, String password) {
        Poll.until("the API, restarted by SIGHUP, to log its start and let " + user + " in", Duration.ofSeconds(30), () -> {
            if (!isAlive()) {
                throw new AssertionError("SIGHUP must not stop the API");
            }
            return starts() > startsBefore && RestAssured.given().baseUri(baseUri()).auth().preemptive()
                    .basic(user, password).get("/v2/info").statusCode() == 200;
        });
    }

    /** How many times the API logged that it serves (at info level): once per start. */
    long starts() throws IOException {
        return Files.readString(log).lines().filter(l -> l.contains("Serving data plane at http://")).count();
    }

    /** Sends SIGTERM and waits, at most {@code limit}, for the exit: its status (-1 if still running). */
    int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return awaitExit(limit);
    }

    /** Waits, at most {@code limit}, for the process to exit by itself: its status (-1 if still running). */
    int awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A short command's exit status and merged output. */
    record Result(int status, String output) {
    }

    /** Runs the executable with {@code args} to its exit (a start that is refused), with {@code env} besides JAVA_HOME. */
    static Result runToExit(Path dir, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JAVA_HOME", javaHome());
        List<String> command = new ArrayList<>(List.of(executable().toString()));
        command.addAll(args);
        return run(dir, all, command.toArray(String[]::new));
    }

    /** Runs a short command to completion, at most {@link #RUN_TIMEOUT}; a command still running then is killed. */
    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, Map.of(), command);
    }

    static Result run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k); // an empty value means: not set at all
            } else {
                pb.environment().put(k, v);
            }
        });
        // output goes to a file, so that the wait below is what bounds the run (reading a pipe to its end
        // first would block as long as the child, or anything it left behind, keeps the pipe open)
        Path out = Files.createTempFile("dpapi-run", ".out");
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("still running after " + RUN_TIMEOUT.toSeconds() + " s, killed: "
                        + String.join(" ", command) + "\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
