package dev.dpapi.http.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import dev.dpapi.http.WriteRequest;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.dpapi.model.ConfigModels;
import dev.dpapi.model.FieldMapping;
import dev.dpapi.model.ModelSchemas;
import dev.dpapi.model.RuntimeChanges;
import dev.dpapi.model.SectionEditor;
import dev.dpapi.model.SectionTables;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Sections keyed by name (frontends, backends, defaults): list, get, create, replace and delete. */
public final class SectionsService implements ApiService {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9-_.:]+$");
    private static final String BASE = "/services/haproxy/configuration/";

    /**
     * One section resource: haproxy keyword, API path, how a GET names a missing one ({@code %s}: its name), its fields,
     * whether it can be replaced (userlists and peers sections cannot, as in the official API), the official's
     * answer to a replacement of a missing one, and the runtime equivalent of a replacement by section name
     * (null: replacements always reload).
     */
    record Kind(String keyword, String path, String noun, List<FieldMapping> fields, boolean replaceable,
                Function<String, ConfigException> missingOnReplace,
                Function<String, RuntimeChanges.Equivalent> runtime) {
        Kind(String keyword, String path, String noun, List<FieldMapping> fields,
             Function<String, ConfigException> missingOnReplace) {
            this(keyword, path, noun, fields, true, missingOnReplace, null);
        }
    }

    /** A replacement of a missing section: 404 {@code 30: <word> <name> does not exist}. */
    private static Function<String, ConfigException> missing(String word) {
        return name -> new ConfigException(404, "30: " + word + " " + name + " does not exist");
    }

    /** The official's answer for some kinds (sic): 409 {@code 31: <keyword> <name> does not exists}. */
    private static Function<String, ConfigException> conflict(String keyword) {
        return name -> new ConfigException(409, "31: " + keyword + " " + name + " does not exists");
    }

    static final Kind DEFAULTS = new Kind("defaults", "named_defaults", "Defaults section %s",
            SectionTables.DEFAULTS, missing("defaults"));

    static final List<Kind> KINDS = List.of(
            new Kind("frontend", "frontends", "Frontend %s", SectionTables.FRONTEND, true, missing("Frontend"),
                    RuntimeChanges::frontend),
            new Kind("backend", "backends", "Backend %s", SectionTables.BACKEND, missing("backend")),
            DEFAULTS,
            new Kind("program", "programs", "Program %s", SectionTables.PROGRAM, conflict("program")),
            new Kind("cache", "caches", "Cache %s", SectionTables.CACHE, missing("cache")),
            new Kind("ring", "rings", "ring %s", SectionTables.RING, conflict("ring")),
            new Kind("resolvers", "resolvers", "Resolver %s", SectionTables.RESOLVERS, missing("resolvers")),
            new Kind("mailers", "mailers_section", "mailers section '%s'", SectionTables.MAILERS, conflict("mailers")),
            new Kind("log-forward", "log_forwards", "log forward %s", SectionTables.LOG_FORWARD, conflict("log-forward")),
            new Kind("fcgi-app", "fcgi_apps", "FCGI application %s", SectionTables.FCGI_APP, conflict("fcgi-app")),
            new Kind("http-errors", "http_errors_sections", "HTTPErrorsSection %s", SectionTables.HTTP_ERRORS,
                    conflict("http-errors")),
            new Kind("peers", "peer_section", "PeerSection %s", SectionTables.PEERS, false, null, null),
            new Kind("userlist", "userlists", "userlist %s", SectionTables.NAME_ONLY, false, null, null));

    private final Mutations mutations;

    public SectionsService(Mutations mutations) {
        this.mutations = mutations;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param tx = new ApiEndpoint.Param("transaction_id", "string", false, "transaction to read or change");
        ApiEndpoint.Param version = new ApiEndpoint.Param("version", "integer", false, "version the change is made against");
        ApiEndpoint.Param force = new ApiEndpoint.Param("force_reload", "boolean", false, "reload before answering");
        List<ApiEndpoint> endpoints = new ArrayList<>();
        for (Kind k : KINDS) {
            List<ApiEndpoint> family = new ArrayList<>();
            String list = BASE + k.path();
            String one = list + "/{name}";
            String model = k.keyword();
            family.add(ApiEndpoint.get(list, "get" + title(k), "The " + model + " sections",
                    "Returns every " + model + " section of haproxy.cfg.", ModelSchemas.list(model(k)), (req, res) -> list(k, req, res),
                    tx));
            family.add(new ApiEndpoint(Method.POST, list, "create" + title(k), "Add a " + model + " section",
                    "Adds a " + model + " section at the end of haproxy.cfg.", List.of(tx, version, force), 202, model(k),
                    (req, res) -> create(k, req, res)));
            family.add(ApiEndpoint.get(one, "getOne" + title(k), "One " + model + " section",
                    "Returns one " + model + " section by name.", ModelSchemas.one(model(k)), (req, res) -> get(k, req, res), tx));
            if (k.replaceable()) {
                family.add(new ApiEndpoint(Method.PUT, one, "replace" + title(k), "Replace a " + model + " section",
                        "Replaces the section's modelled directives; other lines stay as they are.",
                        List.of(tx, version, force), 202, model(k), (req, res) -> replace(k, req, res)));
            }
            family.add(new ApiEndpoint(Method.DELETE, one, "delete" + title(k), "Delete a " + model + " section",
                    "Removes the section and its lines.", List.of(tx, version, force), 202, null,
                    (req, res) -> delete(k, req, res)));
            endpoints.addAll(ApiEndpoint.tagged(tag(k), family));
        }
        endpoints.addAll(ApiEndpoint.tagged("Global", List.of(
                ApiEndpoint.get(BASE + "global", "getGlobal", "The global section",
                        "Returns the modelled directives of the global section.", ModelSchemas.one("global"),
                        this::getGlobal, tx),
                new ApiEndpoint(Method.PUT, BASE + "global", "replaceGlobal", "Replace the global section",
                        "Replaces the global section's modelled directives; other lines stay as they are.",
                        List.of(tx, version, force), 202, "global", this::replaceGlobal))));
        endpoints.addAll(ApiEndpoint.tagged(tag(DEFAULTS), List.of(
                ApiEndpoint.get(BASE + "defaults", "getDefaults", "The defaults section in force",
                        "Returns the last defaults section of haproxy.cfg, the one that applies.",
                        ModelSchemas.one("defaults"), this::getDefaults, tx),
                new ApiEndpoint(Method.PUT, BASE + "defaults", "replaceDefaults",
                        "Replace the defaults section in force",
                        "Replaces the modelled directives of the last defaults section; other lines stay as they are.",
                        List.of(tx, version, force), 202, "defaults", this::replaceDefaults))));
        return endpoints;
    }

    /**
     * The family's tag in the document: its Go model name, except the four families the contract files under
     * another name.
     */
    private static String tag(Kind k) {
        return switch (k.keyword()) {
            case "program" -> "ProcessManager";
            case "mailers" -> "Mailers";
            case "peers" -> "Peer";
            case "http-errors" -> "HTTPErrors";
            default -> ConfigModels.goName(model(k));
        };
    }

    /** The name of a kind's model: its path in the singular ({@code backends} → {@code backend}). */
    static String model(Kind k) {
        if (k == DEFAULTS) {
            return "defaults";
        }
        return k.path().endsWith("s") ? k.path().substring(0, k.path().length() - 1) : k.path();
    }

    private static String title(Kind k) {
        StringBuilder out = new StringBuilder();
        for (String part : k.path().split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    /** Sections of a kind with their API names: unnamed defaults sections are unnamed_defaults_1, _2... */
    static List<Map.Entry<String, Section>> named(ConfigText text, Kind k) {
        List<Map.Entry<String, Section>> out = new ArrayList<>();
        int unnamed = 0;
        for (Section s : text.sections(k.keyword())) {
            String name = s.name().isEmpty() ? "unnamed_defaults_" + (++unnamed) : s.name();
            out.add(Map.entry(name, s));
        }
        return out;
    }

    static Optional<Section> find(ConfigText text, Kind k, String name) {
        if (!name.startsWith("unnamed_defaults_")) {
            return text.section(k.keyword(), name);
        }
        return named(text, k).stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
    }

    private static ObjectNode model(Kind k, String name, Section s) {
        ObjectNode json = SectionEditor.read(s, k.fields());
        json.put("name", name);
        return json;
    }

    private void list(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        ConfigText text = mutations.read(req);
        List<ObjectNode> data = named(text, k).stream().map(e -> model(k, e.getKey(), e.getValue())).toList();
        Json.data(res, text.version(), k.keyword(), data);
    }

    private void get(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        String name = req.path().pathParameters().get("name");
        ConfigText text = mutations.read(req);
        Section s = find(text, k, name).orElseThrow(() ->
                new ConfigException(404, "30: " + k.noun().formatted(name) + " does not exist"));
        Json.data(res, text.version(), k.keyword(), model(k, name, s));
    }

    private void getGlobal(ServerRequest req, ServerResponse res) throws ConfigException {
        ConfigText text = mutations.read(req);
        ObjectNode data = text.sections("global").stream().findFirst()
                .map(s -> SectionEditor.read(s, SectionTables.GLOBAL)).orElse(Json.MAPPER.createObjectNode());
        data.remove("name");
        Json.data(res, text.version(), "global", data);
    }

    private void replaceGlobal(ServerRequest req, ServerResponse res) throws ConfigException {
        WriteRequest request = WriteRequest.withObjectBody(req, "global");
        JsonNode body = request.body();
        mutations.apply(request, res, Mutations.Op.REPLACE, Mutations.echo("global", body), text -> {
            Optional<Section> global = text.sections("global").stream().findFirst();
            Section base = global.orElse(Section.create("global", "", text.lineEnding()));
            Section written = written("global", base, SectionTables.GLOBAL, body, text);
            return global.isPresent() ? text.withSection(global.get(), written) : text.withFirstSection(written);
        });
    }

    /** The defaults section in force: the last one of the file, with its API name. */
    static Optional<Map.Entry<String, Section>> defaultsInForce(ConfigText text) {
        List<Map.Entry<String, Section>> all = named(text, DEFAULTS);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static Map.Entry<String, Section> currentDefaults(ConfigText text) throws ConfigException {
        return defaultsInForce(text).orElseThrow(() -> new ConfigException(404, "30: Defaults section does not exist"));
    }

    private void getDefaults(ServerRequest req, ServerResponse res) throws ConfigException {
        ConfigText text = mutations.read(req);
        Map.Entry<String, Section> current = currentDefaults(text);
        Json.data(res, text.version(), "defaults", model(DEFAULTS, current.getKey(), current.getValue()));
    }

    private void replaceDefaults(ServerRequest req, ServerResponse res) throws ConfigException {
        WriteRequest request = WriteRequest.withObjectBody(req, "defaults");
        JsonNode body = request.body();
        mutations.apply(request, res, Mutations.Op.REPLACE, Mutations.echo("defaults", body), text -> {
            Section old = currentDefaults(text).getValue();
            return text.withSection(old, written("defaults", old, DEFAULTS.fields(), body, text));
        });
    }

    private void create(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        WriteRequest request = WriteRequest.withObjectBody(req, model(k));
        JsonNode body = request.body();
        String name = validName(body);
        mutations.apply(request, res, Mutations.Op.CREATE, Mutations.echo(k.keyword(), body), text -> {
            if (find(text, k, name).isPresent()) {
                throw new ConfigException(409, "31: " + k.keyword() + " " + name + " already exists");
            }
            Section empty = Section.create(k.keyword(), name, text.lineEnding());
            return text.withSection(null, written(k.keyword(), empty, k.fields(), body, text));
        });
    }

    private void replace(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        String name = req.path().pathParameters().get("name");
        WriteRequest request = WriteRequest.withObjectBody(req, model(k));
        JsonNode body = request.body();
        validName(body); // the body's name is checked as on create; the path names the section
        ObjectNode echo = body.deepCopy();
        echo.put("name", name);
        mutations.apply(request, res, Mutations.Op.REPLACE, Mutations.echo(k.keyword(), echo), text -> {
            Section old = find(text, k, name).orElseThrow(() -> k.missingOnReplace().apply(name));
            return text.withSection(old, written(k.keyword(), old, k.fields(), body, text));
        }, k.runtime() == null ? null : k.runtime().apply(name));
    }

    private void delete(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        String name = req.path().pathParameters().get("name");
        mutations.apply(WriteRequest.of(req), res, Mutations.Op.DELETE, null, text -> {
            Section old = find(text, k, name).orElseThrow(() ->
                    new ConfigException(404, "30: " + k.keyword() + " " + name + " does not exist"));
            return text.withoutSection(old);
        });
    }

    /** The section with the body written into it; a body value of the wrong JSON type refused (400). */
    private static Section written(String model, Section section, List<FieldMapping> fields, JsonNode body,
                                   ConfigText text) throws ConfigException {
        return ConfigModels.write(model, section, fields, body, text.lineEnding());
    }

    /**
     * The body's name (required, checked with the body's schema by {@link WriteRequest#withObjectBody}): a string
     * matching the pattern (400 as the decoder, 422 as the validator).
     */
    private static String validName(JsonNode body) throws ConfigException {
        if (!body.path("name").isTextual() || body.get("name").asText().isEmpty()) {
            // a named defaults section: its model does not require a name, but the section needs one (a number or
            // a boolean was refused by the decoder before, WriteRequest.withObjectBody)
            throw ConfigException.schema(602, "name in body is required");
        }
        if (!NAME.matcher(body.get("name").asText()).matches()) {
            throw ConfigException.schema(605, "name in body should match '" + NAME.pattern() + "'");
        }
        return body.get("name").asText();
    }
}
