package dev.dpapi.config;

import static dev.dpapi.http.ApiEndpoint.get;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Backends and their servers: list, get and create. A first slice of the configuration API; every field
 * it knows is mapped to its directive in the tables below, and every value is checked so that it cannot
 * break out of its directive.
 */
public final class BackendsService implements ApiService {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9-_.:]+$");
    private static final Pattern ADDRESS = Pattern.compile("^[^\\s#'\"\\\\]+$");
    private static final Set<String> MODES = Set.of("http", "tcp");
    private static final List<String> ALGORITHMS = List.of("roundrobin", "static-rr", "leastconn", "first", "source",
            "uri", "url_param", "hdr", "random", "rdp-cookie", "hash");

    private final ConfigStore store;
    private final Mutations mutations;

    public BackendsService(ConfigStore store, Mutations mutations) {
        this.store = store;
        this.mutations = mutations;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param tx = new ApiEndpoint.Param("transaction_id", "string", false, "transaction to read or change");
        ApiEndpoint.Param version = new ApiEndpoint.Param("version", "integer", false, "version the change is made against");
        ApiEndpoint.Param force = new ApiEndpoint.Param("force_reload", "boolean", false, "reload before answering");
        ApiEndpoint.Param backend = new ApiEndpoint.Param("backend", "string", true, "parent backend");
        String base = "/services/haproxy/configuration";
        return List.of(
                get(base + "/backends", "getBackends", "Return an array of backends",
                        "Returns every backend of haproxy.cfg.", null, this::listBackends, tx),
                new ApiEndpoint(Method.POST, base + "/backends", "createBackend", "Add a backend",
                        "Adds a backend section to haproxy.cfg.", List.of(tx, version, force), 202, null,
                        this::createBackend),
                get(base + "/backends/{name}", "getBackend", "Return a backend",
                        "Returns one backend by name.", null, this::getBackend, tx),
                get(base + "/servers", "getServers", "Return an array of servers",
                        "Returns the servers of a backend.", null, this::listServers, tx, backend),
                new ApiEndpoint(Method.POST, base + "/servers", "createServer", "Add a new server",
                        "Adds a server line to a backend.", List.of(backend, tx, version, force), 202, null,
                        this::createServer));
    }

    /** Backend JSON fields read from its directives (the mapping table of this slice). */
    private static Map<String, Object> backendJson(Section s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", s.name());
        for (Line l : s.directives()) {
            switch (l.keyword()) {
                case "mode" -> json.put("mode", l.word(1));
                case "balance" -> json.put("balance", Map.of("algorithm", l.word(1)));
                default -> { }
            }
        }
        return json;
    }

    private static Map<String, Object> serverJson(Line l) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", l.word(1));
        String address = l.word(2);
        int colon = address.lastIndexOf(':');
        json.put("address", colon < 0 ? address : address.substring(0, colon));
        if (colon >= 0) {
            try {
                json.put("port", Integer.parseInt(address.substring(colon + 1)));
            } catch (NumberFormatException e) {
                // a port range or a variable: left out, as the model has no room for it
            }
        }
        for (int i = 3; i < l.words().size(); i++) {
            switch (l.word(i)) {
                case "check" -> json.put("check", "enabled");
                case "weight" -> json.put("weight", Integer.parseInt(l.word(++i)));
                default -> { }
            }
        }
        return json;
    }

    private void listBackends(ServerRequest req, ServerResponse res) {
        ConfigText text = store.current();
        Json.send(res, 200, Map.of("_version", text.version(),
                "data", text.sections("backend").stream().map(BackendsService::backendJson).toList()));
    }

    private void getBackend(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        ConfigText text = store.current();
        text.section("backend", name).ifPresentOrElse(
                s -> Json.send(res, 200, Map.of("_version", text.version(), "data", backendJson(s))),
                () -> Json.error(res, 404, "30: Backend " + name + " does not exist"));
    }

    private void listServers(ServerRequest req, ServerResponse res) {
        ConfigText text = store.current();
        String backend = req.query().first("backend").orElse("");
        List<Map<String, Object>> servers = text.section("backend", backend).map(s -> s.directives().stream()
                .filter(l -> l.keyword().equals("server")).map(BackendsService::serverJson).toList()).orElse(List.of());
        Json.send(res, 200, Map.of("_version", text.version(), "data", servers));
    }

    private void createBackend(ServerRequest req, ServerResponse res) {
        Optional<JsonNode> body = Mutations.body(req, res);
        if (body.isEmpty()) {
            return;
        }
        JsonNode b = body.get();
        Optional<String> invalid = name(b).or(() -> oneOf(b, "mode", MODES))
                .or(() -> oneOf(b.path("balance"), "algorithm", Set.copyOf(ALGORITHMS)));
        if (invalid.isPresent()) {
            Json.error(res, 422, invalid.get());
            return;
        }
        String name = b.get("name").asText();
        mutations.create(req, res, b, text -> {
            if (text.section("backend", name).isPresent()) {
                throw new ConfigException(409, "31: backend " + name + " already exists");
            }
            List<List<String>> directives = new ArrayList<>();
            if (b.hasNonNull("mode")) {
                directives.add(List.of("mode", b.get("mode").asText()));
            }
            if (b.path("balance").hasNonNull("algorithm")) {
                directives.add(List.of("balance", b.path("balance").get("algorithm").asText()));
            }
            return text.withSection(null, Section.create("backend", name, directives, text.lineEnding()));
        });
    }

    private void createServer(ServerRequest req, ServerResponse res) {
        Optional<JsonNode> body = Mutations.body(req, res);
        if (body.isEmpty()) {
            return;
        }
        String backend = req.query().first("backend").orElse("");
        if (backend.isEmpty()) {
            Json.error(res, 422, "backend in query is required");
            return;
        }
        JsonNode b = body.get();
        Optional<String> invalid = name(b).or(() -> address(b)).or(() -> port(b))
                .or(() -> oneOf(b, "check", Set.of("enabled", "disabled")));
        if (invalid.isPresent()) {
            Json.error(res, 422, invalid.get());
            return;
        }
        String name = b.get("name").asText();
        List<String> words = new ArrayList<>(List.of("server", name,
                b.get("address").asText() + (b.hasNonNull("port") ? ":" + b.get("port").asInt() : "")));
        if ("enabled".equals(b.path("check").asText())) {
            words.add("check");
        }
        if (b.hasNonNull("weight")) {
            words.add("weight");
            words.add(Integer.toString(b.get("weight").asInt()));
        }
        mutations.create(req, res, b, text -> {
            Section parent = text.section("backend", backend)
                    .orElseThrow(() -> new ConfigException(400, "11: backend " + backend + " does not exist"));
            if (parent.directives().stream().anyMatch(l -> l.keyword().equals("server") && l.word(1).equals(name))) {
                throw new ConfigException(409, "31: server " + name + " already exists in " + backend + " backend");
            }
            return text.withSection(parent, parent.withDirective(words, text.lineEnding()));
        });
    }

    private static Optional<String> name(JsonNode b) {
        if (!b.hasNonNull("name")) {
            return Optional.of("name in body is required");
        }
        return NAME.matcher(b.get("name").asText()).matches() ? Optional.empty()
                : Optional.of("name in body should match '" + NAME.pattern() + "'");
    }

    private static Optional<String> address(JsonNode b) {
        if (!b.hasNonNull("address")) {
            return Optional.of("address in body is required");
        }
        return ADDRESS.matcher(b.get("address").asText()).matches() ? Optional.empty()
                : Optional.of("address in body should match '^[^\\s]+$'");
    }

    private static Optional<String> port(JsonNode b) {
        if (!b.hasNonNull("port")) {
            return Optional.empty();
        }
        JsonNode p = b.get("port");
        return p.canConvertToInt() && p.isIntegralNumber() && p.asInt() >= 1 && p.asInt() <= 65535 ? Optional.empty()
                : Optional.of("port in body should be an integer between 1 and 65535");
    }

    private static Optional<String> oneOf(JsonNode b, String field, Set<String> allowed) {
        if (!b.hasNonNull(field) || allowed.contains(b.get(field).asText())) {
            return Optional.empty();
        }
        return Optional.of(field + " in body should be one of " + allowed.stream().sorted().toList());
    }

}
