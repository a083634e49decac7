package dev.dpapi.conformance;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** The implementation's API as seen from outside: its port, credentials, and how long it took to answer. */
public record ApiUnderTest(int port, long startMillis) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Starts {@code command} in the background in the container; returns once /v2/info answers 200. */
    public static ApiUnderTest start(HaproxyContainer haproxy, String command, int port) {
        Instant started = Instant.now();
        haproxy.shell("nohup " + command + " >/tmp/dataplaneapi.log 2>&1 &");
        return await(haproxy, port, started);
    }

    /** Waits until /v2/info answers 200 with the guide's credentials (60 s at most). */
    public static ApiUnderTest await(HaproxyContainer haproxy, int port, Instant since) {
        Instant deadline = since.plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (infoStatus(port) == 200) {
                return new ApiUnderTest(port, Duration.between(since, Instant.now()).toMillis());
            }
            HaproxyContainer.sleep(20);
        }
        throw new IllegalStateException("the API did not answer 200 on /v2/info within 60 s; its log: "
                + haproxy.exec("cat", "/tmp/dataplaneapi.log").getStdout() + haproxy.getLogs());
    }

    static int infoStatus(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/info"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder()
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
        return Long.parseLong(admin().get("/v2/services/haproxy/configuration/version").then().statusCode(200)
                .extract().asString().strip());
    }
}
