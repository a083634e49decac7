package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON schemas of the configuration models, generated from their tables: fields from the arguments, types and
 * enums from the grammar's value types, fields in the order the models are written (alphabetical; a server or
 * bind gives its parameters first, then its own fields). For each model {@code m}: {@code m} itself,
 * {@code m_data} (one object and the configuration version, as a GET answers) and {@code m_list_data} (the list).
 */
public final class ModelSchemas {

    /** Fields a model declares beside the parameters it shares (written after them). */
    private static final Map<String, Set<String>> OWN = Map.of(
            "server", Set.of("address", "id", "name", "port"),
            "server_template", Set.of("fqdn", "id", "num_or_range", "port", "prefix"),
            "bind", Set.of("address", "port", "port-range-end"),
            "runtime_apis", Set.of("address")); // the global's runtime APIs: bind parameters, then the address

    /** Fields we read and write that the official's model lacks (the defaults section takes the whole table). */
    private static final Map<String, Set<String>> BEYOND_CONTRACT = Map.of(
            "defaults", Set.of("description", "force_persist", "http_proxy", "id", "ignore_persist", "monitor_fail",
                    "server_state_file_name", "spop_check", "stick_table", "use_fcgi_app"),
            "http_after_response_rule", Set.of("var_format"),
            "filter", Set.of("period"),
            // server keywords the runtime's add server is given too (HAProxy refuses those a dynamic server lacks)
            "runtime_add_server", Set.of("cookie", "init-addr", "log_proto", "max_reuse", "namespace", "no_verifyhost",
                    "redir", "resolve-net", "resolve-prefer", "resolve_opts", "resolvers", "shard", "socks4", "stick",
                    "tcp_ut"));

    private ModelSchemas() {
    }

    /** The model with the mark above. */
    private static ObjectNode marked(String name, ObjectNode model) {
        ObjectNode props = (ObjectNode) model.get("properties");
        BEYOND_CONTRACT.getOrDefault(name, Set.of()).forEach(f -> {
            if (props.has(f)) {
                ((ObjectNode) props.get(f)).put("x-beyond-contract", true);
            }
        });
        return model;
    }

    /**
     * The definitions of every configuration model the API serves, by name: its sections (model name and field
     * table), the global section, and the directives inside sections, keyed by name or by index (model name and
     * line codec). The HTTP layer says which resources it serves.
     */
    public static Map<String, JsonNode> definitions(Map<String, List<FieldMapping>> sections,
                                                    Map<String, NamedCodec> named, Map<String, LineCodec> indexed) {
        Map<String, ObjectNode> models = new LinkedHashMap<>();
        // every section's name is required but the defaults' (a defaults section may have none)
        sections.forEach((name, fields) -> models.put(name, section(fields,
                Set.of("frontend", "backend", "defaults").contains(name), !name.equals("defaults"), indexed)));
        ObjectNode global = section(SectionTables.GLOBAL, false, false, indexed);
        ((ObjectNode) global.get("properties")).remove("name"); // the one global section has no name
        models.put("global", global);
        named.forEach((name, line) -> models.put(name, named(name, line)));
        indexed.forEach((name, rule) -> models.put(name, rule(rule)));
        for (SpoeTables spoe : SpoeTables.values()) {
            models.put(spoe.model(), section(spoe.fields(), false, true, indexed));
        }
        Map<String, JsonNode> defs = new LinkedHashMap<>();
        models.forEach((name, schema) -> {
            defs.put(name, marked(name, schema));
            defs.put(name + "_data", answer(ref(name)));
            defs.put(name + "_list_data", answer(object().put("type", "array").set("items", ref(name))));
        });
        // the whole file: its version alone, its text with the version (GET raw), its text alone (POST raw)
        defs.put(VERSION, object().put("type", "integer"));
        ObjectNode raw = answer(object().put("type", "string"));
        raw.putArray("required").add("data");
        defs.put(RAW, raw);
        defs.put(TEXT, object().put("type", "string"));
        // the agents of a scope are answered as data alone, with no _version, as the official does
        ObjectNode agents = object().put("type", "object");
        agents.putObject("properties").set("data", object().put("type", "array").set("items",
                ref(SpoeTables.AGENT.model())));
        defs.put(SpoeTables.AGENT.model() + "_list", agents);
        // add server at runtime: the server line's fields in one part (the runtime echoes them alphabetically); its
        // id is the line's number, where the official's runtime model has a read-only text: not documented as one
        ObjectNode runtimeServer = named("runtime_add_server", LineModel.SERVER);
        ((ObjectNode) runtimeServer.get("properties")).remove("id");
        runtimeServer.remove("required"); // the runtime's model requires nothing: a nameless server is its handler's 400
        defs.put("runtime_add_server", marked("runtime_add_server", runtimeServer));
        return defs;
    }

