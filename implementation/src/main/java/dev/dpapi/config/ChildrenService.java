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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Directives inside a section: servers and binds (keyed by name) and rules (keyed by their 0-based index
 * among the section's lines of that keyword), with the official parent selection and index semantics.
 */
public final class ChildrenService implements ApiService {

    private static final String BASE = "/services/haproxy/configuration/";

    /**
     * Where the parent comes from: a dedicated query parameter, or parent_type + parent_name ({@code byType}:
     * the contract documents those two for this family; they are accepted for every family).
     */
    record Parents(String queryParam, Set<String> types, boolean byType) {
        Parents(String queryParam, Set<String> types) {
            this(queryParam, types, queryParam == null);
        }
    }

    /** A named entry family; {@code runtime}: a replacement's runtime equivalent by parent and name (null: reload). */
    record Named(String path, String idParam, NamedCodec line, Parents parents,
                 BiFunction<String, String, RuntimeChanges.Equivalent> runtime) {
        Named(String path, String idParam, NamedCodec line, Parents parents) {
            this(path, idParam, line, parents, null);
        }
    }

    record Indexed(String path, LineCodec rule, Parents parents) {
    }

    private static final List<Named> NAMED = List.of(
            new Named("servers", "name", LineModel.SERVER, new Parents("backend", Set.of("backend"), true),
                    RuntimeChanges::server),
            new Named("server_templates", "prefix", LineModel.SERVER_TEMPLATE, new Parents("backend", Set.of("backend"))),
            new Named("binds", "name", LineModel.BIND, new Parents("frontend", Set.of("frontend"), true)),
            new Named("mailer_entries", "name", LineModel.MAILER, new Parents("mailers_section", Set.of("mailers_section"))),
            new Named("peer_entries", "name", LineModel.PEER, new Parents("peer_section", Set.of("peer_section"))),
            new Named("tables", "name", TableCodec.INSTANCE, new Parents("peer_section", Set.of("peer_section"))),
            new Named("nameservers", "name", LineModel.NAMESERVER, new Parents("resolver", Set.of("resolver"))),
            new Named("dgram_binds", "name", LineModel.DGRAM_BIND, new Parents("log_forward", Set.of("log_forward"))),
            new Named("users", "username", UserlistEntries.USER, new Parents("userlist", Set.of("userlist"))),
            new Named("groups", "name", UserlistEntries.GROUP, new Parents("userlist", Set.of("userlist"))));

    /** API parent types whose haproxy section keyword differs. */
    private static final Map<String, String> SECTION_KEYWORDS = Map.of("log_forward", "log-forward",
            "mailers_section", "mailers", "peer_section", "peers", "resolver", "resolvers");
    private static final List<Indexed> INDEXED = List.of(
            new Indexed("acls", RuleTables.ACL, new Parents(null, Set.of("frontend", "backend"))),
            new Indexed("backend_switching_rules", RuleTables.USE_BACKEND, new Parents("frontend", Set.of("frontend"))),
            new Indexed("http_request_rules", RuleTables.HTTP_REQUEST, new Parents(null, Set.of("frontend", "backend"))),
            new Indexed("http_response_rules", RuleTables.HTTP_RESPONSE, new Parents(null, Set.of("frontend", "backend"))),
            new Indexed("http_after_response_rules", RuleTables.HTTP_AFTER_RESPONSE,
                    new Parents(null, Set.of("frontend", "backend"))),
            new Indexed("tcp_request_rules", RuleTables.TCP_REQUEST, new Parents(null, Set.of("frontend", "backend"))),
            new Indexed("tcp_response_rules", RuleTables.TCP_RESPONSE, new Parents("backend", Set.of("backend"))),
            new Indexed("server_switching_rules", RuleTables.USE_SERVER, new Parents("backend", Set.of("backend"))),
            new Indexed("stick_rules", RuleTables.STICK, new Parents("backend", Set.of("backend"))),
            new Indexed("captures", RuleTables.CAPTURE, new Parents("frontend", Set.of("frontend"))),
            new Indexed("filters", RuleTables.FILTER, new Parents(null, Set.of("frontend", "backend"))),
            new Indexed("log_targets", LogTargetCodec.INSTANCE,
                    new Parents(null, Set.of("frontend", "backend", "defaults", "global", "log_forward", "peers"))),
            new Indexed("http_checks", RuleTables.HTTP_CHECK, new Parents(null, Set.of("backend", "defaults"))),
            new Indexed("tcp_checks", RuleTables.TCP_CHECK, new Parents(null, Set.of("backend", "defaults"))),
            new Indexed("http_error_rules", RuleTables.HTTP_ERROR,
                    new Parents(null, Set.of("frontend", "backend", "defaults"))));

    private final Mutations mutations;

    public ChildrenService(Mutations mutations) {
        this.mutations = mutations;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        List<ApiEndpoint> out = new ArrayList<>();
        for (Named n : NAMED) {
            List<ApiEndpoint.Param> parent = parentParams(n.parents());
            String list = BASE + n.path();
            String one = list + "/{" + n.idParam() + "}";
            String noun = n.line().keyword();
            out.add(ApiEndpoint.get(list, "get" + noun + "s", "The " + noun + " lines of a section",
                    "Returns the " + noun + " lines of the parent section.", null, (q, s) -> listNamed(n, q, s),
                    parent.toArray(ApiEndpoint.Param[]::new)));
            out.add(mutation(Method.POST, list, "create" + noun, "Add a " + noun + " line", parent,
                    (q, s) -> createNamed(n, q, s)));
            out.add(ApiEndpoint.get(one, "getOne" + noun, "One " + noun + " line",
                    "Returns one " + noun + " line by name.", null, (q, s) -> getNamed(n, q, s),
                    parent.toArray(ApiEndpoint.Param[]::new)));
            out.add(mutation(Method.PUT, one, "replace" + noun, "Replace a " + noun + " line", parent,
                    (q, s) -> replaceNamed(n, q, s)));
            out.add(mutation(Method.DELETE, one, "delete" + noun, "Delete a " + noun + " line", parent,
                    (q, s) -> deleteNamed(n, q, s)));
        }
        for (Indexed x : INDEXED) {
            List<ApiEndpoint.Param> parent = parentParams(x.parents());
            String list = BASE + x.path();
            String one = list + "/{index}";
            String noun = x.rule().keyword();
            out.add(ApiEndpoint.get(list, "get" + x.path(), "The " + noun + " lines of a section",
                    "Returns the " + noun + " lines of the parent section, in file order.", null,
                    (q, s) -> listIndexed(x, q, s), parent.toArray(ApiEndpoint.Param[]::new)));
            out.add(mutation(Method.POST, list, "create" + x.path(), "Insert a " + noun + " line at index", parent,
                    (q, s) -> changeIndexed(x, q, s, Mutations.Op.CREATE)));
            out.add(ApiEndpoint.get(one, "getOne" + x.path(), "One " + noun + " line",
                    "Returns the " + noun + " line at this index.", null, (q, s) -> getIndexed(x, q, s),
                    parent.toArray(ApiEndpoint.Param[]::new)));
            out.add(mutation(Method.PUT, one, "replace" + x.path(), "Replace the " + noun + " line at index", parent,
                    (q, s) -> changeIndexed(x, q, s, Mutations.Op.REPLACE)));
            out.add(mutation(Method.DELETE, one, "delete" + x.path(), "Delete the " + noun + " line at index", parent,
                    (q, s) -> changeIndexed(x, q, s, Mutations.Op.DELETE)));
        }
        return out;
    }

    private static ApiEndpoint mutation(Method method, String path, String id, String summary,
                                        List<ApiEndpoint.Param> parent, io.helidon.webserver.http.Handler handler) {
        List<ApiEndpoint.Param> params = new ArrayList<>(parent);
        params.add(new ApiEndpoint.Param("version", "integer", false, "version the change is made against"));
        params.add(new ApiEndpoint.Param("force_reload", "boolean", false, "reload before answering"));
        return new ApiEndpoint(method, path, id, summary, summary + ".", List.copyOf(params), 202, null, handler);
    }

    private static List<ApiEndpoint.Param> parentParams(Parents p) {
        List<ApiEndpoint.Param> params = new ArrayList<>();
        if (p.queryParam() != null) {
            params.add(new ApiEndpoint.Param(p.queryParam(), "string", false, "parent " + p.queryParam()));
        }
        if (p.byType()) {
            params.add(new ApiEndpoint.Param("parent_type", "string", p.queryParam() == null, "parent section type"));
            params.add(new ApiEndpoint.Param("parent_name", "string", p.queryParam() == null, "parent section name"));
        }
        params.add(new ApiEndpoint.Param("transaction_id", "string", false, "transaction to read or change"));
        return params;
    }

    /** The parent (type, name) a request names; an error answered when it names none or a wrong type. */
    private static Optional<String[]> parent(Parents p, ServerRequest req, ServerResponse res) {
        Optional<String> dedicated = p.queryParam() == null ? Optional.empty()
                : req.query().first(p.queryParam()).filter(v -> !v.isEmpty());
        if (dedicated.isPresent()) {
            return Optional.of(new String[] {p.queryParam(), dedicated.get()});
        }
        Optional<String> type = req.query().first("parent_type").filter(v -> !v.isEmpty());
        Optional<String> name = req.query().first("parent_name").filter(v -> !v.isEmpty());
        if (type.isEmpty()) {
            Json.error(res, 422, "parent_type in query is required");
            return Optional.empty();
        }
        if (!p.types().contains(type.get())) {
            Json.error(res, 422, "parent_type in query should be one of " + p.types().stream().sorted().toList());
            return Optional.empty();
        }
        if (type.get().equals("global")) {
            return Optional.of(new String[] {"global", ""}); // the global section has no name
        }
        if (name.isEmpty() && !type.get().equals("defaults")) { // no name: the defaults section that applies
            Json.error(res, 422, "parent_name in query is required");
            return Optional.empty();
        }
        return Optional.of(new String[] {type.get(), name.orElse("")});
    }

    /** The parent section: API parent types are haproxy keywords but for log_forward; nameless defaults is the last one. */
    private static Optional<Section> parentSection(ConfigText text, String[] parent) {
        String keyword = SECTION_KEYWORDS.getOrDefault(parent[0], parent[0]);
        if (keyword.equals("defaults") && parent[1].isEmpty()) {
            List<Section> all = text.sections("defaults");
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        }
        if (keyword.equals("defaults") && parent[1].startsWith("unnamed_defaults_")) {
            return SectionsService.find(text, SectionsService.KINDS.get(2), parent[1]);
        }
        return text.section(keyword, parent[1]);
    }

    private static ConfigException noParent(String[] parent) {
        return new ConfigException(400, "11: " + parent[0] + " " + parent[1] + " does not exist");
    }

    // ---- named children (servers, binds)

    private static List<Line> lines(Section s, NamedCodec model) {
        return s.body().stream().filter(model::matches).toList();
    }

    private static Optional<Line> named(Section s, NamedCodec model, String name) {
        return lines(s, model).stream().filter(l -> model.name(l).equals(name)).findFirst();
    }

    private static ConfigException missing(NamedCodec m, String name, String[] parent) {
        return new ConfigException(404, "30: " + m.keyword() + " " + name + " does not exist in " + parent[1] + " "
                + parent[0]);
    }

    private void listNamed(Named n, ServerRequest req, ServerResponse res) {
        parent(n.parents(), req, res).ifPresent(p -> {
            ConfigText text = mutations.readOrAnswer(req, res);
            if (text == null) {
                return;
            }
            List<ObjectNode> data = parentSection(text, p).map(s -> lines(s, n.line()).stream()
                    .map(n.line()::read).toList()).orElse(List.of());
            Json.send(res, 200, Map.of("_version", text.version(), "data", data));
        });
    }

    private void getNamed(Named n, ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get(n.idParam());
        parent(n.parents(), req, res).ifPresent(p -> {
            try {
                ConfigText text = mutations.read(req);
                Section s = parentSection(text, p).orElseThrow(() -> noParent(p));
                Line l = named(s, n.line(), name).orElseThrow(() -> missing(n.line(), name, p));
                Json.send(res, 200, Map.of("_version", text.version(), "data", n.line().read(l)));
            } catch (ConfigException e) {
                Json.error(res, e.status(), e.getMessage());
            }
        });
    }

    private void createNamed(Named n, ServerRequest req, ServerResponse res) {
        Optional<String[]> p = parent(n.parents(), req, res);
        Optional<JsonNode> body = p.isEmpty() ? Optional.empty() : Mutations.body(req, res);
        if (body.isEmpty()) {
            return;
        }
        JsonNode model = body.get();
        if (!model.hasNonNull(n.idParam())) {
            Json.error(res, 422, n.idParam() + " in body is required");
            return;
        }
        String name = model.get(n.idParam()).asText();
        mutations.create(req, res, model, text -> {
            Section s = parentSection(text, p.get()).orElseThrow(() -> noParent(p.get()));
            if (named(s, n.line(), name).isPresent()) {
                throw new ConfigException(409, "31: " + n.line().keyword() + " " + name + " already exists in "
                        + p.get()[1] + " " + p.get()[0]);
            }
            List<Line> body2 = new ArrayList<>(s.body());
            List<Line> same = lines(s, n.line());
            int at = same.isEmpty() ? SectionEditor.afterLastDirective(body2) : ConfigText.identityIndex(body2, same.get(same.size() - 1)) + 1;
            body2.add(at, Line.of(SectionEditor.indentation(s) + String.join(" ", n.line().words(model, null)),
                    text.lineEnding()));
            return text.withSection(s, SectionEditor.withBody(s, body2, text.lineEnding()));
        });
    }

    private void replaceNamed(Named n, ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get(n.idParam());
        Optional<String[]> p = parent(n.parents(), req, res);
        Optional<JsonNode> body = p.isEmpty() ? Optional.empty() : Mutations.body(req, res);
        if (body.isEmpty()) {
            return;
        }
        ObjectNode model = body.get().deepCopy();
        if (n.line().namedByWord()) {
            model.put(n.line().nameField(), name);
        }
        mutations.replace(req, res, model, text -> {
            Section s = parentSection(text, p.get()).orElseThrow(() -> noParent(p.get()));
            Line old = named(s, n.line(), name).orElseThrow(() -> missing(n.line(), name, p.get()));
            return replaceLine(text, s, old, n.line().words(model, old));
        }, n.runtime() == null ? null : n.runtime().apply(p.get()[1], name));
    }

    private void deleteNamed(Named n, ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get(n.idParam());
        Optional<String[]> p = parent(n.parents(), req, res);
        if (p.isEmpty()) {
            return;
        }
        mutations.apply(req, res, Mutations.Op.DELETE, null, text -> {
            Section s = parentSection(text, p.get()).orElseThrow(() -> noParent(p.get()));
            Line old = named(s, n.line(), name).orElseThrow(() -> missing(n.line(), name, p.get()));
            List<Line> body = new ArrayList<>(s.body());
            body.remove(ConfigText.identityIndex(body, old));
            return text.withSection(s, SectionEditor.withBody(s, body, text.lineEnding()));
        });
    }

    // ---- indexed children (acls, backend switching rules)

    private static List<Line> rules(Section s, LineCodec rule) {
        return s.body().stream().filter(rule::matches).toList();
    }

    private static ObjectNode indexed(LineCodec rule, Line l, int index) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("index", index);
        json.setAll(rule.read(l));
        return json;
    }

    private void listIndexed(Indexed x, ServerRequest req, ServerResponse res) {
        parent(x.parents(), req, res).ifPresent(p -> {
            ConfigText text = mutations.readOrAnswer(req, res);
            if (text == null) {
                return;
            }
            List<ObjectNode> data = new ArrayList<>();
            parentSection(text, p).ifPresent(s -> {
                List<Line> rules = rules(s, x.rule());
                for (int i = 0; i < rules.size(); i++) {
                    data.add(indexed(x.rule(), rules.get(i), i));
                }
            });
            Json.send(res, 200, Map.of("_version", text.version(), "data", data));
        });
    }

    private static Optional<Integer> index(ServerRequest req, ServerResponse res) {
        String raw = req.path().pathParameters().get("index");
        try {
            return Optional.of(Integer.parseInt(raw));
        } catch (NumberFormatException e) {
            Json.error(res, 422, "index in path must be of type int64: \"" + raw + "\"");
            return Optional.empty();
        }
    }

    private static ConfigException noObject(int index, String[] p) {
        return new ConfigException(404, "30: Object " + index + " does not exist in " + p[0] + " " + p[1]);
    }

    private void getIndexed(Indexed x, ServerRequest req, ServerResponse res) {
        Optional<String[]> p = parent(x.parents(), req, res);
        Optional<Integer> index = p.isEmpty() ? Optional.empty() : index(req, res);
        if (index.isEmpty()) {
            return;
        }
        try {
            ConfigText text = mutations.read(req);
            Section s = parentSection(text, p.get()).orElseThrow(() -> noParent(p.get()));
            List<Line> rules = rules(s, x.rule());
            if (index.get() < 0 || index.get() >= rules.size()) {
                throw noObject(index.get(), p.get());
            }
            Json.send(res, 200, Map.of("_version", text.version(), "data",
                    indexed(x.rule(), rules.get(index.get()), index.get())));
        } catch (ConfigException e) {
            Json.error(res, e.status(), e.getMessage());
        }
    }

    private void changeIndexed(Indexed x, ServerRequest req, ServerResponse res, Mutations.Op op) {
        Optional<String[]> p = parent(x.parents(), req, res);
        if (p.isEmpty()) {
            return;
        }
        Optional<Integer> pathIndex = op == Mutations.Op.CREATE ? Optional.of(-1) : index(req, res);
        if (pathIndex.isEmpty()) {
            return;
        }
        JsonNode model = null;
        if (op != Mutations.Op.DELETE) {
            Optional<JsonNode> body = Mutations.body(req, res);
            if (body.isEmpty()) {
                return;
            }
            model = body.get();
            if (!model.path("index").isIntegralNumber()) {
                Json.error(res, 422, "index in body is required");
                return;
            }
        }
        JsonNode m = model;
        int index = op == Mutations.Op.CREATE ? m.get("index").asInt() : pathIndex.get();
        ObjectNode echo = m == null ? null : m.deepCopy();
        if (echo != null) {
            echo.put("index", index);
        }
        mutations.apply(req, res, op, echo, text -> {
            Section s = parentSection(text, p.get()).orElseThrow(() -> noParent(p.get()));
            List<Line> rules = rules(s, x.rule());
            List<Line> body = new ArrayList<>(s.body());
            String indent = SectionEditor.indentation(s);
            switch (op) {
                case CREATE -> {
                    if (index < 0 || index > rules.size()) {
                        throw new ConfigException(400, "32: Object with id " + index + " in " + p.get()[0] + " "
                                + p.get()[1] + " out of range");
                    }
                    Line line = Line.of(indent + String.join(" ", x.rule().words(m)), text.lineEnding());
                    int at = index < rules.size() ? ConfigText.identityIndex(body, rules.get(index))
                            : rules.isEmpty() ? SectionEditor.afterLastDirective(body)
                            : ConfigText.identityIndex(body, rules.get(rules.size() - 1)) + 1;
                    body.add(at, line);
                }
                case REPLACE -> {
                    if (index < 0 || index >= rules.size()) {
                        throw noObject(index, p.get());
                    }
                    return replaceLine(text, s, rules.get(index), x.rule().words(m));
                }
                case DELETE -> {
                    if (index < 0 || index >= rules.size()) {
                        throw noObject(index, p.get());
                    }
                    body.remove(ConfigText.identityIndex(body, rules.get(index)));
                }
            }
            return text.withSection(s, SectionEditor.withBody(s, body, text.lineEnding()));
        });
    }

    // ---- shared line edits

    /** The text with one line rewritten in place, keeping its indentation and terminator. */
    private static ConfigText replaceLine(ConfigText text, Section s, Line old, List<String> words) {
        List<Line> body = new ArrayList<>(s.body());
        Line line = old.rewritten(words);
        if (line != old) {
            body.set(ConfigText.identityIndex(body, old), line);
        }
        return text.withSection(s, SectionEditor.withBody(s, body, text.lineEnding()));
    }
}
