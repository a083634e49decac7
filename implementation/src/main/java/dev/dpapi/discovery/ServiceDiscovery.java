package dev.dpapi.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import dev.dpapi.http.WriteRequest;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.runtime.RuntimeApi;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Entry point of the discovery capability: {@code /service_discovery/consul} and {@code /service_discovery/aws}
 * (list, create, read, replace, delete definitions, kept in {@link DefinitionsFile}), and, for each enabled
 * definition, a {@link Reconciler} that makes generated backends follow the services it finds.
 */
public final class ServiceDiscovery implements ApiService {

    private static final Logger LOG = Logger.getLogger("discovery");

    private final DefinitionsFile file;
    private final Backends backends;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> env;
    /** One for every AWS definition: the instance has one role, and its credentials are kept until they expire. */
    private final InstanceRole instanceRole;
    /** Definitions by kind, in creation order, by id. */
    private final Map<Kind, Map<String, ObjectNode>> definitions = new EnumMap<>(Kind.class);
    private final Map<String, Reconciler> running = new LinkedHashMap<>();

    /** Stored definitions that cannot be read or are not valid: the start stops, saying which and why. */
    public static final class InvalidDefinitions extends RuntimeException {
        InvalidDefinitions(String message) {
            super(message);
        }
    }

    private ServiceDiscovery(DefinitionsFile file, Backends backends, Map<String, String> env) {
        this.file = file;
        this.backends = backends;
        this.env = env;
        this.instanceRole = new InstanceRole(http, env);
        for (Kind k : Kind.values()) {
            definitions.put(k, new LinkedHashMap<>());
        }
    }

    /**
     * Reads the stored definitions (one that is not valid stops the start, as the official's:
     * {@link InvalidDefinitions}); the enabled ones are followed from {@link #followDefinitions}. {@code settingsFile}: the definitions are kept beside it; none, in memory only.
     */
    public static ServiceDiscovery start(Optional<Path> settingsFile, ConfigStore config, RuntimeApi runtime,
                                         ReloadAgent reloads) {
        DefinitionsFile file = new DefinitionsFile(DefinitionsFile.besideSettings(settingsFile));
        ServiceDiscovery discovery = new ServiceDiscovery(file, new Backends(config, runtime, reloads), System.getenv());
        String where = file.path().map(Path::toString).orElse("");
        Map<Kind, List<JsonNode>> stored;
        try {
            stored = file.read();
        } catch (IOException e) {
            throw new InvalidDefinitions("service_discovery: " + where + ": " + e.getMessage());
        }
        for (Map.Entry<Kind, List<JsonNode>> kind : stored.entrySet()) {
            for (int i = 0; i < kind.getValue().size(); i++) {
                try {
                    ObjectNode valid = kind.getKey().decode(kind.getValue().get(i));
                    String id = valid.path("id").asText("");
                    valid.put("id", id.isEmpty() ? UUID.randomUUID().toString() : id);
                    kind.getKey().fillDefaults(valid);
                    discovery.definitions.get(kind.getKey()).put(valid.get("id").asText(), valid);
                } catch (ConfigException e) {
                    throw new InvalidDefinitions("service_discovery: " + where + ": " + kind.getKey().listKey + "[" + i
                            + "]: " + e.getMessage());
                }
            }
        }
        if (file.path().isEmpty()) {
            LOG.info("no settings file: service discovery definitions are kept in memory only");
        }
        return discovery;
    }

    /**
     * Starts following the enabled definitions read at start: once the API listens, so that a start that cannot bind
     * (a busy port, retried under HAProxy's process manager) asks no catalog and writes nothing. A definition a
     * request created meanwhile is followed already.
     */
    public synchronized void followDefinitions() {
        definitions.forEach((kind, byId) -> byId.values().stream()
                .filter(d -> !running.containsKey(d.get("id").asText()))
                .forEach(d -> follow(kind, d)));
    }

    /**
     * The model of one kind of definition: its path under {@code /service_discovery/}, its definition name and
     * schema. The endpoints answer it alone (a write) or as {@code data} (a read: the name with {@code _data}, a
     * list of them the name with {@code s_data}).
     */
    public record DefinitionModel(String path, String name, Map<String, Object> schema) {
    }

    public static List<DefinitionModel> definitionModels() {
        return Arrays.stream(Kind.values()).map(k -> new DefinitionModel(k.path, definition(k), k.schema()))
                .toList();
    }

