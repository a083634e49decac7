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

    private static Path installed;

    private final Process process;
    final int port;
    final Path log;

    private ApiProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** build/dataplaneapi extracted from the tarball once per test run. */
    static synchronized Path executable() throws IOException, InterruptedException {
        if (installed == null) {
            Path dir = Files.createTempDirectory("dpapi-install");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            run(dir, "tar", "-zxvf", System.getProperty("dataplaneapi.tarball"));
            run(dir, "chmod", "+x", "build/dataplaneapi");
            installed = dir.resolve("build/dataplaneapi");
        }
        return installed;
    }

    static String javaHome() {
        return System.getProperty("java.home"); // the JVM running the tests is 21+
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the API with these arguments plus {@code --port}; {@code prefix} runs it through e.g. setpriv. */
    /** The API on the install guide's settings ({@link Settings#seedLike}) for {@code haproxyConfig}, plus {@code args}. */
    static ApiProcess seedLike(Path workDir, Path haproxyConfig, String... args)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("-f", Settings.seedLike(workDir, haproxyConfig).toString()));
        all.addAll(List.of(args));
        return start(workDir, List.of(), all.toArray(String[]::new));
    }

    static ApiProcess start(Path workDir, List<String> prefix, String... args) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(prefix);
        command.add(executable().toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
        Path log = workDir.resolve("api-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", javaHome());
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

    /** Sends SIGTERM and waits, at most {@code limit}, for the exit: its status (-1 if still running). */
    int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Runs a short command to completion: exit status and merged output. */
    record Result(int status, String output) {
    }

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
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), out);
    }
}
