package dev.dpapi.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import dev.dpapi.http.WriteRequest;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Entry point of the cluster capability: {@code /cluster} and {@code /cluster/certificate} of a node in single
 * mode, which is the only mode this server runs in (the settings refuse cluster mode at start). Joining a cluster
 * needs HAProxy's proprietary central API: a bootstrap key is decoded as the official decodes it, and the central
 * API it names is dialled; it cannot be reached here, and the answer says so. The node stays in single mode.
 */
public final class ClusterService implements ApiService {

    private static final String CLUSTER = "/cluster";
    private static final int DIAL_TIMEOUT_MILLIS = 5000;

    /** The cluster settings of a single node: only its mode (no key, no controller, no status). */
    private static final ClusterSettings SINGLE = new ClusterSettings(null, null, "single", null);

    /** The cluster_settings model: the bootstrap key a join reads, the controller of a joined node, mode and status. */
    public record ClusterSettings(@JsonProperty("bootstrap_key") String bootstrapKey, Controller cluster, String mode,
                                  String status) {
    }

    /** The cluster a node has joined: its central API and the log targets it gives the node. */
    public record Controller(String address, @JsonProperty("api_base_path") String apiBasePath,
                             @JsonProperty("cluster_id") String clusterId, String description,
                             @JsonProperty("log_targets") List<LogTarget> logTargets, String name, Integer port) {
    }

    /** A log target of the cluster. */
    public record LogTarget(String address, @JsonProperty("log_format") String logFormat, Integer port,
                            String protocol) {
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param version = ApiEndpoint.Param.VERSION;
        ApiEndpoint.Param configuration = new ApiEndpoint.Param("configuration", "string", false,
                "keep: leave haproxy.cfg as it is when going back to single mode");
        return ApiEndpoint.tagged("Cluster", List.of(
                ApiEndpoint.get(CLUSTER, "getCluster", "Cluster settings",
                        "Returns the node's cluster settings: its mode, and in cluster mode its controller.",
                        "cluster_settings", this::get),
                new ApiEndpoint(Method.POST, CLUSTER, "postCluster", "Join a cluster",
                        "Joins the cluster a bootstrap key names, through its central API; without a new key, answers"
                                + " the settings as they are.",
                        List.of(configuration,
                                new ApiEndpoint.Param("advertised_address", "string", false, "address to advertise"),
                                new ApiEndpoint.Param("advertised_port", "integer", false, "port to advertise"), version),
                        200, "cluster_settings", this::join),
                new ApiEndpoint(Method.PUT, CLUSTER, "editCluster", "Edit cluster settings",
                        "Edits the cluster's log targets; only in cluster mode.", List.of(version), 200,
                        "cluster_settings", this::edit),
                new ApiEndpoint(Method.DELETE, CLUSTER, "deleteCluster", "Leave the cluster",
                        "Moves the node back to single mode; a node in single mode stays as it is.",
                        List.of(configuration, version), 204, null, this::leave),
                new ApiEndpoint(Method.POST, CLUSTER + "/certificate", "initiateCertificateRefresh",
                        "Refresh the cluster certificate", "Asks the cluster for a new certificate; only in cluster mode.",
                        List.of(), 200, null, this::certificate)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.send(res, 200, SINGLE);
    }

    private void join(ServerRequest req, ServerResponse res) throws ConfigException {
        checkQuery(req);
        WriteRequest.integer(req, "advertised_port");
        JsonNode body = WriteRequest.json(WriteRequest.text(req));
        JsonNode key = body.get("bootstrap_key");
        if (key != null && !key.isNull() && !key.isTextual()) {
            throw ConfigException.wrongType(key, "Go struct field ClusterSettings.bootstrap_key of type string");
        }
        if (key == null || key.asText().isEmpty()) { // no new key: nothing to join
            Json.send(res, 200, SINGLE);
            return;
        }
        JsonNode decoded = decode(key.asText());
        String address = decoded.path("address").asText();
        String port = decoded.path("port").asText();
        if (address.isEmpty() || !port.matches("\\d{1,5}")) {
            throw new ConfigException(406, "bootstrap key names no central API address and port");
        }
        // the official registers in the background and stays in cluster mode whatever happens; this server
        // reaches the central API first, and since it has no client for that API, stays in single mode
        String target = address + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, Integer.parseInt(port)), DIAL_TIMEOUT_MILLIS);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(500, "dial tcp " + target + ": " + reason(e));
        }
        throw new ConfigException(501, "cannot join the cluster at " + target
                + ": HAProxy's central API is not supported by this server; the node stays in single mode");
    }

    /** Go's words for the usual dial failures. */
    private static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Connection refused")) {
            return "connect: connection refused";
        }
        if (message.contains("timed out")) {
            return "i/o timeout";
        }
        return message;
    }

    /** A bootstrap key: base64 of a JSON object; anything else is refused 406, as the official refuses it. */
    private static JsonNode decode(String key) throws ConfigException {
        try {
            JsonNode decoded = Json.MAPPER.readTree(new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8));
            if (decoded == null || !decoded.isObject()) {
                throw new ConfigException(406, "bootstrap key cannot be decoded: not a JSON object");
            }
            return decoded;
        } catch (IllegalArgumentException | IOException e) {
            throw new ConfigException(406, "bootstrap key cannot be decoded: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private void edit(ServerRequest req, ServerResponse res) throws ConfigException {
        WriteRequest.integer(req, "version");
        WriteRequest.json(WriteRequest.text(req));
        throw new ConfigException(406, "dataplaneapi in single mode");
    }

    private void leave(ServerRequest req, ServerResponse res) throws ConfigException {
        checkQuery(req);
        res.status(Status.NO_CONTENT_204); // already single: nothing to leave
        res.send();
    }

    private void certificate(ServerRequest req, ServerResponse res) {
        res.status(Status.FORBIDDEN_403); // there is no cluster to ask
        res.send();
    }

    /** The query of POST and DELETE: {@code configuration} is keep or nothing, {@code version} an integer. */
    private static void checkQuery(ServerRequest req) throws ConfigException {
        WriteRequest.integer(req, "version");
        if (WriteRequest.value(req, "configuration").filter(v -> !v.equals("keep")).isPresent()) {
            throw ConfigException.schema(605, "configuration in query should be one of [keep]");
        }
    }
}