    private static String definition(Kind k) {
        return k == Kind.CONSUL ? "consul" : "awsRegion";
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        List<ApiEndpoint> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            String what = k == Kind.CONSUL ? "Consul server" : "AWS region";
            String op = k == Kind.CONSUL ? "Consul" : "AWSRegion";
            String base = "/service_discovery/" + k.path;
            out.add(ApiEndpoint.get(base, k == Kind.CONSUL ? "getConsuls" : "getAWSRegions",
                    "List " + what + " discovery definitions", "Every " + what + " definition, enabled or not.",
                    definition(k) + "s_data",
                    (req, res) -> list(k, res)));
            out.add(new ApiEndpoint(Method.POST, base, "create" + op, "Add a " + what + " discovery definition",
                    "Stores a definition under a new id and, when enabled, starts following its services.", List.of(),
                    201, definition(k), (req, res) -> create(k, req, res)));
            out.add(ApiEndpoint.get(base + "/{id}", "get" + op, "One " + what + " discovery definition",
                    "The definition with this id.", definition(k) + "_data", (req, res) -> one(k, req, res)));
            out.add(new ApiEndpoint(Method.PUT, base + "/{id}", "replace" + op, "Replace a " + what + " discovery definition",
                    "Replaces the definition; its generated backends follow the new one.", List.of(), 200, definition(k),
                    (req, res) -> replace(k, req, res)));
            out.add(new ApiEndpoint(Method.DELETE, base + "/{id}", "delete" + op, "Delete a " + what + " discovery definition",
                    "Stops following its services and removes the backends it generated.", List.of(), 204, null,
                    (req, res) -> delete(k, req, res)));
        }
        return ApiEndpoint.tagged("ServiceDiscovery", out);
    }

    private synchronized void list(Kind k, ServerResponse res) {
        List<Json.Model> data = definitions.get(k).values().stream().map(d -> new Json.Model(k.path, d)).toList();
        Json.send(res, 200, Map.of("data", data));
    }

    private synchronized void one(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        ObjectNode d = existing(k, req);
        Json.send(res, 200, Map.of("data", new Json.Model(k.path, d)));
    }

    private void create(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        ObjectNode d = k.decode(WriteRequest.json(WriteRequest.text(req)));
        d.put("id", UUID.randomUUID().toString()); // always generated, whatever the body says
        k.fillDefaults(d);
        synchronized (this) {
            definitions.get(k).put(d.get("id").asText(), d);
            persist(() -> definitions.get(k).remove(d.get("id").asText()));
            follow(k, d);
        }
        Json.send(res, 201, new Json.Model(k.path, d));
    }

    private void replace(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        String id = req.path().pathParameters().get("id");
        ObjectNode d = k.decode(WriteRequest.json(WriteRequest.text(req)));
        d.put("id", id);
        k.fillDefaults(d);
        Reconciler stopped;
        synchronized (this) {
            ObjectNode old = existing(k, req);
            definitions.get(k).put(id, d);
            persist(() -> definitions.get(k).put(id, old));
            stopped = running.remove(id);
        }
        if (stopped != null) {
            String oldPrefix = stopped.source().backendPrefix();
            boolean keepBackends = d.path("enabled").asBoolean() && oldPrefix.equals(source(k, d).backendPrefix());
            stopped.stop();
            if (!keepBackends) {
                backends.removeAll(oldPrefix);
            }
        }
        synchronized (this) {
            if (definitions.get(k).get(id) == d) {
                follow(k, d);
            }
        }
        Json.send(res, 200, new Json.Model(k.path, d));
    }

    private void delete(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        Reconciler stopped;
        synchronized (this) {
            ObjectNode old = existing(k, req);
            String id = old.get("id").asText();
            definitions.get(k).remove(id);
            persist(() -> definitions.get(k).put(id, old));
            stopped = running.remove(id);
        }
        if (stopped != null) {
            stopped.stop();
            backends.removeAll(stopped.source().backendPrefix());
        }
        res.status(204);
        res.send();
    }

    private ObjectNode existing(Kind k, ServerRequest req) throws ConfigException {
        String id = req.path().pathParameters().get("id");
        ObjectNode d = definitions.get(k).get(id);
        if (d == null) {
            throw new ConfigException(404, (k == Kind.CONSUL ? "consul" : "aws region") + " " + id + " not found");
        }
        return d;
    }

    /** Writes the file; when that fails, {@code undo} puts memory back and the request fails whole. */
    private void persist(Runnable undo) throws ConfigException {
        Map<Kind, List<ObjectNode>> all = new EnumMap<>(Kind.class);
        definitions.forEach((k, byId) -> all.put(k, List.copyOf(byId.values())));
        try {
            file.write(all);
        } catch (IOException | UncheckedIOException e) {
            undo.run();
            throw new ConfigException(500, "cannot store the service discovery definitions: " + e.getMessage());
        }
    }

    /**
     * Stops following every definition (the API stops or restarts), waiting for passes under way; the generated
     * backends stay as they are, and the definitions stay stored for the next start.
     */
    public void stop() {
        List<Reconciler> all;
        synchronized (this) {
            all = List.copyOf(running.values());
            running.clear();
        }
        all.forEach(Reconciler::stop);
    }

    /** Starts following an enabled definition. */
    private void follow(Kind k, ObjectNode d) {
        if (!d.path("enabled").asBoolean()) {
            return;
        }
        Reconciler r = new Reconciler(source(k, d), d.path("retry_timeout").asLong(),
                GeneratedBackends.Scaling.of(d), d.path("defaults").asText(""), backends);
        running.put(d.get("id").asText(), r);
        r.start();
    }

    private Source source(Kind k, JsonNode d) {
        return k == Kind.CONSUL ? new ConsulCatalog(http, d) : new Ec2Instances(http, d, env, instanceRole);
    }
}
