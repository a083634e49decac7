package dev.dpapi.sites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.model.ConfigModels;
import dev.dpapi.model.ConfigModels.Named;
import dev.dpapi.model.ConfigModels.Sections;
import dev.dpapi.text.ConfigText;
import dev.dpapi.http.configuration.Mutations;
import dev.dpapi.text.Section;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import dev.dpapi.http.WriteRequest;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entry point of the sites capability: the official's simplified view of a frontend (its {@code service}: mode,
 * maxconn, connection mode, listeners) and the backends it sends traffic to (its {@code farms}: the
 * {@code default_backend} and the backends of its {@code use_backend} rules, with their balance, forwardfor, mode
 * and servers). Read from and written to the same sections and lines as the configuration API, each site change
 * one validated write (or one transaction change).
 */
public final class SitesService implements ApiService {

    private static final String LIST = "/services/haproxy/sites";
    private static final String ONE = LIST + "/{name}";
    private static final String MODEL = "site";
    /** The frontend fields a site's service stands for. */
    private static final List<String> SERVICE_FIELDS = List.of("mode", "maxconn", "http_connection_mode");
    /** The backend fields a farm stands for (beside its name and servers). */
    private static final List<String> FARM_FIELDS = List.of("balance", "forwardfor", "mode");

    private final Mutations mutations;

    public SitesService(Mutations mutations) {
        this.mutations = mutations;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param tx = ApiEndpoint.Param.TRANSACTION_ID;
        List<ApiEndpoint.Param> change = List.of(tx, ApiEndpoint.Param.VERSION, ApiEndpoint.Param.FORCE_RELOAD);
        return ApiEndpoint.tagged("Sites", List.of(
                ApiEndpoint.get(LIST, "getSites", "The sites", "Returns every frontend as a site with its farms.",
                        MODEL + "_list_data", this::list, tx),
                new ApiEndpoint(Method.POST, LIST, "createSite", "Add a site",
                        "Adds a frontend with its listeners and the backends of its farms, in one change.", change, 202,
                        MODEL, this::create),
                ApiEndpoint.get(ONE, "getSite", "One site", "Returns the site of a frontend by name.", MODEL + "_data",
                        this::get, tx),
                new ApiEndpoint(Method.PUT, ONE, "replaceSite", "Replace a site",
                        "Replaces a site's service, listeners and farms in one change; other lines stay as they are.",
                        change, 202, MODEL, this::replace),
                new ApiEndpoint(Method.DELETE, ONE, "deleteSite", "Delete a site",
                        "Removes the frontend and the backends of its farms that no other frontend uses.", change, 202,
                        null, this::delete)));
    }

    /**
     * The site models of the served document, built from the configuration's ({@code configuration}: definitions
     * by name): a service has the frontend's fields and its binds as listeners, a farm the backend's fields, the
     * condition of a backend switching rule and its servers. Models are written alphabetically, so are these.
     */
    public static Map<String, JsonNode> definitions(Map<String, JsonNode> configuration) {
        Map<String, JsonNode> service = new TreeMap<>();
        SERVICE_FIELDS.forEach(f -> service.put(f, property(configuration, "frontend", f)));
        service.put("listeners", list("bind"));
        Map<String, JsonNode> farm = new TreeMap<>();
        FARM_FIELDS.forEach(f -> farm.put(f, property(configuration, "backend", f)));
        List.of("cond", "cond_test").forEach(f -> farm.put(f, property(configuration, "backend_switching_rule", f)));
        farm.put("name", property(configuration, "backend", "name"));
        farm.put("servers", list("server"));
        farm.put("use_as", Json.MAPPER.createObjectNode().put("type", "string").set("enum",
                Json.MAPPER.createArrayNode().add("default").add("conditional")));
        Map<String, JsonNode> site = new TreeMap<>();
        site.put("farms", Json.MAPPER.createObjectNode().put("type", "array").set("items", ref(MODEL + "_farm")));
        site.put("name", property(configuration, "frontend", "name"));
        site.put("service", ref(MODEL + "_service"));
        Map<String, JsonNode> defs = new LinkedHashMap<>();
        defs.put(MODEL, object(site, "name"));
        defs.put(MODEL + "_farm", object(farm, "name", "use_as"));
        defs.put(MODEL + "_service", object(service));
        defs.put(MODEL + "_data", object(Map.of("_version", Json.MAPPER.createObjectNode().put("type", "integer"),
                "data", ref(MODEL))));
        defs.put(MODEL + "_list_data", object(Map.of("_version", Json.MAPPER.createObjectNode().put("type", "integer"),
                "data", list(MODEL))));
        return defs;
    }

    private static JsonNode property(Map<String, JsonNode> configuration, String model, String field) {
        JsonNode schema = configuration.get(model).path("properties").get(field);
        if (schema == null) {
            throw new IllegalStateException("the " + model + " model has no field " + field);
        }
        return schema;
    }

