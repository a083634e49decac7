package dev.dpapi.conformance;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/** The implementation's API as seen from outside: its port, credentials, and how long it took to answer. */
public record ApiUnderTest(int port, long startMillis) {

    public static final String LOG = "/tmp/dataplaneapi.log";
    private static final String EXIT = "/tmp/dataplaneapi.exit";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Starts {@code command} (the suite's own text) in the background in the container, watched: returns once
     * /v2/info answers 200, fails at once with the last lines of its log when the process exits first.
     */
    public static ApiUnderTest start(HaproxyContainer<?> haproxy, String command, int port) {
        Instant started = Instant.now();
        haproxy.shell("rm -f " + EXIT + "; nohup sh -c '" + command + " >" + LOG + " 2>&1; echo $? >" + EXIT
                + "' >/dev/null 2>&1 &");
        Instant deadline = started.plus(START_TIMEOUT);
        Instant nextLook = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            if (infoStatus(port) == 200) {
                return new ApiUnderTest(port, Duration.between(started, Instant.now()).toMillis());
            }
            if (Instant.now().isAfter(nextLook)) {
                var exit = haproxy.exec("cat", EXIT);
                if (exit.getExitCode() == 0) {
                    throw new IllegalStateException("the API exited with status " + exit.getStdout().strip()
                            + " before answering /v2/info; its last lines: " + lastLog(haproxy));
                }
                nextLook = Instant.now().plusMillis(300);
            }
            HaproxyContainer.pause(Duration.ofMillis(25));
        }
        throw new IllegalStateException("the API runs but did not answer 200 on /v2/info within "
                + START_TIMEOUT.toSeconds() + " s; its last lines: " + lastLog(haproxy));
    }

    /**
     * Waits for an API that HAProxy starts itself (a program section): until /v2/info answers 200, failing at
     * once when HAProxy's log says the program exited.
     */
    public static ApiUnderTest awaitProgram(HaproxyContainer<?> haproxy, int port) {
        Instant started = Instant.now();
        Instant deadline = started.plus(START_TIMEOUT);
        int exitsBefore = programExits(haproxy);
        while (Instant.now().isBefore(deadline)) {
            if (infoStatus(port) == 200) {
                return new ApiUnderTest(port, Duration.between(started, Instant.now()).toMillis());
            }
            if (programExits(haproxy) > exitsBefore) {
                throw new IllegalStateException("HAProxy reports the API's program exited: "
                        + HaproxyContainer.tail(haproxy.getLogs(), 10));
            }
            HaproxyContainer.pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("the API started by HAProxy did not answer 200 on /v2/info within "
                + START_TIMEOUT.toSeconds() + " s: " + HaproxyContainer.tail(haproxy.getLogs(), 10));
    }

    private static int programExits(HaproxyContainer<?> haproxy) {
        // "Current program 'api' (93) exited with code 1"; a "Former program" exits on a reload, as it should
        return (int) haproxy.getLogs().lines().filter(l -> l.contains("Current program") && l.contains("exited")).count();
    }

    public static String lastLog(HaproxyContainer<?> haproxy) {
        return HaproxyContainer.tail(haproxy.exec("cat", LOG).getStdout(), 12);
    }

    static int infoStatus(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/info"))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((Seed.USER + ":" + Seed.PASSWORD).getBytes()))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    public RequestSpecification anonymous() {
        return given().baseUri(baseUri());
    }

    public RequestSpecification admin() {
        return anonymous().auth().preemptive().basic(Seed.USER, Seed.PASSWORD);
    }

    /** An authenticated request carrying {@code body} as JSON. */
    public RequestSpecification json(Object body) {
        return admin().contentType("application/json").body(body);
    }

    /** The configuration's current {@code _version}. */
    public long configurationVersion() {
        Response r = admin().get("/v2/services/haproxy/configuration/version");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET configuration/version answered " + r.statusCode() + ": " + r.asString());
        }
        return Long.parseLong(r.asString().strip());
    }

    /** What an implementation that does not serve a path answers (no route, no method). */
    private static final Set<Integer> UNSERVED = Set.of(404, 405, 501);

    /**
     * Stops the check as {@code not served} when a GET of {@code path}, whose parents exist, answers as for a path
     * the implementation does not route.
     */
    public void assumeServed(String path) {
        Response r = admin().get(path);
        if (UNSERVED.contains(r.statusCode())) {
            throw new NotServed("GET " + path + " answered " + r.statusCode());
        }
    }
}
