package dev.dpapi.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The credentials of the EC2 instance's role, as the official's AWS client falls back to when a definition has no
 * access keys: from the instance metadata service, version 2 (a session token first, then the role's name and its
 * temporary credentials, each read with the token). They are kept until five minutes before they expire. The
 * service is AWS's link-local address, or the one {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} names, as the AWS SDKs
 * read it; {@code AWS_EC2_METADATA_DISABLED=true} turns it off, as it does for them.
 */
final class InstanceRole {

    static final String ENDPOINT_SETTING = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    static final String DISABLED_SETTING = "AWS_EC2_METADATA_DISABLED";
    private static final String DEFAULT_ENDPOINT = "http://169.254.169.254";
    private static final String TOKEN_PATH = "/latest/api/token";
    private static final String ROLE_PATH = "/latest/meta-data/iam/security-credentials/";
    /** The service answers at once on an instance; elsewhere nothing answers, and a poll should not hang on it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(6);
    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final HttpClient http;
    private final String endpoint;
    private final boolean disabled;
    private SigV4.Credentials current;
    private Instant expires = Instant.MIN;

    InstanceRole(HttpClient http, Map<String, String> env) {
        this.http = http;
        this.endpoint = stripSlash(env.getOrDefault(ENDPOINT_SETTING, DEFAULT_ENDPOINT));
        this.disabled = "true".equalsIgnoreCase(env.getOrDefault(DISABLED_SETTING, ""));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The role's credentials, fetched again when they are close to expiring. */
    synchronized SigV4.Credentials credentials() throws IOException, InterruptedException {
        if (disabled) {
            throw new IOException("no AWS credentials: no access keys, and " + DISABLED_SETTING + " turns the instance"
                    + " metadata service off");
        }
        if (current == null || Instant.now().isAfter(expires.minus(REFRESH_BEFORE_EXPIRY))) {
            fetch();
        }
        return current;
    }

    private void fetch() throws IOException, InterruptedException {
        String token = send(HttpRequest.newBuilder(uri(TOKEN_PATH))
                .header("X-aws-ec2-metadata-token-ttl-seconds", Long.toString(TOKEN_LIFETIME.toSeconds()))
                .PUT(HttpRequest.BodyPublishers.noBody()), "a session token").strip();
        String role = send(read(ROLE_PATH, token), "the instance's role").lines().map(String::strip)
                .filter(l -> !l.isEmpty()).findFirst()
                .orElseThrow(() -> new IOException("the instance metadata service names no role for the instance"));
        if (!role.matches("[\\w+=,.@-]+")) { // an IAM role name; anything else is not put in a path
            throw new IOException("the instance metadata service names a role that is not a role name");
        }
        JsonNode answer = Json.MAPPER.readTree(send(read(ROLE_PATH + role, token), "the role's credentials"));
        String key = answer.path("AccessKeyId").asText("");
        String secret = answer.path("SecretAccessKey").asText("");
        if (!answer.path("Code").asText("Success").equals("Success") || key.isEmpty() || secret.isEmpty()) {
            throw new IOException("the instance metadata service gives no credentials for role " + role + ": "
                    + answer.path("Code").asText("no code"));
        }
        try {
            expires = Instant.parse(answer.path("Expiration").asText(""));
        } catch (DateTimeParseException e) {
            expires = Instant.now(); // no expiry given: used for this poll only
        }
        current = new SigV4.Credentials(key, secret, answer.path("Token").asText(null));
    }

    private HttpRequest.Builder read(String path, String token) throws IOException {
        return HttpRequest.newBuilder(uri(path)).header("X-aws-ec2-metadata-token", token).GET();
    }

    private URI uri(String path) throws IOException {
        try {
            URI uri = URI.create(endpoint + path);
            if (uri.getHost() != null && List.of("http", "https").contains(uri.getScheme())) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new IOException(ENDPOINT_SETTING + " is not an http or https URL: " + endpoint);
    }

    private String send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
        HttpResponse<String> answer;
        try {
            answer = http.send(request.timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("no AWS credentials: no access keys, and the instance metadata service at " + endpoint
                    + " cannot be reached (" + e.getClass().getSimpleName() + ")", e);
        }
        if (answer.statusCode() != 200) {
            throw new IOException("the instance metadata service at " + endpoint + " answered " + answer.statusCode()
                    + " when asked for " + what);
        }
        return answer.body();
    }
}