    /**
     * The first property {@code schema} requires that {@code body} lacks, in the order the official's validator
     * checks them (alphabetical): absent, {@code null}, or, for a string property, an empty string, which its
     * validator takes for absent (an empty string for a number is the decoder's 400, not a missing value).
     */
    public static Optional<String> firstMissing(JsonNode schema, JsonNode body) {
        for (JsonNode required : schema.path("required")) {
            String name = required.asText();
            JsonNode value = body.get(name);
            if (value == null || value.isNull()
                    || (value.isTextual() && value.asText().isEmpty() && "string".equals(propertyType(schema, name)))) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /**
     * The first property of {@code body}, in the body's order (as Go's decoder meets them), whose JSON value its
     * schema's scalar type does not take: its name and the Go type the decoder names (a number or a boolean for a
     * string, a string or a boolean for an integer, a string or a number for a boolean). The decoder refuses such a
     * body (400) before the validator looks for missing properties.
     */
    public static Optional<Map.Entry<String, String>> firstWrongType(JsonNode schema, JsonNode body) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            String type = propertyType(schema, field.getKey());
            String goType = type == null ? null : switch (type) {
                case "string" -> value.isNumber() || value.isBoolean() ? "string" : null;
                case "integer" -> value.isTextual() || value.isBoolean() ? "int64" : null;
                case "boolean" -> value.isTextual() || value.isNumber() ? "bool" : null;
                default -> null;
            };
            if (goType != null) {
                return Optional.of(Map.entry(field.getKey(), goType));
            }
        }
        return Optional.empty();
    }

    /** A property's declared type, in the schema's own properties or in one of its allOf parts; null if none. */
    private static String propertyType(JsonNode schema, String name) {
        JsonNode own = schema.path("properties").path(name).path("type");
        if (own.isTextual()) {
            return own.asText();
        }
        for (JsonNode part : schema.path("allOf")) {
            String type = propertyType(part, name);
            if (type != null) {
                return type;
            }
        }
        return null;
    }

    /** The definition of the configuration's version, a bare integer. */
    public static final String VERSION = "configuration_version";
    /** The definition of haproxy.cfg's text with its version ({@code _version}, {@code data}). */
    public static final String RAW = "raw_configuration";
    /** The definition of haproxy.cfg's text alone. */
    public static final String TEXT = "configuration_text";

    /** The definition a GET of one object answers with. */
    public static String one(String model) {
        return model + "_data";
    }

    /** The definition a GET of a list answers with. */
    public static String list(String model) {
        return model + "_list_data";
    }

    private static ObjectNode answer(JsonNode data) {
        ObjectNode schema = object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("_version").put("type", "integer");
        props.set("data", data);
        return schema;
    }

