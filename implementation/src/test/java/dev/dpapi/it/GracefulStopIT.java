package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during a write: the API stops accepting, the request in flight finishes (within the graceful timeout)
 * and its change is whole, no temp file is left behind, and the process exits 0.
 */
class GracefulStopIT {

    @TempDir
    Path dir;
    Path cfg;
    Path started;

    @BeforeEach
    void config() throws Exception {
        cfg = HaproxyProcess.writeConfigWithApiUser(dir);
        started = dir.resolve("validation-started");
    }

    /** A validate_cmd that says when it starts, then takes {@code seconds}: a write that is surely in flight. */
    private Path slowValidation(int seconds) throws IOException {
        Path script = Files.writeString(dir.resolve("validate.sh"),
                "#!/bin/sh\ntouch " + started + "\nsleep " + seconds + "\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private ApiProcess start(String... extra) throws Exception {
        return ApiProcess.startOnFlags(dir, cfg, List.of(), extra);
    }

    private static CompletableFuture<HttpResponse<String>> createBackend(ApiProcess api, String name) {
        HttpRequest post = HttpRequest.newBuilder(URI.create(api.baseUri()
                        + "/v2/services/haproxy/configuration/backends?version=1"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build();
        return HttpClient.newHttpClient().sendAsync(post, HttpResponse.BodyHandlers.ofString());
    }

    private void awaitValidationStarted() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!Files.exists(started)) { // polls for the validate_cmd's marker
            assertTrue(Instant.now().isBefore(deadline), "the write never reached its validation");
            Thread.sleep(20);
        }
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")
                    || f.getFileName().toString().startsWith("onlyvalidate")).toList();
        }
    }

    @Test
    void aWriteInFlightFinishesWholeAndTheProcessExits0() throws Exception {
        ApiProcess api = start("--validate-cmd", slowValidation(2).toString(), "--graceful-timeout", "15s");
        try {
            CompletableFuture<HttpResponse<String>> inFlight = createBackend(api, "during_stop");
            awaitValidationStarted();
            int status = api.terminate(Duration.ofSeconds(30));
            assertEquals(0, status, "SIGTERM exits 0");
            HttpResponse<String> answer = inFlight.join();
            assertEquals(202, answer.statusCode(), answer.body());
            assertTrue(Files.readString(cfg).contains("backend during_stop"), "the change is written whole");
            assertEquals(List.of(), leftovers(), "no temp file left");
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", api.port).close(), "no longer listening");
        } finally {
            api.close();
        }
    }

    @Test
    void aWriteOutlastingTheGracefulTimeoutIsAbandonedWithNothingHalfWritten() throws Exception {
        ApiProcess api = start("--validate-cmd", slowValidation(30).toString(), "--graceful-timeout", "1s");
        try {
            String before = Files.readString(cfg);
            CompletableFuture<HttpResponse<String>> inFlight = createBackend(api, "too_slow");
            awaitValidationStarted();
            Instant stop = Instant.now();
            assertEquals(0, api.terminate(Duration.ofSeconds(25)), "SIGTERM exits 0");
            assertTrue(Duration.between(stop, Instant.now()).compareTo(Duration.ofSeconds(25)) < 0);
            assertEquals(before, Files.readString(cfg), "the abandoned change is not written, not even in part");
            assertEquals(List.of(), leftovers(), "no temp file left");
            Path failed = dir.resolve("tx/failed");
            assertFalse(Files.isDirectory(failed) && Files.list(failed).findAny().isPresent(),
                    "an abandoned change is not HAProxy's refusal: not kept as a failed transaction");
            assertFalse(inFlight.handle((r, e) -> r != null && r.statusCode() / 100 == 2).join(), "not reported as done");
        } finally {
            api.close();
        }
    }
}
