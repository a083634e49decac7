package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
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
     * One section resource: haproxy keyword, API path, the noun of "does not exist" on GET, its fields,
     * whether it can be replaced (userlists and peers sections cannot, as in the official API), and the
     * runtime equivalent of a replacement by section name (null: replacements always reload).
     */
    record Kind(String keyword, String path, String noun, List<FieldMapping> fields, boolean replaceable,
                Function<String, RuntimeChanges.Equivalent> runtime) {
        Kind(String keyword, String path, String noun, List<FieldMapping> fields) {
            this(keyword, path, noun, fields, true, null);
        }

        Kind(String keyword, String path, String noun, List<FieldMapping> fields, boolean replaceable) {
            this(keyword, path, noun, fields, replaceable, null);
        }
    }

    static final List<Kind> KINDS = List.of(
            new Kind("frontend", "frontends", "Frontend", SectionTables.FRONTEND, true, RuntimeChanges::frontend),
            new Kind("backend", "backends", "Backend", SectionTables.BACKEND),
            new Kind("defaults", "named_defaults", "Defaults section", SectionTables.DEFAULTS),
            new Kind("program", "programs", "Program", SectionTables.PROGRAM),
            new Kind("cache", "caches", "Cache", SectionTables.CACHE),
            new Kind("ring", "rings", "ring", SectionTables.RING),
            new Kind("resolvers", "resolvers", "Resolver", SectionTables.RESOLVERS),
            new Kind("mailers", "mailers_section", "mailers section", SectionTables.MAILERS),
            new Kind("log-forward", "log_forwards", "log forward", SectionTables.LOG_FORWARD),
            new Kind("fcgi-app", "fcgi_apps", "FCGI application", SectionTables.FCGI_APP),
            new Kind("http-errors", "http_errors_sections", "HTTPErrorsSection", SectionTables.HTTP_ERRORS),
            new Kind("peers", "peer_section", "PeerSection", SectionTables.NAME_ONLY, false),
            new Kind("userlist", "userlists", "userlist", SectionTables.NAME_ONLY, false));

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
            String list = BASE + k.path();
            String one = list + "/{name}";
            String model = k.keyword();
            endpoints.add(ApiEndpoint.get(list, "get" + title(k), "The " + model + " sections",
                    "Returns every " + model + " section of haproxy.cfg.", null, (req, res) -> list(k, req, res), tx));
            endpoints.add(new ApiEndpoint(Method.POST, list, "create" + title(k), "Add a " + model + " section",
                    "Adds a " + model + " section at the end of haproxy.cfg.", List.of(tx, version, force), 202, null,
                    (req, res) -> create(k, req, res)));
            endpoints.add(ApiEndpoint.get(one, "getOne" + title(k), "One " + model + " section",
                    "Returns one " + model + " section by name.", null, (req, res) -> get(k, req, res), tx));
            if (k.replaceable()) {
                endpoints.add(new ApiEndpoint(Method.PUT, one, "replace" + title(k), "Replace a " + model + " section",
                        "Replaces the section's modelled directives; other lines stay as they are.",
                        List.of(tx, version, force), 202, null, (req, res) -> replace(k, req, res)));
            }
            endpoints.add(new ApiEndpoint(Method.DELETE, one, "delete" + title(k), "Delete a " + model + " section",
                    "Removes the section and its lines.", List.of(tx, version, force), 202, null,
                    (req, res) -> delete(k, req, res)));
        }
        endpoints.add(ApiEndpoint.get(BASE + "global", "getGlobal", "The global section",
                "Returns the modelled directives of the global section.", null, this::getGlobal, tx));
        endpoints.add(new ApiEndpoint(Method.PUT, BASE + "global", "replaceGlobal", "Replace the global section",
                "Replaces the global section's modelled directives; other lines stay as they are.",
                List.of(tx, version, force), 202, null, this::replaceGlobal));
        endpoints.add(ApiEndpoint.get(BASE + "defaults", "getDefaults", "The defaults section in force",
                "Returns the last defaults section of haproxy.cfg, the one that applies.", null, this::currentDefaults, tx));
        return endpoints;
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

    private void list(Kind k, ServerRequest req, ServerResponse res) {
        ConfigText text = mutations.readOrAnswer(req, res);
        if (text == null) {
            return;
        }
        List<ObjectNode> data = named(text, k).stream().map(e -> model(k, e.getKey(), e.getValue())).toList();
        Json.send(res, 200, Map.of("_version", text.version(), "data", data));
    }

    private void get(Kind k, ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        ConfigText text = mutations.readOrAnswer(req, res);
        if (text == null) {
            return;
        }
        find(text, k, name).ifPresentOrElse(
                s -> Json.send(res, 200, Map.of("_version", text.version(), "data", model(k, name, s))),
                () -> Json.error(res, 404, "30: " + k.noun() + " " + name + " does not exist"));
    }

    private void getGlobal(ServerRequest req, ServerResponse res) {
        ConfigText text = mutations.readOrAnswer(req, res);
        if (text == null) {
            return;
        }
        ObjectNode data = text.sections("global").stream().findFirst()
                .map(s -> SectionEditor.read(s, SectionTables.GLOBAL)).orElse(Json.MAPPER.createObjectNode());
        data.remove("name");
        Json.send(res, 200, Map.of("_version", text.version(), "data", data));
    }

    private void replaceGlobal(ServerRequest req, ServerResponse res) {
        Optional<JsonNode> body = Mutations.body(req, res);
        if (body.isEmpty()) {
            return;
        }
        mutations.apply(req, res, Mutations.Op.REPLACE, body.get(), text -> {
            Optional<Section> global = text.sections("global").stream().findFirst();
            Section base = global.orElse(Section.create("global", "", text.lineEnding()));
            Section written = SectionEditor.write(base, SectionTables.GLOBAL, body.get(), text.lineEnding());
            return global.isPresent() ? text.withSection(global.get(), written) : text.withFirstSection(written);
        });
    }

    private void currentDefaults(ServerRequest req, ServerResponse res) {
        ConfigText text = mutations.readOrAnswer(req, res);
        if (text == null) {
            return;
        }
        List<Map.Entry<String, Section>> all = named(text, KINDS.get(2));
        if (all.isEmpty()) {
            Json.error(res, 404, "30: Defaults section does not exist");
            return;
        }
        Map.Entry<String, Section> last = all.get(all.size() - 1);
        Json.send(res, 200, Map.of("_version", text.version(), "data", model(KINDS.get(2), last.getKey(), last.getValue())));
    }

    private void create(Kind k, ServerRequest req, ServerResponse res) {
        Optional<JsonNode> body = Mutations.body(req, res);
        if (body.isEmpty() || !validName(body.get(), res)) {
            return;
        }
        String name = body.get().get("name").asText();
        mutations.create(req, res, body.get(), text -> {
            if (find(text, k, name).isPresent()) {
                throw new ConfigException(409, "31: " + k.keyword() + " " + name + " already exists");
            }
            Section empty = Section.create(k.keyword(), name, text.lineEnding());
            return text.withSection(null, SectionEditor.write(empty, k.fields(), body.get(), text.lineEnding()));
        });
    }

    private void replace(Kind k, ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        Optional<JsonNode> body = Mutations.body(req, res);
        if (body.isEmpty()) {
            return;
        }
        ObjectNode echo = body.get().deepCopy();
        echo.put("name", name);
        mutations.replace(req, res, echo, text -> {
            Section old = find(text, k, name).orElseThrow(() ->
                    new ConfigException(404, "30: " + k.keyword() + " " + name + " does not exist"));
            return text.withSection(old, SectionEditor.write(old, k.fields(), body.get(), text.lineEnding()));
        }, k.runtime() == null ? null : k.runtime().apply(name));
    }

    private void delete(Kind k, ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        mutations.apply(req, res, Mutations.Op.DELETE, null, text -> {
            Section old = find(text, k, name).orElseThrow(() ->
                    new ConfigException(404, "30: " + k.keyword() + " " + name + " does not exist"));
            return text.withoutSection(old);
        });
    }

    private static boolean validName(JsonNode body, ServerResponse res) {
        if (!body.hasNonNull("name")) {
            Json.error(res, 422, "name in body is required");
            return false;
        }
        if (!NAME.matcher(body.get("name").asText()).matches()) {
            Json.error(res, 422, "name in body should match '" + NAME.pattern() + "'");
            return false;
        }
        return true;
    }
}
