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
import dev.dpapi.model.LineCodec;
import dev.dpapi.model.LineModel;
import dev.dpapi.model.LogTargetCodec;
import dev.dpapi.model.ModelSchemas;
import dev.dpapi.model.NamedCodec;
import dev.dpapi.model.NamedLine;
import dev.dpapi.model.RuleTables;
import dev.dpapi.model.RuntimeChanges;
import dev.dpapi.model.SectionEditor;
import dev.dpapi.model.TableCodec;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Directives inside a section: servers and binds (keyed by name) and rules (keyed by their 0-based index
 * among the section's lines of that keyword), with the official parent selection, index semantics and answers
 * for missing parents and objects ({@code MISSING-MATRIX.md}).
 */
public final class ChildrenService implements ApiService {

    private static final String BASE = "/services/haproxy/configuration/";

    /**
     * Where the parent comes from: a dedicated query parameter ({@code backend=}), else parent_type (one of
     * {@code types}, in the contract's order) + parent_name. {@code dedicatedRequired}: the dedicated parameter is
     * the only way (422 when absent).
     */
    record Parents(String queryParam, List<String> types, boolean dedicatedRequired) {
        static Parents only(String queryParam) {
            return new Parents(queryParam, List.of(queryParam), true);
        }

        static Parents typed(String... types) {
            return new Parents(null, List.of(types), false);
        }

        static Parents either(String queryParam, String... types) {
            return new Parents(queryParam, List.of(types), false);
        }

        /**
         * Whether the contract leaves {@code parent_name} optional: a family whose parent may be the defaults or
         * the global section, which need no name. Its handlers then require the name of any other parent.
         */
        boolean nameOptional() {
            return types.contains("defaults") || types.contains("global");
        }
    }

    /** A parent as a request names it: its API type and name. */
    record Parent(String type, String name) {
        /** The haproxy keyword of its section, as the official's messages name it. */
        String keyword() {
            return SECTION_KEYWORDS.getOrDefault(type, type);
        }
    }

    /** The official's "parent does not exist": 400 {@code 11: <keyword> <name> does not exist}. */
    static ConfigException noParent(Parent p) {
        return new ConfigException(400, "11: " + p.keyword() + " " + p.name() + " does not exist");
    }

    /** The refusal for no object (or no body) at all: the official answers some kinds with a bare status. */
    private static ConfigException bare(int status) {
        return new ConfigException(status, "");
    }

    /**
     * What the official answers when a named entry or its parent is missing ({@code MISSING-MATRIX.md}): a list
     * under a missing parent (null: 200 with no data), a get/replace/delete of a missing entry or under a missing
     * parent ({@code parentExists} says which), a create under a missing parent.
     */
    interface Missing {
        ConfigException list(Parent p);

        ConfigException entry(Mutations.Op op, String name, Parent p, boolean parentExists);

        ConfigException create(Parent p, JsonNode body);

        /**
         * Lines of servers, binds, nameservers...: the entry's own message whether or not the parent exists
         * ({@code 30: <noun> <name> does not exist in <where>}, {@code where} worded per operation), the
         * parent's on create; lists under a missing parent are empty when {@code emptyList}, else refused.
         */
        static Missing entries(String noun, boolean emptyList, BiFunction<Mutations.Op, Parent, String> where) {
            return new Missing() {
                public ConfigException list(Parent p) {
                    return emptyList ? null : noParent(p);
                }

                public ConfigException entry(Mutations.Op op, String name, Parent p, boolean parentExists) {
                    return new ConfigException(404, "30: " + noun + " " + name + " does not exist in " + where.apply(op, p));
                }

                public ConfigException create(Parent p, JsonNode body) {
                    return noParent(p);
                }
            };
        }
    }

    /** {@code in <parent name> <parent type>} */
    private static String nameThenType(Mutations.Op op, Parent p) {
        return p.name() + " " + p.keyword();
    }

    /** Users: a bare 404 for everything missing, a bare 400 for a create under a missing userlist. */
    private static final Missing USERS = new Missing() {
        public ConfigException list(Parent p) {
            return bare(404);
        }

        public ConfigException entry(Mutations.Op op, String name, Parent p, boolean parentExists) {
            return bare(404);
        }

        public ConfigException create(Parent p, JsonNode body) {
            return bare(400);
        }
    };

    /** Groups: bare 404s, but a delete and a create say what is missing. */
    private static final Missing GROUPS = new Missing() {
        public ConfigException list(Parent p) {
            return bare(404);
        }

        public ConfigException entry(Mutations.Op op, String name, Parent p, boolean parentExists) {
            if (op != Mutations.Op.DELETE) {
                return bare(404);
            }
            return new ConfigException(404, parentExists ? "30: group " + name + " does not exist"
                    : "30: userlist " + p.name() + " does not exist");
        }

        public ConfigException create(Parent p, JsonNode body) {
            return new ConfigException(404, "30: userlist " + p.name() + " does not exist");
        }
    };

    /**
     * A named entry family: its model (for the field order), the path parameter naming an entry, the line codec,
     * its parents, the answers for missing ones, and a replacement's runtime equivalent by parent and name
     * (null: reload).
     */
    record Named(String path, String model, String idParam, NamedCodec line, Parents parents, Missing missing,
                 BiFunction<String, String, RuntimeChanges.Equivalent> runtime) {
        Named(String path, String model, String idParam, NamedCodec line, Parents parents, Missing missing) {
            this(path, model, idParam, line, parents, missing, null);
        }
    }

    /**
     * An indexed family: its model, the line codec, its parents; {@code listNeedsParent}: a list under a missing
     * parent is refused 400 rather than empty; {@code bareWithoutParent}: a get, create or replace under a missing
     * parent answers a bare 404 (captures); {@code listFilter}: a field of the model that a list may be narrowed to
     * by the query parameter of the same name (ACLs by {@code acl_name}), or null.
     */
    record Indexed(String path, String model, LineCodec rule, Parents parents, boolean listNeedsParent,
                   boolean bareWithoutParent, String listFilter) {
        Indexed(String path, String model, LineCodec rule, Parents parents) {
            this(path, model, rule, parents, false, false, null);
        }

        Indexed(String path, String model, LineCodec rule, Parents parents, boolean listNeedsParent,
                boolean bareWithoutParent) {
            this(path, model, rule, parents, listNeedsParent, bareWithoutParent, null);
        }
    }

    static final List<Named> NAMED = List.of(
            new Named("servers", "server", "name", LineModel.SERVER, Parents.either("backend", "backend", "ring", "peers"),
                    Missing.entries("server", true, ChildrenService::nameThenType), RuntimeChanges::server),
            new Named("server_templates", "server_template", "prefix", LineModel.SERVER_TEMPLATE, Parents.only("backend"),
                    Missing.entries("Server template", true, (op, p) -> "backend " + p.name()),
                    RuntimeChanges::serverTemplate),
            new Named("binds", "bind", "name", LineModel.BIND, Parents.either("frontend", "frontend", "log_forward", "peers"),
                    Missing.entries("Bind", true, ChildrenService::nameThenType)),
            new Named("mailer_entries", "mailer_entry", "name", LineModel.MAILER, Parents.only("mailers_section"),
                    Missing.entries("MailerEntry", false, (op, p) ->
                            (op == Mutations.Op.REPLACE ? "peers section " : "mailers section ") + p.name())),
            new Named("peer_entries", "peer_entry", "name", LineModel.PEER, Parents.only("peer_section"),
                    Missing.entries("PeerEntry", false, (op, p) -> "peers section " + p.name())),
            new Named("tables", "table", "name", TableCodec.INSTANCE, Parents.only("peer_section"),
                    Missing.entries("Table", false, (op, p) -> "peers section " + p.name())),
            new Named("nameservers", "nameserver", "name", LineModel.NAMESERVER, Parents.only("resolver"),
                    Missing.entries("Nameserver", false, (op, p) -> "resolvers " + p.name())),
            new Named("dgram_binds", "dgram_bind", "name", LineModel.DGRAM_BIND, Parents.only("log_forward"),
                    dgramBinds()),
            new Named("users", "user", "username", NamedLine.USER, Parents.only("userlist"), USERS),
            new Named("groups", "group", "name", NamedLine.GROUP, Parents.only("userlist"), GROUPS));

    /** Dgram binds: as the other entries, but a create under a missing log-forward names the body's name (sic). */
    private static Missing dgramBinds() {
        Missing entries = Missing.entries("DgramBind", false, (op, p) -> "log forward " + p.name());
        return new Missing() {
            public ConfigException list(Parent p) {
                return entries.list(p);
            }

            public ConfigException entry(Mutations.Op op, String name, Parent p, boolean parentExists) {
                return entries.entry(op, name, p, parentExists);
            }

            public ConfigException create(Parent p, JsonNode body) {
                return noParent(new Parent(p.type(), body.path("name").asText()));
            }
        };
    }

    /** API parent types whose haproxy section keyword differs. */
    private static final Map<String, String> SECTION_KEYWORDS = Map.of("log_forward", "log-forward",
            "mailers_section", "mailers", "peer_section", "peers", "resolver", "resolvers");

    static final List<Indexed> INDEXED = List.of(
            new Indexed("acls", "acl", RuleTables.ACL, Parents.typed("frontend", "backend"), false, false, "acl_name"),
            new Indexed("backend_switching_rules", "backend_switching_rule", RuleTables.USE_BACKEND,
                    Parents.only("frontend")),
            new Indexed("http_request_rules", "http_request_rule", RuleTables.HTTP_REQUEST,
                    Parents.typed("frontend", "backend")),
            new Indexed("http_response_rules", "http_response_rule", RuleTables.HTTP_RESPONSE,
                    Parents.typed("frontend", "backend")),
            new Indexed("http_after_response_rules", "http_after_response_rule", RuleTables.HTTP_AFTER_RESPONSE,
                    Parents.typed("frontend", "backend"), true, false),
            new Indexed("tcp_request_rules", "tcp_request_rule", RuleTables.TCP_REQUEST,
                    Parents.typed("frontend", "backend")),
            new Indexed("tcp_response_rules", "tcp_response_rule", RuleTables.TCP_RESPONSE, Parents.only("backend")),
            new Indexed("server_switching_rules", "server_switching_rule", RuleTables.USE_SERVER, Parents.only("backend")),
            new Indexed("stick_rules", "stick_rule", RuleTables.STICK, Parents.only("backend")),
            new Indexed("captures", "capture", RuleTables.CAPTURE, Parents.only("frontend"), false, true),
            new Indexed("filters", "filter", RuleTables.FILTER, Parents.typed("frontend", "backend")),
            new Indexed("log_targets", "log_target", LogTargetCodec.INSTANCE,
                    Parents.typed("frontend", "backend", "defaults", "global", "log_forward", "peers")),
            new Indexed("http_checks", "http_check", RuleTables.HTTP_CHECK, Parents.typed("backend", "defaults")),
            new Indexed("tcp_checks", "tcp_check", RuleTables.TCP_CHECK, Parents.typed("backend", "defaults")),
            new Indexed("http_error_rules", "http_error_rule", RuleTables.HTTP_ERROR,
                    Parents.typed("frontend", "backend", "defaults")));

    private final Mutations mutations;

    public ChildrenService(Mutations mutations) {
        this.mutations = mutations;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        List<ApiEndpoint> out = new ArrayList<>();
        for (Named n : NAMED) {
            List<ApiEndpoint> family = new ArrayList<>();
            List<ApiEndpoint.Param> parent = parentParams(n.parents());
            String list = BASE + n.path();
            String one = list + "/{" + n.idParam() + "}";
            String noun = n.line().keyword();
            family.add(ApiEndpoint.get(list, "get" + noun + "s", "The " + noun + " lines of a section",
                    "Returns the " + noun + " lines of the parent section.", ModelSchemas.list(n.model()), (q, s) -> listNamed(n, q, s),
                    parent.toArray(ApiEndpoint.Param[]::new)));
            family.add(mutation(Method.POST, list, "create" + noun, "Add a " + noun + " line", parent, n.model(),
                    (q, s) -> createNamed(n, q, s)));
            family.add(ApiEndpoint.get(one, "getOne" + noun, "One " + noun + " line",
                    "Returns one " + noun + " line by name.", ModelSchemas.one(n.model()), (q, s) -> getNamed(n, q, s),
                    parent.toArray(ApiEndpoint.Param[]::new)));
            family.add(mutation(Method.PUT, one, "replace" + noun, "Replace a " + noun + " line", parent, n.model(),
                    (q, s) -> replaceNamed(n, q, s)));
            family.add(mutation(Method.DELETE, one, "delete" + noun, "Delete a " + noun + " line", parent, null,
                    (q, s) -> deleteNamed(n, q, s)));
            out.addAll(ApiEndpoint.tagged(ConfigModels.goName(n.model()), family));
        }
        for (Indexed x : INDEXED) {
            List<ApiEndpoint> family = new ArrayList<>();
            List<ApiEndpoint.Param> parent = parentParams(x.parents());
            String list = BASE + x.path();
            String one = list + "/{index}";
            String noun = x.rule().keyword();
            List<ApiEndpoint.Param> listParams = new ArrayList<>(parent);
            if (x.listFilter() != null) {
                listParams.add(new ApiEndpoint.Param(x.listFilter(), "string", false,
                        "only the lines whose " + x.listFilter() + " is this"));
            }
            family.add(ApiEndpoint.get(list, "get" + x.path(), "The " + noun + " lines of a section",
                    "Returns the " + noun + " lines of the parent section, in file order.", ModelSchemas.list(x.model()),
                    (q, s) -> listIndexed(x, q, s), listParams.toArray(ApiEndpoint.Param[]::new)));
            family.add(mutation(Method.POST, list, "create" + x.path(), "Insert a " + noun + " line at index", parent, x.model(),
                    (q, s) -> changeIndexed(x, q, s, Mutations.Op.CREATE)));
            family.add(ApiEndpoint.get(one, "getOne" + x.path(), "One " + noun + " line",
                    "Returns the " + noun + " line at this index.", ModelSchemas.one(x.model()), (q, s) -> getIndexed(x, q, s),
                    parent.toArray(ApiEndpoint.Param[]::new)));
            family.add(mutation(Method.PUT, one, "replace" + x.path(), "Replace the " + noun + " line at index", parent, x.model(),
                    (q, s) -> changeIndexed(x, q, s, Mutations.Op.REPLACE)));
            family.add(mutation(Method.DELETE, one, "delete" + x.path(), "Delete the " + noun + " line at index", parent, null,
                    (q, s) -> changeIndexed(x, q, s, Mutations.Op.DELETE)));
            out.addAll(ApiEndpoint.tagged(tag(x), family));
        }
        return out;
    }

    /** The rule family's tag in the document: its Go model name, but the contract files captures as DeclareCapture. */
    private static String tag(Indexed x) {
        return x.model().equals("capture") ? "DeclareCapture" : ConfigModels.goName(x.model());
    }

    private static ApiEndpoint mutation(Method method, String path, String id, String summary,
                                        List<ApiEndpoint.Param> parent, String model, ApiEndpoint.Action handler) {
        List<ApiEndpoint.Param> params = new ArrayList<>(parent);
        params.add(new ApiEndpoint.Param("version", "integer", false, "version the change is made against"));
        params.add(new ApiEndpoint.Param("force_reload", "boolean", false, "reload before answering"));
        return new ApiEndpoint(method, path, id, summary, summary + ".", List.copyOf(params), 202, model, handler);
    }

    private static List<ApiEndpoint.Param> parentParams(Parents p) {
        List<ApiEndpoint.Param> params = new ArrayList<>();
        if (p.queryParam() != null) {
            params.add(new ApiEndpoint.Param(p.queryParam(), "string", p.dedicatedRequired(), "parent " + p.queryParam()));
        }
        if (!p.dedicatedRequired()) {
            params.add(new ApiEndpoint.Param("parent_type", "string", p.queryParam() == null, "parent section type"));
            params.add(new ApiEndpoint.Param("parent_name", "string", p.queryParam() == null && !p.nameOptional(),
                    "parent section name"));
        }
        params.add(new ApiEndpoint.Param("transaction_id", "string", false, "transaction to read or change"));
        return params;
    }

    /** The parent a request names, with the official's refusals when it names none or a wrong type. */
    private static Parent parent(Parents p, ServerRequest req) throws ConfigException {
        if (p.dedicatedRequired()) {
            return new Parent(p.queryParam(), WriteRequest.required(req, p.queryParam()));
        }
        Optional<String> dedicated = p.queryParam() == null ? Optional.empty() : WriteRequest.value(req, p.queryParam());
        if (dedicated.isPresent()) {
            return new Parent(p.queryParam(), dedicated.get());
        }
        Optional<String> type = WriteRequest.value(req, "parent_type");
        Optional<String> name = WriteRequest.value(req, "parent_name");
        if (type.isPresent() && !p.types().contains(type.get())) {
            throw ConfigException.schema(605, "parent_type in query should be one of ["
                    + String.join(" ", p.types()) + "]");
        }
        if (p.queryParam() != null) { // servers, binds: the official's handler errors (sic, 500)
            if (type.isEmpty()) {
                throw new ConfigException(500, "parentType empty");
            }
            if (name.isEmpty()) {
                throw new ConfigException(500, "parentName empty");
            }
            return new Parent(type.get(), name.get());
        }
        if (type.isEmpty()) {
            throw ConfigException.schema(602, "parent_type in query is required");
        }
        if (type.get().equals("global")) {
            return new Parent("global", ""); // the global section has no name
        }
        if (name.isEmpty() && !type.get().equals("defaults")) { // no name: the defaults section that applies
            if (p.nameOptional()) { // not the validator's: the official's handler refuses it (400)
                throw new ConfigException(400, "parent_name in query is required");
            }
            throw ConfigException.schema(602, "parent_name in query is required");
        }
        return new Parent(type.get(), name.orElse(""));
    }

    /** A change's parent and its request with its body. */
    private record Change(Parent parent, WriteRequest request) {
    }

    /**
     * The body (checked against {@code model}'s schema) and the parent of a change, refused in the official
     * validator's order: parameters alphabetically, the body being {@code data}, so only a required
     * {@code backend=} is judged before it; a missing parent section is looked up after both.
     */
    private static Change change(Parents parents, ServerRequest req, String model) throws ConfigException {
        if (parents.dedicatedRequired() && parents.queryParam().compareTo("data") < 0) {
            Parent p = parent(parents, req);
            return new Change(p, WriteRequest.withObjectBody(req, model));
        }
        WriteRequest request = WriteRequest.withObjectBody(req, model);
        return new Change(parent(parents, req), request);
    }

    /** The parent section: nameless defaults is the last one; unnamed ones go by their API names. */
    private static Optional<Section> parentSection(ConfigText text, Parent parent) {
        if (!parent.keyword().equals("defaults")) {
            return text.section(parent.keyword(), parent.name());
        }
        return parent.name().isEmpty() ? SectionsService.defaultsInForce(text).map(Map.Entry::getValue)
                : SectionsService.find(text, SectionsService.DEFAULTS, parent.name());
    }

    // ---- named children (servers, binds)

    private static List<Line> lines(Section s, NamedCodec model) {
        return SectionEditor.lines(s, model::matches);
    }

    private static Optional<Line> named(Section s, NamedCodec model, String name) {
        return lines(s, model).stream().filter(l -> model.name(l).equals(name)).findFirst();
    }

    /** The entry {@code name} of the parent, or the family's refusal for a missing entry or parent. */
    private static Entry entry(Named n, ConfigText text, Parent p, String name, Mutations.Op op) throws ConfigException {
        Optional<Section> s = parentSection(text, p);
        if (s.isEmpty()) {
            throw n.missing().entry(op, name, p, false);
        }
        Line l = named(s.get(), n.line(), name).orElseThrow(() -> n.missing().entry(op, name, p, true));
        return new Entry(s.get(), l);
    }

    /** A line and its section. */
    private record Entry(Section section, Line line) {
    }

    private void listNamed(Named n, ServerRequest req, ServerResponse res) throws ConfigException {
        Parent p = parent(n.parents(), req);
        ConfigText text = mutations.read(req);
        Optional<Section> s = parentSection(text, p);
        if (s.isEmpty() && n.missing().list(p) != null) {
            throw n.missing().list(p);
        }
        List<ObjectNode> data = s.map(x -> lines(x, n.line()).stream().map(n.line()::read).toList()).orElse(List.of());
        Json.data(res, text.version(), n.model(), data);
    }

    private void getNamed(Named n, ServerRequest req, ServerResponse res) throws ConfigException {
        String name = req.path().pathParameters().get(n.idParam());
        Parent p = parent(n.parents(), req);
        ConfigText text = mutations.read(req);
        Entry e = entry(n, text, p, name, null);
        Json.data(res, text.version(), n.model(), n.line().read(e.line()));
    }

    private void createNamed(Named n, ServerRequest req, ServerResponse res) throws ConfigException {
        Change change = change(n.parents(), req, n.model());
        Parent p = change.parent();
        WriteRequest request = change.request();
        JsonNode model = request.body();
        mutations.apply(request, res, Mutations.Op.CREATE, Mutations.echo(n.model(), model), text -> {
            Section s = parentSection(text, p).orElseThrow(() -> n.missing().create(p, model));
            List<String> words = n.line().words(model, null);
            Line line = Line.of(String.join(" ", words), "");
            String name = n.line().name(line); // a bind without a name is named by its address
            if (named(s, n.line(), name).isPresent()) {
                throw new ConfigException(409, "31: " + n.line().keyword() + " " + name + " already exists in "
                        + p.name() + " " + p.keyword());
            }
            ConfigModels.checkTypes(n.model(), model, n.line().read(line));
            return text.withSection(s, SectionEditor.insert(s, n.line()::matches, lines(s, n.line()).size(), words,
                    text.lineEnding()));
        });
    }

    private void replaceNamed(Named n, ServerRequest req, ServerResponse res) throws ConfigException {
        String name = req.path().pathParameters().get(n.idParam());
        Change change = change(n.parents(), req, n.model());
        Parent p = change.parent();
        WriteRequest request = change.request();
        ObjectNode model = request.body().deepCopy();
        if (n.line().namedByWord()) {
            model.put(n.line().nameField(), name);
        }
        mutations.apply(request, res, Mutations.Op.REPLACE, Mutations.echo(n.model(), model), text -> {
            Entry e = entry(n, text, p, name, Mutations.Op.REPLACE);
            List<String> words = n.line().words(model, e.line());
            ConfigModels.checkTypes(n.model(), model, n.line().read(Line.of(String.join(" ", words), "")));
            Section s = e.section();
            return text.withSection(s, SectionEditor.replace(s, e.line(), words, n.line()::read, text.lineEnding()));
        }, n.runtime() == null ? null : n.runtime().apply(p.name(), name));
    }

    private void deleteNamed(Named n, ServerRequest req, ServerResponse res) throws ConfigException {
        String name = req.path().pathParameters().get(n.idParam());
        Parent p = parent(n.parents(), req);
        mutations.apply(WriteRequest.of(req), res, Mutations.Op.DELETE, null, text -> {
            Entry e = entry(n, text, p, name, Mutations.Op.DELETE);
            return text.withSection(e.section(), SectionEditor.remove(e.section(), e.line(), text.lineEnding()));
        });
    }

    // ---- indexed children (acls, rules)

    private static List<Line> rules(Section s, LineCodec rule) {
        return SectionEditor.lines(s, rule::matches);
    }

    private static ObjectNode indexed(LineCodec rule, Line l, int index) {
        ObjectNode json = rule.read(l);
        json.put("index", index);
        return json;
    }

    /** The parent section of an indexed family, or its refusal: 400 {@code 11: ...}, or a bare 404 (captures). */
    private static Section indexedParent(Indexed x, ConfigText text, Parent p, Mutations.Op op) throws ConfigException {
        Optional<Section> s = parentSection(text, p);
        if (s.isPresent()) {
            return s.get();
        }
        throw x.bareWithoutParent() && op != Mutations.Op.DELETE ? bare(404) : noParent(p);
    }

    private void listIndexed(Indexed x, ServerRequest req, ServerResponse res) throws ConfigException {
        Parent p = parent(x.parents(), req);
        ConfigText text = mutations.read(req);
        Optional<Section> s = parentSection(text, p);
        if (s.isEmpty() && (x.listNeedsParent() || x.bareWithoutParent())) {
            throw x.bareWithoutParent() ? bare(404) : noParent(p);
        }
        List<ObjectNode> data = new ArrayList<>();
        Optional<String> only = x.listFilter() == null ? Optional.empty() : WriteRequest.value(req, x.listFilter());
        s.ifPresent(section -> {
            List<Line> rules = rules(section, x.rule());
            for (int i = 0; i < rules.size(); i++) {
                ObjectNode rule = indexed(x.rule(), rules.get(i), i);
                if (only.isEmpty() || only.get().equals(rule.path(x.listFilter()).asText())) {
                    data.add(rule); // each keeps its index among all the lines
                }
            }
        });
        Json.data(res, text.version(), x.model(), data);
    }

    private static ConfigException noObject(long index, Parent p) {
        return new ConfigException(404, "30: Object " + index + " does not exist in " + p.keyword() + " " + p.name());
    }

    private void getIndexed(Indexed x, ServerRequest req, ServerResponse res) throws ConfigException {
        Parent p = parent(x.parents(), req);
        long index = WriteRequest.pathInteger(req, "index");
        ConfigText text = mutations.read(req);
        List<Line> rules = rules(indexedParent(x, text, p, null), x.rule());
        if (index < 0 || index >= rules.size()) {
            throw noObject(index, p);
        }
        Json.data(res, text.version(), x.model(), indexed(x.rule(), rules.get((int) index), (int) index));
    }

    private void changeIndexed(Indexed x, ServerRequest req, ServerResponse res, Mutations.Op op) throws ConfigException {
        Change change = op == Mutations.Op.DELETE ? new Change(parent(x.parents(), req), WriteRequest.of(req))
                : change(x.parents(), req, x.model());
        Parent p = change.parent();
        WriteRequest request = change.request();
        long pathIndex = op == Mutations.Op.CREATE ? -1 : WriteRequest.pathInteger(req, "index");
        JsonNode m = request.body();
        if (m != null && !m.path("index").isIntegralNumber()) { // present (the schema requires it), not an integer
            throw ConfigException.wrongType(m.get("index"), "Go struct field .index of type int64");
        }
        long index = op == Mutations.Op.CREATE ? m.get("index").asLong() : pathIndex;
        Json.Model echo = null;
        if (m != null) {
            ObjectNode copy = m.deepCopy();
            copy.put("index", index);
            echo = Mutations.echo(x.model(), copy);
        }
        mutations.apply(request, res, op, echo, text -> {
            Section s = indexedParent(x, text, p, op);
            List<Line> rules = rules(s, x.rule());
            if (index < 0 || index > rules.size() || (index == rules.size() && op != Mutations.Op.CREATE)) {
                throw op == Mutations.Op.CREATE ? new ConfigException(400, "32: Object with id " + index + " in "
                        + p.keyword() + " " + p.name() + " out of range") : noObject(index, p);
            }
            if (op == Mutations.Op.DELETE) {
                return text.withSection(s, SectionEditor.remove(s, rules.get((int) index), text.lineEnding()));
            }
            List<String> words = x.rule().words(m);
            ConfigModels.checkTypes(x.model(), m, x.rule().read(Line.of(String.join(" ", words), "")));
            return text.withSection(s, op == Mutations.Op.CREATE
                    ? SectionEditor.insert(s, x.rule()::matches, (int) index, words, text.lineEnding())
                    : SectionEditor.replace(s, rules.get((int) index), words, x.rule()::read, text.lineEnding()));
        });
    }
}
