package dev.dpapi.runtime;

import static dev.dpapi.runtime.Answers.argument;
import static dev.dpapi.runtime.Answers.guarded;
import static dev.dpapi.runtime.Answers.required;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.model.ServerLine;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** /services/haproxy/runtime/servers: servers' states, and servers added, set and deleted without a reload. */
public final class ServersService implements ApiService {

    private static final String LIST = "/services/haproxy/runtime/servers";
    private static final List<String> ADMIN_STATES = List.of("ready", "maint", "drain");
    private static final List<String> OPERATIONAL_STATES = List.of("up", "down", "stopping");
    /** srv_admin_state bits: forced, inherited, configured, resolver and health-check maintenance; drains. */
    private static final int MAINT_BITS = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
    private static final int DRAIN_BITS = 0x08 | 0x10;

    /** The runtime_server model. */
    public record RuntimeServer(String address, @JsonProperty("admin_state") String adminState, String id,
                                String name, @JsonProperty("operational_state") String operationalState,
                                Integer port) {
    }

    private final RuntimeApi runtime;

    public ServersService(RuntimeApi runtime) {
        this.runtime = runtime;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param backend = new ApiEndpoint.Param("backend", "string", true, "backend of the servers");
        String one = LIST + "/{name}";
        return ApiEndpoint.tagged("Server", List.of(
                ApiEndpoint.get(LIST, "getRuntimeServers", "Servers' runtime states",
                        "Returns the backend's servers as HAProxy runs them (show servers state).", "runtime_servers",
                        guarded(this::list), backend),
                new ApiEndpoint(Method.POST, LIST, "addRuntimeServer", "Add a server at runtime",
                        "Adds a server to a running backend (add server); it starts in maintenance, as HAProxy adds it.",
                        List.of(backend), 201, "runtime_add_server", guarded(this::add)),
                ApiEndpoint.get(one, "getRuntimeServer", "One server's runtime state",
                        "Returns one server's address, port, administrative and operational states.", "runtime_server",
                        guarded(this::get), backend),
                new ApiEndpoint(Method.PUT, one, "replaceRuntimeServer", "Set a server's states",
                        "Sets the administrative (ready, maint, drain) and operational (up, down, stopping) states.",
                        List.of(backend), 200, "runtime_server", guarded(this::replace)),
                new ApiEndpoint(Method.DELETE, one, "deleteRuntimeServer", "Delete a server at runtime",
                        "Puts the server in maintenance, then deletes it from the running backend (del server).",
                        List.of(backend), 204, null, guarded(this::delete))));
    }

    private void list(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Json.send(res, 200, states(required(req, "backend")));
    }

    private void get(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        String backend = required(req, "backend");
        Json.send(res, 200, find(backend, req.path().pathParameters().get("name")));
    }

    private void add(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        String backend = required(req, "backend");
        JsonNode body = Answers.body(req);
        if (!body.isObject()) {
            throw new Answers.Refusal(400, "parsing data body from \"\" failed, because the body must be an object");
        }
        String name = body.path("name").asText("");
        if (name.isEmpty()) {
            throw new Answers.Refusal(400, "the new server must have a name");
        }
        StringBuilder command = new StringBuilder("add server ")
                .append(argument("backend", backend)).append('/').append(argument("name", name));
        try {
            command.append(' ').append(argument("address", ServerLine.address(body)));
            for (String word : ServerLine.parameters(body)) {
                command.append(' ').append(argument("server parameter", word));
            }
        } catch (ConfigException e) {
            throw new Answers.Refusal(e.status(), e.code(), e.getMessage());
        }
        try {
            runtime.command(command.toString());
        } catch (RuntimeRefusal r) {
            String text = r.text();
            int status = text.contains("No such backend") ? 404 : text.contains("Already exists") ? 409 : 400;
            throw new Answers.Refusal(status, r.getMessage());
        }
        Json.send(res, 201, sorted((ObjectNode) body));
    }

