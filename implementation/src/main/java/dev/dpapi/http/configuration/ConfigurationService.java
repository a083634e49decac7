package dev.dpapi.http.configuration;

import static dev.dpapi.http.ApiEndpoint.get;

import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.Json;
import dev.dpapi.http.WriteRequest;
import dev.dpapi.model.ModelSchemas;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.reload.ReloadsService;
import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.runtime.Setters;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.dpapi.model.FieldMapping;
import dev.dpapi.model.LineCodec;
import dev.dpapi.model.ModelSchemas;
import dev.dpapi.model.NamedCodec;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.text.ConfigText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * /services/haproxy/configuration: the managed haproxy.cfg, its version and its raw text; the entry point of the
 * configuration API, whose sections ({@link SectionsService}) and directives inside them ({@link ChildrenService})
 * are changed with the official rules ({@link Mutations}) through the resource model ({@code dev.dpapi.model}).
 */
public final class ConfigurationService implements ApiService {

    /** Runtime actions run after a raw POST with skip_reload (BEHAVIOUR.md, raw POST). */
    private static final String RUNTIME_ACTIONS = "X-Runtime-Actions";
    private static final Pattern VERSION_LINE = Pattern.compile("(?m)^#\\s*_version\\s*=.*(\\r?\\n|$)");

    private final ConfigStore config;
    private final Mutations mutations;
    private final ReloadAgent reloads;
    private final RuntimeApi runtime;
    private final ApiEndpoint.Action links;

    public ConfigurationService(ConfigStore config, Mutations mutations, ReloadAgent reloads, RuntimeApi runtime,
                                ApiEndpoint.Action links) {
        this.config = config;
        this.mutations = mutations;
        this.reloads = reloads;
        this.runtime = runtime;
        this.links = links;
    }

    /** The JSON schemas of every configuration model the API serves, by name ({@link ModelSchemas}). */
    public static Map<String, JsonNode> definitions() {
        return Definitions.ALL;
    }

    /** Built once, on first use: what a write's body is checked against and what the document shows. */
    private static final class Definitions {
        static final Map<String, JsonNode> ALL = java.util.Collections.unmodifiableMap(build());
    }

    private static Map<String, JsonNode> build() {
        Map<String, List<FieldMapping>> sections = new LinkedHashMap<>();
        SectionsService.KINDS.forEach(k -> sections.put(SectionsService.model(k), k.fields()));
        Map<String, NamedCodec> named = new LinkedHashMap<>();
        ChildrenService.NAMED.forEach(n -> named.put(n.model(), n.line()));
        Map<String, LineCodec> indexed = new LinkedHashMap<>();
        ChildrenService.INDEXED.forEach(x -> indexed.put(x.model(), x.rule()));
        return ModelSchemas.definitions(sections, named, indexed);
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param transaction = new ApiEndpoint.Param("transaction_id", "string", false,
                "read the configuration of this transaction");
        return Stream.of(
                ApiEndpoint.tagged("Discovery", List.of(get("/services/haproxy/configuration",
                        "getConfigurationEndpoints", "Configuration families", "Returns the configuration families.",
                        "endpoints", links))),
                ApiEndpoint.tagged("Configuration", List.of(
                get("/services/haproxy/configuration/version", "getConfigurationVersion",
                        "Configuration version", "Returns the version of haproxy.cfg as a bare integer.",
                        ModelSchemas.VERSION, this::version, transaction),
                get("/services/haproxy/configuration/raw", "getHAProxyConfiguration",
                        "haproxy.cfg as text", "Returns haproxy.cfg as text, without its version line.",
                        ModelSchemas.RAW, this::raw, transaction,
                        new ApiEndpoint.Param("version", "integer", false, "read the backup of this version")),
                new ApiEndpoint(Method.POST, "/services/haproxy/configuration/raw", "postHAProxyConfiguration",
                        "Replace haproxy.cfg",
                        "Replaces haproxy.cfg with the posted text (text/plain, or a JSON string) once HAProxy accepts it.",
                        List.of(new ApiEndpoint.Param("version", "integer", false, "version the text replaces"),
                                new ApiEndpoint.Param("skip_version", "boolean", false, "no version check or bump"),
                                new ApiEndpoint.Param("skip_reload", "boolean", false, "do not reload"),
                                new ApiEndpoint.Param("only_validate", "boolean", false, "only validate the text"),
                                new ApiEndpoint.Param("force_reload", "boolean", false, "reload before answering"),
                                ApiEndpoint.Param.header(RUNTIME_ACTIONS, "with skip_reload, runtime changes made once the"
                                        + " text is stored, ';' between actions, e.g. SetServerWeight be s1 42;SetFrontendMaxConn fe 77")),
                        202, ModelSchemas.TEXT, this::postRaw)))).flatMap(List::stream).toList();
    }

