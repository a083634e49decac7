package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A section field carried by one directive of a typed family, its type and arguments beside the other fields of
 * the section model: {@code option httpchk GET /x} ↔ {@code "adv_check":"httpchk","httpchk_params":{...}}.
 */
record RuleField(TypedRule rule) implements LineField {

    @Override
    public String json() {
        return rule.typeField();
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
    public JsonNode valueIn(JsonNode model) {
        return model; // the type and its arguments are siblings in the section model
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        lastOwned(directives).ifPresent(line -> out.setAll(rule.read(line)));
    }

    @Override
    public Optional<List<String>> words(JsonNode model) throws ConfigException {
        JsonNode type = model == null ? null : model.get(json());
        if (type == null || type.isNull()) {
            return Optional.empty();
        }
        Value.choice(rule.types().keySet().toArray(String[]::new)).write(json(), type);
        return Optional.of(rule.words(model));
    }
}
