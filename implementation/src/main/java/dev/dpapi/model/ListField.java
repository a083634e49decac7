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
 * {@code errorfile 503 /etc/haproxy/errors/503.http} lines, or an SPOE message's {@code acl} lines. HAProxy keeps
 * every such line, not the last.
 *
 * @param element the codec of one line: an {@link ObjectField}'s ({@link ObjectLines}) or a rule's
 * @param indexed whether each element carries its position as {@code index}, as the acl model does
 */
record ListField(String json, LineCodec element, boolean indexed) implements FieldMapping {

    static ListField of(String json, String keyword, Arg... args) {
        return of(ObjectField.of(json, keyword, args));
    }

    /** The lines of an object field, each an element. */
    static ListField of(ObjectField element) {
        return new ListField(element.json(), new ObjectLines(element), false);
    }

    @Override
    public Set<String> firstWords() {
        return element.firstWords();
    }

    @Override
    public boolean owns(Line line) {
        return element.matches(line);
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        ArrayNode items = null;
        for (Line l : directives) {
            if (owns(l)) {
                items = items == null ? out.putArray(json) : items;
                ObjectNode item = element.read(l);
                if (indexed) {
                    item.put("index", items.size());
                }
                items.add(item);
            }
        }
    }

    @Override
    public List<List<String>> lines(JsonNode value) throws ConfigException {
        List<List<String>> lines = new ArrayList<>();
        if (value == null || value.isNull()) {
            return lines;
        }
        if (!value.isArray()) {
            throw ConfigException.wrongType(value, "Go struct field ." + json + " of type []");
        }
        for (JsonNode item : value) {
            List<String> words = element.words(item);
            if (!words.isEmpty()) {
                lines.add(words);
            }
        }
        return lines;
    }

    /** The lines of an object field as a codec; an element that asks for no line (null, switched off) writes none. */
    record ObjectLines(ObjectField field) implements LineCodec {

        @Override
        public boolean matches(Line line) {
            return field.owns(line);
        }

        @Override
        public ObjectNode read(Line line) {
            return field.readLine(line);
        }

        @Override
        public List<String> words(JsonNode model) throws ConfigException {
            return field.words(model).orElse(List.of());
        }

        @Override
        public String keyword() {
            return String.join(" ", field.keyword());
        }

        @Override
        public Set<String> firstWords() {
            return field.firstWords();
        }
    }
}