    private void replace(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        String backend = required(req, "backend");
        String name = req.path().pathParameters().get("name");
        JsonNode body = Answers.body(req);
        String admin = state(body, "admin_state", ADMIN_STATES);
        String operational = state(body, "operational_state", OPERATIONAL_STATES);
        // one exchange: the setters (HAProxy refuses an unknown server), then the state they left
        String server = argument("backend", backend) + "/" + argument("name", name);
        List<String> commands = new ArrayList<>();
        if (operational != null) {
            commands.add("set server " + server + " health " + operational);
        }
        if (admin != null) {
            commands.add("set server " + server + " state " + admin);
        }
        commands.add("show servers state " + argument("backend", backend));
        String answer;
        try {
            answer = runtime.commands(commands);
        } catch (RuntimeRefusal r) {
            int status = r.text().startsWith("No such server") || r.text().startsWith("No such backend")
                    || r.text().startsWith("Can't find backend") ? 404 : 400;
            throw new Answers.Refusal(status, r.getMessage());
        }
        Json.send(res, 200, parse(answer).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new Answers.Refusal(404, "Runtime server " + name + " not found in backend " + backend)));
    }

    private void delete(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        String backend = required(req, "backend");
        String name = req.path().pathParameters().get("name");
        RuntimeServer current = find(backend, name);
        String server = argument("backend", backend) + "/" + argument("name", name);
        try {
            if (!"maint".equals(current.adminState())) {
                runtime.command("disable server " + server);
            }
            runtime.command("del server " + server);
        } catch (RuntimeRefusal r) {
            throw new Answers.Refusal(400, r.getMessage());
        }
        Answers.noContent(res);
    }

    private static String state(JsonNode body, String field, List<String> allowed) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return null;
        }
        if (!allowed.contains(v.asText())) {
            throw new Answers.Refusal(422, 605, field + " in body should be one of " + allowed.toString().replace(",", ""));
        }
        return v.asText();
    }

    private RuntimeServer find(String backend, String name) throws RuntimeApiException {
        Optional<RuntimeServer> found = states(backend).stream().filter(s -> s.name().equals(name)).findFirst();
        return found.orElseThrow(() -> new Answers.Refusal(404,
                "Runtime server " + name + " not found in backend " + backend));
    }

    /** {@code show servers state <backend>}; an unknown backend answers 404. */
    List<RuntimeServer> states(String backend) throws RuntimeApiException {
        String answer;
        try {
            answer = runtime.command("show servers state " + argument("backend", backend));
        } catch (RuntimeRefusal r) {
            throw new Answers.Refusal(404, "no data for " + backend + ": " + r.text());
        }
        return parse(answer);
    }

    /** The server lines of {@code show servers state}. */
    private static List<RuntimeServer> parse(String answer) {
        List<RuntimeServer> servers = new ArrayList<>();
        for (String line : answer.split("\n")) {
            String[] f = line.strip().split(" ");
            if (line.startsWith("#") || f.length < 19) {
                continue;
            }
            servers.add(new RuntimeServer(f[4], adminState(f[6]), f[2], f[3], operationalState(f[5]), port(f[18])));
        }
        return servers;
    }

    private static String operationalState(String code) {
        return switch (code) {
            case "0" -> "down";
            case "1", "2" -> "up";
            case "3" -> "stopping";
            default -> null;
        };
    }

    private static String adminState(String bits) {
        try {
            int b = Integer.parseInt(bits);
            return (b & MAINT_BITS) != 0 ? "maint" : (b & DRAIN_BITS) != 0 ? "drain" : "ready";
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer port(String word) {
        try {
            int p = Integer.parseInt(word);
            return p > 0 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Echo of a plain model: its fields in alphabetical order, as the official writes them. */
    static ObjectNode sorted(ObjectNode body) {
        TreeMap<String, JsonNode> fields = new TreeMap<>();
        body.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        ObjectNode out = Json.MAPPER.createObjectNode();
        fields.forEach(out::set);
        return out;
    }
}