    private static ObjectNode ref(String definition) {
        return Json.MAPPER.createObjectNode().put("$ref", "#/definitions/" + definition);
    }

    private static ObjectNode list(String definition) {
        return Json.MAPPER.createObjectNode().put("type", "array").set("items", ref(definition));
    }

    private static ObjectNode object(Map<String, JsonNode> properties, String... required) {
        ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
        if (required.length > 0) {
            ArrayNode names = schema.putArray("required");
            List.of(required).forEach(names::add);
        }
        schema.putObject("properties").setAll(new TreeMap<>(properties));
        return schema;
    }

    private void list(ServerRequest req, ServerResponse res) throws ConfigException {
        ConfigText text = mutations.read(req);
        List<ObjectNode> sites = text.sections(Sections.FRONTEND.keyword()).stream().map(fe -> site(text, fe)).toList();
        Json.data(res, text.version(), MODEL, sites);
    }

    private void get(ServerRequest req, ServerResponse res) throws ConfigException {
        String name = req.path().pathParameters().get("name");
        ConfigText text = mutations.read(req);
        Section fe = frontend(text, name).orElseThrow(() -> missing(name));
        Json.data(res, text.version(), MODEL, site(text, fe));
    }

    private void create(ServerRequest req, ServerResponse res) throws ConfigException {
        WriteRequest request = WriteRequest.withObjectBody(req, MODEL);
        JsonNode body = request.body();
        SiteSchema.check(body);
        String name = body.get("name").asText();
        mutations.apply(request, res, Mutations.Op.CREATE, Mutations.echo(MODEL, body), text -> {
            if (frontend(text, name).isPresent()) {
                throw new ConfigException(409, "31: frontend " + name + " already exists");
            }
            for (JsonNode farm : body.path("farms")) {
                String backend = farm.get("name").asText();
                if (backend(text, backend).isPresent()) {
                    throw new ConfigException(409, "31: backend " + backend + " already exists");
                }
            }
            return write(text, name, body);
        });
    }

    private void replace(ServerRequest req, ServerResponse res) throws ConfigException {
        String name = req.path().pathParameters().get("name");
        WriteRequest request = WriteRequest.withObjectBody(req, MODEL);
        SiteSchema.check(request.body()); // the body's name is required as on create
        ObjectNode body = request.body().deepCopy();
        body.put("name", name); // the path names the site
        mutations.apply(request, res, Mutations.Op.REPLACE, Mutations.echo(MODEL, body), text -> {
            Section fe = frontend(text, name).orElseThrow(() -> missing(name));
            Set<String> before = farmNames(text, fe);
            ConfigText written = write(text, name, body);
            Set<String> after = new HashSet<>();
            body.path("farms").forEach(f -> after.add(f.get("name").asText()));
            before.removeAll(after);
            return withoutUnused(written, before);
        });
    }

    private void delete(ServerRequest req, ServerResponse res) throws ConfigException {
        String name = req.path().pathParameters().get("name");
        mutations.apply(WriteRequest.of(req), res, Mutations.Op.DELETE, null, text -> {
            Section fe = frontend(text, name).orElseThrow(() -> missing(name));
            Set<String> farms = farmNames(text, fe);
            return withoutUnused(text.withoutSection(fe), farms);
        });
    }

    private static ConfigException missing(String name) {
        return new ConfigException(404, "30: Site " + name + " does not exist");
    }

    private static Optional<Section> frontend(ConfigText text, String name) {
        return text.section(Sections.FRONTEND.keyword(), name);
    }

    private static Optional<Section> backend(ConfigText text, String name) {
        return text.section(Sections.BACKEND.keyword(), name);
    }

    // ---- reading

    /** The site of a frontend: its service and its farms, the default one first, then the rules' in order. */
    static ObjectNode site(ConfigText text, Section fe) {
        ObjectNode model = Sections.FRONTEND.read(fe);
        ObjectNode site = Json.MAPPER.createObjectNode();
        site.put("name", fe.name());
        ObjectNode service = site.putObject("service");
        SERVICE_FIELDS.forEach(f -> copy(model, service, f));
        List<ObjectNode> binds = Named.BINDS.read(fe);
        if (!binds.isEmpty()) {
            service.putArray("listeners").addAll(binds);
        }
        ArrayNode farms = Json.MAPPER.createArrayNode();
        if (model.hasNonNull("default_backend")) {
            farm(text, model.get("default_backend").asText(), "default", null).ifPresent(farms::add);
        }
        for (ObjectNode rule : ConfigModels.backendSwitchingRules(fe)) {
            farm(text, rule.path("name").asText(), "conditional", rule).ifPresent(farms::add);
        }
        if (!farms.isEmpty()) {
            site.set("farms", farms);
        }
        return site;
    }