    private static ObjectNode ref(String name) {
        return object().put("$ref", "#/definitions/" + name);
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * A section model: its name (required when {@code named}), the defaults it takes ({@code from}) when it may, and
     * its table's fields; a list of rules refers to the rule's model in {@code rules}.
     */
    private static ObjectNode section(List<FieldMapping> fields, boolean from, boolean named,
                                      Map<String, LineCodec> rules) {
        Builder b = new Builder();
        b.put("name", Value.WORD);
        if (named) {
            b.required.add("name");
        }
        if (from) {
            b.put("from", Value.WORD);
        }
        for (FieldMapping f : fields) {
            field(f, b, rules);
        }
        return b.build(null);
    }

    private static void field(FieldMapping f, Builder b, Map<String, LineCodec> rules) {
        switch (f) {
            case FieldMapping.Required r -> {
                field(r.field(), b, rules);
                b.required.add(r.json());
            }
            case Field x -> b.put(x.json(), x.value());
            case FieldMapping.Alias a -> b.put(a.json(), a.target().value());
            case ObjectField o -> {
                if (o.flat()) {
                    objectField(o, b);
                } else {
                    Builder inner = new Builder();
                    objectField(o, inner);
                    b.properties.put(o.json(), inner.build(null));
                }
            }
            case ListField l -> b.properties.put(l.json(), object().put("type", "array").set("items", element(l, rules)));
            case GroupField g -> {
                Builder inner = new Builder();
                g.members().forEach(m -> field(m, inner, rules));
                b.properties.put(g.json(), inner.build(null));
            }
            case TypedField t when t.flat() -> typed(t.rule(), b);
            case TypedField t -> {
                Builder inner = new Builder();
                typed(t.rule(), inner);
                inner.required.add(t.rule().typeField());
                b.properties.put(t.json(), inner.build(null));
            }
            default -> b.properties.put(f.json(), object().put("type", "object"));
        }
    }

    /** A list's element: an object field's own schema, or the model of the rule whose lines it holds. */
    private static JsonNode element(ListField l, Map<String, LineCodec> rules) {
        if (l.element() instanceof ListField.ObjectLines o) {
            Builder inner = new Builder();
            objectField(o.field(), inner);
            return inner.build(OWN.get(l.json()));
        }
        return ref(rules.entrySet().stream().filter(r -> r.getValue() == l.element()).map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no model for " + l.element().keyword() + " lines")));
    }

    private static void objectField(ObjectField o, Builder b) {
        if (o.presence() != null) {
            b.put(o.presence().json(), o.presence().value());
        }
        args(o.args().args(), b);
    }

    private static void args(List<Arg> args, Builder b) {
        for (Arg a : args) {
            switch (a.shape()) {
                case LITERAL -> {
                }
                case ONE_OF -> b.put(a.json(), a.value());
                case KEYED -> {
                    b.put(a.second(), a.secondValue());
                    b.put(a.json(), Value.TEXT);
                }
                case VARIANT -> {
                    b.put(a.json(), a.value());
                    a.variants().values().forEach(parts -> args(parts, b));
                }
                case EITHER -> {
                    b.put(a.json(), Value.INTEGER);
                    b.put(a.second(), Value.EXPRESSION);
                }
                case PAIR -> {
                    b.put(a.json(), Value.WORD);
                    b.put(a.second(), a.secondValue());
                }
                case REPEATED -> {
                    Builder item = new Builder();
                    a.keyed().forEach(item::put);
                    b.properties.put(a.json(), object().put("type", "array").set("items", item.build(null)));
                }
                case CONDITION -> {
                    b.put(a.json(), Value.choice("if", "unless"));
                    b.put(a.test(), Value.EXPRESSION);
                }
                default -> {
                    if (a.flat() && a.value() instanceof Value.Pair p) {
                        b.put(p.first(), p.firstType());
                        b.put(p.second(), p.secondType());
                    } else {
                        b.put(a.json(), a.value());
                    }
                }
            }
            if (a.required()) {
                b.required.add(a.json());
                if (a.shape() == Arg.Shape.KEYED) { // the keyword is chosen by its own field: required too
                    b.required.add(a.second());
                }
            }
        }
    }

    /** The schema of an object whose fields are the arguments'. */
    static ObjectNode object(List<Arg> args) {
        Builder b = new Builder();
        args(args, b);
        return b.build(null);
    }

    /** A named line: its name, address and port, and its parameters. */
    private static ObjectNode named(String model, NamedCodec line) {
        Builder b = new Builder();
        switch (line) {
            case LineModel m -> {
                if (m.nameField() != null) {
                    b.put(m.nameField(), Value.WORD);
                }
                b.required.addAll(m.required());
                m.positional().forEach(p -> b.put(p, Value.WORD));
                b.put(m.addressField(), Value.WORD);
                b.put("port", Value.INTEGER);
                if (m.keyword().endsWith("bind")) { // bind and dgram-bind take a port range
                    b.put("port-range-end", Value.INTEGER);
                }
                if (m.nameField() == null) {
                    b.put("name", Value.WORD);
                }
                args(m.params().args(), b);
            }
            case TableCodec t -> objectField(t.line(), b);
            case NamedLine n -> {
                b.put(n.nameField(), Value.WORD);
                b.required.add(n.nameField());
                args(n.args().args(), b);
            }
            default -> {
            }
        }
        return b.build(OWN.get(model));
    }

    /** A rule: its index, its type (an enum of the table's types) and every type's arguments; both required. */
    private static ObjectNode rule(LineCodec codec) {
        Builder b = new Builder();
        b.put("index", Value.INTEGER);
        b.required.add("index");
        switch (codec) {
            case TypedRule r -> {
                typed(r, b);
                if (r.typeField() != null) {
                    b.required.add(r.typeField());
                }
            }
            case TwoLevelRule r -> {
                b.put("type", Value.choice(r.byType().keySet().stream().sorted().toArray(String[]::new)));
                b.required.add("type");
                r.byType().values().forEach(t -> typed(t, b));
            }
            case LogTargetCodec l -> {
                b.put("global", Value.BOOLEAN);
                b.put("nolog", Value.BOOLEAN);
                typed(RuleTables.LOG_TARGET, b);
            }
            default -> {
            }
        }
        return b.build(null);
    }

    private static void typed(TypedRule r, Builder b) {
        if (r.typeField() != null && !b.properties.containsKey(r.typeField())) {
            b.put(r.typeField(), Value.choice(r.types().keySet().toArray(String[]::new)));
        } else if (r.typeField() != null && r.typeField().equals("action")) {
            JsonNode actions = b.properties.get("action");
            Set<String> all = new java.util.TreeSet<>();
            actions.path("enum").forEach(e -> all.add(e.asText()));
            all.addAll(r.types().keySet());
            b.put("action", Value.choice(all.toArray(String[]::new)));
        }
        if (r.types().keySet().stream().anyMatch(TypedRule.VARIABLE_TYPES::contains)) { // set-var(<scope>.<name>)
            b.put("var_scope", Value.WORD);
            b.put("var_name", Value.WORD);
        }
        for (TypedRule.Type t : r.types().values()) {
            args(t.args().args(), b);
            args(t.calls(), b);
            if (t.suffix() != null) {
                args(List.of(t.suffix()), b);
            }
        }
    }

    /** Properties and required fields of an object schema being built. */
    static final class Builder {
        final Map<String, JsonNode> properties = new TreeMap<>();
        final List<String> required = new ArrayList<>();

        void put(String name, Value value) {
            properties.putIfAbsent(name, value.schema());
        }

        /**
         * The schema; {@code own} (null for a plain model) are the fields the model declares beside the parameters
         * it shares: an {@code allOf} of the parameters then its own fields, the order the model is written in.
         */
        ObjectNode build(Set<String> own) {
            ObjectNode schema = object().put("type", "object");
            if (!required.isEmpty()) {
                ArrayNode names = schema.putArray("required");
                required.stream().distinct().sorted().forEach(names::add);
            }
            if (own == null) {
                schema.putObject("properties").setAll(properties);
                return schema;
            }
            ObjectNode shared = schema.putArray("allOf").addObject().put("type", "object");
            ObjectNode ownPart = ((ArrayNode) schema.get("allOf")).addObject().put("type", "object");
            ObjectNode sharedProps = shared.putObject("properties");
            ObjectNode ownProps = ownPart.putObject("properties");
            properties.forEach((name, s) -> (own.contains(name) ? ownProps : sharedProps).set(name, s));
            return schema;
        }
    }
}
