package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model object carried by one directive whose arguments depend on a type word, described as a {@link TypedRule}:
 * {@code balance hdr(Host) use_domain_only} ↔ {@code {"algorithm":"hdr","hdr_name":"Host","hdr_use_domain_only":true}}.
 * The last line of the directive holds the value (HAProxy keeps the last).
 *
 * @param flat whether the type and its arguments are fields of the section model itself rather than of an object of
 *             their own: {@code option httpchk GET /x} ↔ {@code "adv_check":"httpchk","httpchk_params":{...}}
 */
record TypedField(String json, TypedRule rule, boolean flat) implements LineField {

    TypedField(String json, TypedRule rule) {
        this(json, rule, false);
    }

    /** The rule's type (in its type field) and arguments beside the other fields of the section model. */
    static TypedField flat(TypedRule rule) {
        return new TypedField(rule.typeField(), rule, true);
    }

    @Override
    public JsonNode valueIn(JsonNode model) {
        return flat ? model : LineField.super.valueIn(model);
    }

    @Override
    public Set<String> firstWords() {
        return Set.of(rule.prefix().get(0));
    }

    @Override
    public boolean owns(Line line) {
        return rule.matches(line);
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        lastOwned(directives).ifPresent(line -> {
            if (flat) {
                out.setAll(rule.read(line));
            } else {
                out.set(json, rule.read(line));
            }
        });
    }

    @Override
    public Optional<List<String>> words(JsonNode value) throws ConfigException {
        if (value == null || value.isNull() || !value.isObject()) {
            return Optional.empty();
        }
        if (flat) { // no type: no directive
            JsonNode type = value.get(json);
            if (type == null || type.isNull()) {
                return Optional.empty();
            }
            Value.choice(rule.types().keySet().toArray(String[]::new)).write(json, type);
            return Optional.of(rule.words(value));
        }
        JsonNode type = value.get(rule.typeField());
        if (type == null || type.isNull()) {
            throw ConfigException.schema(602, json + "." + rule.typeField() + " in body is required");
        }
        if (!type.isTextual()) { // the body cannot be decoded: 400 before any schema check, as the official
            throw ConfigException.wrongType(type, "Go struct field " + Character.toUpperCase(json.charAt(0))
                    + json.substring(1) + "." + json + "." + rule.typeField() + " of type string");
        }
        try {
            return Optional.of(rule.words(value));
        } catch (ConfigException e) { // the rule names its fields alone: name them inside the object, as the schema
            throw e.status() == 422 ? ConfigException.schema(e.code(), json + "." + e.getMessage()) : e;
        }
    }
}
