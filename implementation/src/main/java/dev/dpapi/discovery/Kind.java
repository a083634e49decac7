package dev.dpapi.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The two kinds of discovery definitions (the contract's {@code consul} and {@code awsRegion} models): their
 * fields, the decoding and validation the official's generated server applies, and the defaults its handlers fill.
 */
enum Kind {
    CONSUL("consul", "consuls", "Consul", List.of(
            field("address", Type.STRING).required().pattern(),
            field("defaults", Type.STRING),
            field("description", Type.STRING),
            field("enabled", Type.BOOL).required(),
            field("health_check_policy", Type.STRING).oneOf("none", "any", "all", "min"),
            field("health_check_policy_min", Type.INT),
            field("id", Type.STRING).pattern(),
            field("name", Type.STRING),
            field("namespace", Type.STRING),
            field("port", Type.INT).required().between(1, 65535),
            field("retry_timeout", Type.INT).required().between(1, null),
            field("server_slots_base", Type.INT),
            field("server_slots_growth_increment", Type.INT),
            field("server_slots_growth_type", Type.STRING).oneOf("linear", "exponential"),
            field("service-blacklist", Type.STRINGS).pattern(),
            field("service-whitelist", Type.STRINGS).pattern(),
            field("service_allowlist", Type.STRINGS).pattern(),
            field("service_denylist", Type.STRINGS).pattern(),
            field("service_name_regexp", Type.STRING),
            field("token", Type.STRING).pattern())),
    AWS("aws", "aws_regions", "AwsRegion", List.of(
            field("access_key_id", Type.STRING),
            field("allowlist", Type.FILTERS),
            field("denylist", Type.FILTERS),
            field("description", Type.STRING),
            field("enabled", Type.BOOL).required(),
            field("id", Type.STRING).pattern(),
            field("ipv4_address", Type.STRING).required().oneOf("private", "public"),
            field("name", Type.STRING).required(),
            field("region", Type.STRING).required(),
            field("retry_timeout", Type.INT).required().between(1, null),
            field("secret_access_key", Type.STRING),
            field("server_slots_base", Type.INT),
            field("server_slots_growth_increment", Type.INT),
            field("server_slots_growth_type", Type.STRING).oneOf("linear", "exponential")));

    /** The least number of server slots a generated backend has, and the default. */
    static final int BASE_SLOTS = 10;

    /** The path segment under {@code /service_discovery/}. */
    final String path;
    /** The key of the list in the stored file ({@code service_discovery.consuls}, {@code .aws_regions}). */
    final String listKey;
    /** The Go model name, in the decoder's messages. */
    private final String goModel;
    private final Map<String, Field> fields = new TreeMap<>();

    Kind(String path, String listKey, String goModel, List<Field> fields) {
        this.path = path;
        this.listKey = listKey;
        this.goModel = goModel;
        fields.forEach(f -> this.fields.put(f.name, f));
    }

    enum Type { STRING, INT, BOOL, STRINGS, FILTERS }

    static final class Field {
        final String name;
        final Type type;
        boolean required;
        boolean pattern;
        List<String> oneOf = List.of();
        Long min;
        Long max;

        private Field(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        Field required() {
            required = true;
            return this;
        }

        /** The contract's {@code ^[^\s]+$}. */
        Field pattern() {
            pattern = true;
            return this;
        }

        Field oneOf(String... values) {
            oneOf = List.of(values);
            return this;
        }

        Field between(long min, Integer max) {
            this.min = min;
            this.max = max == null ? null : max.longValue();
            return this;
        }
    }

    private static Field field(String name, Type type) {
        return new Field(name, type);
    }

    /**
     * A body decoded as the official decodes it: 400 for JSON of the wrong type, 422 (with the validator's code)
     * for a schema violation, in field order; unknown fields and nulls dropped. The {@code id} is not judged here:
     * the caller sets it.
     */
    ObjectNode decode(JsonNode body) throws ConfigException {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ConfigException.schema(602, "data in body is required");
        }
        if (!body.isObject()) {
            throw ConfigException.wrongType(body, "Go value of type models." + goModel);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Field f : fields.values()) {
            JsonNode v = body.get(f.name);
            if (v == null || v.isNull()) {
                continue;
            }
            checkType(f, v);
            out.set(f.name, v.deepCopy());
        }
        for (Field f : fields.values()) {
            JsonNode v = out.get(f.name);
            if (v == null) {
                if (f.required) {
                    throw ConfigException.schema(602, f.name + " in body is required");
                }
                continue;
            }
            validate(f, v);
        }
        return out;
    }

    private void checkType(Field f, JsonNode v) throws ConfigException {
        String target = "Go struct field " + goModel + "." + f.name + " of type ";
        switch (f.type) {
            case STRING -> {
                if (!v.isTextual()) {
                    throw ConfigException.wrongType(v, target + "string");
                }
            }
            case BOOL -> {
                if (!v.isBoolean()) {
                    throw ConfigException.wrongType(v, target + "bool");
                }
            }
            case INT -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    if (v.isNumber()) {
                        throw ConfigException.undecodable("json: cannot unmarshal number " + v.asText() + " into "
                                + target + "int64");
                    }
                    throw ConfigException.wrongType(v, target + "int64");
                }
            }
            case STRINGS -> {
                if (!v.isArray()) {
                    throw ConfigException.wrongType(v, target + "[]string");
                }
                for (JsonNode item : v) {
                    if (!item.isTextual()) {
                        throw ConfigException.wrongType(item, target + "string");
                    }
                }
            }
            case FILTERS -> {
                if (!v.isArray()) {
                    throw ConfigException.wrongType(v, target + "[]*models.AwsFilters");
                }
                for (JsonNode item : v) {
                    if (!item.isObject()) {
                        throw ConfigException.wrongType(item, "Go value of type models.AwsFilters");
                    }
                    for (String part : List.of("key", "value")) {
                        JsonNode p = item.get(part);
                        if (p != null && !p.isNull() && !p.isTextual()) {
                            throw ConfigException.wrongType(p, "Go struct field AwsFilters." + f.name + "." + part
                                    + " of type string");
                        }
                    }
                }
            }
        }
    }

    private static void validate(Field f, JsonNode v) throws ConfigException {
        if (f.pattern && v.isTextual() && !noBlanks(v.asText())) {
            throw ConfigException.schema(605, f.name + " in body should match '^[^\\s]+$'");
        }
        if (!f.oneOf.isEmpty() && !f.oneOf.contains(v.asText())) {
            throw ConfigException.schema(605, f.name + " in body should be one of " + f.oneOf);
        }
        if (f.min != null && v.asLong() < f.min) {
            throw ConfigException.schema(609, f.name + " in body should be greater than or equal to " + f.min);
        }
        if (f.max != null && v.asLong() > f.max) {
            throw ConfigException.schema(608, f.name + " in body should be less than or equal to " + f.max);
        }
        if (f.type == Type.STRINGS && f.pattern) {
            for (int i = 0; i < v.size(); i++) {
                if (!noBlanks(v.get(i).asText())) {
                    throw ConfigException.schema(605, f.name + "." + i + " in body should match '^[^\\s]+$'");
                }
            }
        }
        if (f.type == Type.FILTERS) {
            for (int i = 0; i < v.size(); i++) {
                for (String part : List.of("key", "value")) {
                    JsonNode p = v.get(i).get(part);
                    if (p == null || p.isNull()) {
                        throw ConfigException.schema(602, f.name + "." + i + "." + part + " in body is required");
                    }
                }
            }
        }
    }

    private static boolean noBlanks(String s) {
        return !s.isEmpty() && s.chars().noneMatch(Character::isWhitespace);
    }

    /**
     * What the official's handlers add to a valid definition: the server slots (at least {@value #BASE_SLOTS}),
     * the growth type, a linear increment, and a {@code min} health policy's count, which must be positive.
     */
    void fillDefaults(ObjectNode d) throws ConfigException {
        if (!d.has("server_slots_base") || d.get("server_slots_base").asLong() < BASE_SLOTS) {
            d.put("server_slots_base", BASE_SLOTS);
        }
        if (!d.has("server_slots_growth_type")) {
            d.put("server_slots_growth_type", "exponential");
        }
        if (d.get("server_slots_growth_type").asText().equals("linear")
                && d.path("server_slots_growth_increment").asLong() < 1) {
            d.put("server_slots_growth_increment", BASE_SLOTS);
        }
        if (d.path("health_check_policy").asText().equals("min") && d.path("health_check_policy_min").asLong() <= 0) {
            throw new ConfigException(400, "health_check_policy_min is required for 'min' health_check_policy");
        }
        if (d.has("service_name_regexp")) {
            try {
                Pattern.compile(d.get("service_name_regexp").asText());
            } catch (PatternSyntaxException e) {
                throw new ConfigException(400, "error parsing regexp: " + e.getDescription() + ": `"
                        + d.get("service_name_regexp").asText() + "`");
            }
        }
        dropEmpty(d);
    }

    /** Empty strings, empty lists and zero numbers are omitted, as the official's models write them. */
    private void dropEmpty(ObjectNode d) {
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Field f = fields.get(e.getKey());
            JsonNode v = e.getValue();
            boolean empty = (v.isTextual() && v.asText().isEmpty()) || (v.isArray() && v.isEmpty())
                    || (v.isNumber() && v.asLong() == 0 && f != null && !f.required);
            if (empty) {
                it.remove();
            }
        }
    }

    /** The JSON schema of a definition, from the same field table the decoding follows, in wire order. */
    Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, Object> string = Map.of("type", "string");
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("key", string);
        filter.put("value", string);
        for (Field f : fields.values()) {
            properties.put(f.name, switch (f.type) {
                case STRING -> string;
                case INT -> Map.of("type", "integer");
                case BOOL -> Map.of("type", "boolean");
                case STRINGS -> Map.of("type", "array", "items", string);
                case FILTERS -> Map.of("type", "array", "items", Map.of("type", "object", "properties", filter));
            });
        }
        return Map.of("type", "object", "properties", properties);
    }

    /** The strings of a list field (absent: empty). */
    static List<String> strings(JsonNode d, String field) {
        List<String> out = new ArrayList<>();
        d.path(field).forEach(v -> out.add(v.asText()));
        return out;
    }

    static ArrayNode array(List<ObjectNode> items) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        items.forEach(a::add);
        return a;
    }
}
