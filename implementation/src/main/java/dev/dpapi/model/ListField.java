package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A JSON array with one directive per element, in file order, e.g. {@code error_files} ↔
 * {@code errorfile 503 /etc/haproxy/errors/503.http} lines. HAProxy keeps every such line, not the last.
 */
record ListField(String json, ObjectField element) implements FieldMapping {

    static ListField of(String json, String keyword, Arg... args) {
        return new ListField(json, ObjectField.of(json, keyword, args));
    }

    @Override
    public Set<String> firstWords() {
        return element.firstWords();
    }

    @Override
    public boolean owns(Line line) {
        return element.owns(line);
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        ArrayNode items = null;
        for (Line l : directives) {
            if (owns(l)) {
                items = items == null ? out.putArray(json) : items;
                items.add(element.readLine(l));
            }
        }
    }

    @Override
    public List<List<String>> lines(JsonNode value) throws ConfigException {
        List<List<String>> lines = new ArrayList<>();
        if (value != null && value.isArray()) {
            for (JsonNode item : value) {
                element.words(item).ifPresent(lines::add);
            }
        }
        return lines;
    }
}
