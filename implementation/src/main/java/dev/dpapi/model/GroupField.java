package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A model object spread over several directives, each member its own field, e.g. {@code compression}:
 * {@code compression algo gzip deflate} / {@code compression type text/html} / {@code compression offload}.
 */
record GroupField(String json, List<FieldMapping> members) implements FieldMapping {

    static GroupField of(String json, FieldMapping... members) {
        return new GroupField(json, List.of(members));
    }

    @Override
    public Set<String> firstWords() {
        Set<String> words = new java.util.HashSet<>();
        members.forEach(m -> words.addAll(m.firstWords()));
        return words;
    }

    @Override
    public boolean owns(Line line) {
        return members.stream().anyMatch(m -> m.owns(line));
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        members.forEach(m -> m.read(directives, value));
        if (!value.isEmpty()) {
            out.set(json, value);
        }
    }

    @Override
    public List<List<String>> lines(JsonNode value) throws ConfigException {
        List<List<String>> lines = new ArrayList<>();
        if (value != null && value.isObject()) {
            for (FieldMapping m : members) {
                lines.addAll(m.lines(m.valueIn(value)));
            }
        }
        return lines;
    }
}