    /** A farm: a backend section by name (none when there is no such section, e.g. a name built at run time). */
    private static Optional<ObjectNode> farm(ConfigText text, String name, String useAs, ObjectNode rule) {
        return backend(text, name).map(be -> {
            ObjectNode model = Sections.BACKEND.read(be);
            ObjectNode farm = Json.MAPPER.createObjectNode();
            farm.put("name", name);
            farm.put("use_as", useAs);
            if (rule != null) {
                copy(rule, farm, "cond");
                copy(rule, farm, "cond_test");
            }
            FARM_FIELDS.forEach(f -> copy(model, farm, f));
            List<ObjectNode> servers = Named.SERVERS.read(be);
            if (!servers.isEmpty()) {
                farm.putArray("servers").addAll(servers);
            }
            return farm;
        });
    }

    /** The backends a frontend sends traffic to, as its site's farms. */
    private static Set<String> farmNames(ConfigText text, Section fe) {
        Set<String> names = new LinkedHashSet<>();
        site(text, fe).path("farms").forEach(f -> names.add(f.get("name").asText()));
        return names;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }

    /** {@code field} of {@code to} set to {@code from}'s value, or removed when {@code from} has none. */
    private static void overlay(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field));
        } else {
            to.remove(field);
        }
    }

    // ---- writing

    /**
     * The text holding site {@code body}: its frontend (created, or its service fields, listeners, default backend
     * and farm rules rewritten), and each farm's backend (created, or its farm fields and servers rewritten).
     * Everything else in these sections stays as written.
     */
    static ConfigText write(ConfigText text, String name, JsonNode body) throws ConfigException {
        String eol = text.lineEnding();
        Optional<Section> existing = frontend(text, name);
        Section fe = existing.orElseGet(() -> Sections.FRONTEND.create(name, eol));
        ObjectNode model = Sections.FRONTEND.read(fe);
        JsonNode service = body.path("service");
        SERVICE_FIELDS.forEach(f -> overlay(service, model, f));
        model.remove("default_backend");
        List<JsonNode> rules = new ArrayList<>();
        Set<String> farmNames = new HashSet<>();
        for (JsonNode farm : body.path("farms")) {
            String backend = farm.get("name").asText();
            farmNames.add(backend);
            if (farm.get("use_as").asText().equals("default")) {
                model.put("default_backend", backend);
            } else {
                ObjectNode rule = Json.MAPPER.createObjectNode();
                rule.put("name", backend);
                copy(farm, rule, "cond");
                copy(farm, rule, "cond_test");
                rules.add(rule);
            }
        }
        Section written = Sections.FRONTEND.write(fe, model, eol);
        List<JsonNode> listeners = new ArrayList<>();
        service.path("listeners").forEach(listeners::add);
        written = Named.BINDS.write(written, listeners, eol);
        // the rules this site manages: those naming a backend section (or one it creates); others stay
        written = ConfigModels.withBackendSwitchingRules(written, rule -> {
            String target = rule.path("name").asText();
            return farmNames.contains(target) || backend(text, target).isPresent();
        }, rules, eol);
        ConfigText out = text.withSection(existing.orElse(null), written);
        for (JsonNode farm : body.path("farms")) {
            out = writeFarm(out, farm);
        }
        return out;
    }

    private static ConfigText writeFarm(ConfigText text, JsonNode farm) throws ConfigException {
        String eol = text.lineEnding();
        String name = farm.get("name").asText();
        Optional<Section> existing = backend(text, name);
        Section be = existing.orElseGet(() -> Sections.BACKEND.create(name, eol));
        ObjectNode model = Sections.BACKEND.read(be);
        FARM_FIELDS.forEach(f -> overlay(farm, model, f));
        Section written = Sections.BACKEND.write(be, model, eol);
        List<JsonNode> servers = new ArrayList<>();
        farm.path("servers").forEach(servers::add);
        written = Named.SERVERS.write(written, servers, eol);
        return text.withSection(existing.orElse(null), written);
    }

    /** The text without those backends that no frontend sends traffic to any more (others keep their users). */
    private static ConfigText withoutUnused(ConfigText text, Set<String> backends) {
        Set<String> used = new HashSet<>();
        for (Section fe : text.sections(Sections.FRONTEND.keyword())) {
            ObjectNode model = Sections.FRONTEND.read(fe);
            if (model.hasNonNull("default_backend")) {
                used.add(model.get("default_backend").asText());
            }
            ConfigModels.backendSwitchingRules(fe).forEach(r -> used.add(r.path("name").asText()));
        }
        for (String name : backends) {
            if (!used.contains(name)) {
                Optional<Section> be = backend(text, name);
                if (be.isPresent()) {
                    text = text.withoutSection(be.get());
                }
            }
        }
        return text;
    }
}
