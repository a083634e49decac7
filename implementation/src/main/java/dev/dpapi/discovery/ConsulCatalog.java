package dev.dpapi.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Consul agent's catalog over its HTTP API ({@code /v1/catalog/services}, then {@code /v1/health/service/<name>}
 * for each service kept), at the definition's address and port, with its token and namespace. Services are kept
 * by {@code service_name_regexp}, else the allow list, else the deny list; a node is kept by the health check
 * policy. A server's address is the service's own address, else its node's.
 */
final class ConsulCatalog implements Source {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final String base;
    private final String token;
    private final String namespace;
    private final Pattern nameFilter;
    private final List<String> allow;
    private final List<String> deny;
    private final String healthPolicy;
    private final long healthMin;
    private final String prefix;

    ConsulCatalog(HttpClient http, JsonNode d) {
        this.http = http;
        String address = d.path("address").asText();
        int port = d.path("port").asInt();
        this.base = "http://" + (address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address)
                + ":" + port;
        this.token = d.path("token").asText("");
        this.namespace = d.path("namespace").asText("");
        String regexp = d.path("service_name_regexp").asText("");
        this.nameFilter = regexp.isEmpty() ? null : Pattern.compile(regexp);
        this.allow = new ArrayList<>(Kind.strings(d, "service_allowlist"));
        allow.addAll(Kind.strings(d, "service-whitelist"));
        this.deny = new ArrayList<>(Kind.strings(d, "service_denylist"));
        deny.addAll(Kind.strings(d, "service-blacklist"));
        this.healthPolicy = d.path("health_check_policy").asText("none");
        this.healthMin = d.path("health_check_policy_min").asLong();
        this.prefix = "consul-backend-" + address + "-" + port + "-";
    }

    @Override
    public String backendPrefix() {
        return prefix;
    }

    @Override
    public Map<String, List<Instance>> services() throws IOException, InterruptedException {
        Map<String, List<Instance>> out = new TreeMap<>();
        JsonNode services = get("/v1/catalog/services");
        for (Iterator<String> it = services.fieldNames(); it.hasNext(); ) {
            String service = it.next();
            if (service.equals("consul") || !wanted(service)) {
                continue;
            }
            List<Instance> instances = new ArrayList<>();
            for (JsonNode entry : get("/v1/health/service/" + URLEncoder.encode(service, StandardCharsets.UTF_8)
                    .replace("+", "%20"))) {
                if (!healthy(entry.path("Checks"))) {
                    continue;
                }
                String address = entry.path("Service").path("Address").asText("");
                if (address.isEmpty()) {
                    address = entry.path("Node").path("Address").asText("");
                }
                int port = entry.path("Service").path("Port").asInt();
                if (!address.isEmpty() && port > 0 && port < 65536) {
                    instances.add(new Instance(address, port));
                }
            }
            out.put(service, instances);
        }
        return out;
    }

    boolean wanted(String service) {
        if (nameFilter != null) {
            return nameFilter.matcher(service).find();
        }
        if (!allow.isEmpty()) {
            return allow.contains(service);
        }
        return !deny.contains(service);
    }

    boolean healthy(JsonNode checks) {
        long passing = 0;
        for (JsonNode c : checks) {
            if (c.path("Status").asText().equals("passing")) {
                passing++;
            }
        }
        return switch (healthPolicy) {
            case "any" -> passing > 0;
            case "all" -> passing == checks.size();
            case "min" -> checks.size() >= healthMin && passing >= healthMin;
            default -> true;
        };
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        String query = namespace.isEmpty() ? "" : "?ns=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + query)).timeout(TIMEOUT).GET();
        if (!token.isEmpty()) {
            request.header("X-Consul-Token", token);
        }
        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IOException("consul " + base + path + " answered " + answer.statusCode());
        }
        return Json.MAPPER.readTree(answer.body());
    }
}