    private void version(ServerRequest req, ServerResponse res) throws ConfigException {
        ConfigText text = mutations.read(req);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(text.version() + "\n");
    }

    private void postRaw(ServerRequest req, ServerResponse res) throws ConfigException {
        WriteRequest request = WriteRequest.of(req);
        String text = WriteRequest.text(req);
        if (req.headers().contentType().map(t -> t.mediaType().subtype().equals("json")).orElse(false)) {
            JsonNode posted = WriteRequest.json(text);
            if (!posted.isTextual()) {
                throw ConfigException.wrongType(posted, "Go value of type string");
            }
            text = posted.asText();
        }
        if (!text.isEmpty() && text.indexOf('\n') < 0) {
            throw new ConfigException(400, "invalid configuration: no newline character found");
        }
        if (request.onlyValidate()) {
            config.validateOnly(text);
            Json.send(res, 202, text);
            return;
        }
        ConfigText posted = ConfigText.parse(text);
        List<String> problems = posted.problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(400, "invalid configuration: " + problems.get(0));
        }
        if (request.skipVersion()) {
            mutations.replaceUnchecked(posted);
        } else {
            if (request.version().isEmpty()) {
                throw new ConfigException(400, "13: version or transaction not specified, specify only one");
            }
            // a version line in the text wins over the parameter, as the official prepends and re-reads it
            long expected = posted.declaredVersion().orElse(request.version().getAsLong());
            mutations.commit(expected, current -> posted);
        }
        if (request.skipReload()) {
            runActions(req.headers().value(HeaderNames.create(RUNTIME_ACTIONS)).orElse(""));
            Json.send(res, 201, text);
        } else {
            ReloadsService.answer(res, reloads.after(request.forceReload()), 201, text);
        }
    }

    /** Runs the header's actions in order; the first one HAProxy refuses ends the request with 500. */
    private void runActions(String header) throws ConfigException {
        List<Setters.Action> actions;
        try {
            actions = Setters.actions(header);
        } catch (Setters.Refused e) {
            throw new ConfigException(500, e.getMessage());
        }
        Optional<Setters.Refusal> refusal = Setters.run(runtime, actions.stream().map(Setters.Action::command).toList());
        if (refusal.isPresent()) {
            throw new ConfigException(500, Setters.cannotExecute(actions.get(refusal.get().at()).name(),
                    refusal.get().reason()));
        }
    }

    private void raw(ServerRequest req, ServerResponse res) throws ConfigException {
        OptionalLong backup = WriteRequest.integer(req, "version");
        if (backup.isPresent() && WriteRequest.transactionId(req).isPresent()) {
            throw new ConfigException(400, "12: Both version and transactionID specified, specify only one");
        }
        ConfigText text = mutations.read(req);
        if (backup.isPresent()) {
            String kept = config.backup(backup.getAsLong()).orElseThrow(() ->
                    new ConfigException(404, "30: backup file for version " + backup.getAsLong() + " does not exist"));
            Json.send(res, 200, Map.of("_version", backup.getAsLong(), "data", VERSION_LINE.matcher(kept).replaceAll("")));
            return;
        }
        String data = VERSION_LINE.matcher(text.render()).replaceAll("");
        Json.send(res, 200, Map.of("_version", text.version(), "data", data));
    }
}
