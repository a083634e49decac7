package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model object spread over several directives, one per member, e.g. {@code compression}:
 * {@code compression algo gzip deflate} / {@code compression type text/html} / {@code compression offload}.
 * Members listed in {@code arrays} are JSON arrays of the directive's words.
 */
record GroupField(String json, List<Field> members, Set<String> arrays) implements FieldMapping {

    @Override
    public boolean owns(Line line) {
        return members.stream().anyMatch(m -> m.owns(line));
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        ObjectNode value = Json.MAPPER.createObjectNode();
        for (Field m : members) {
            m.read(directives, value);
            if (arrays.contains(m.json()) && value.has(m.json())) {
                ArrayNode words = Json.MAPPER.createArrayNode();
                for (String w : value.get(m.json()).asText().split(" ")) {
                    words.add(w);
                }
                value.set(m.json(), words);
            }
        }
        if (!value.isEmpty()) {
            out.set(json, value);
        }
    }

    /** One line per member present; see {@link #lines}. */
    @Override
    public Optional<List<String>> words(JsonNode value) throws ConfigException {
        List<List<String>> lines = lines(value);
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0));
    }

    @Override
    public List<List<String>> lines(JsonNode value) throws ConfigException {
        List<List<String>> lines = new ArrayList<>();
        if (value == null || !value.isObject()) {
            return lines;
        }
        for (Field m : members) {
            JsonNode v = value.get(m.json());
            if (arrays.contains(m.json()) && v != null && v.isArray()) {
                List<String> words = new ArrayList<>();
                v.forEach(w -> words.add(w.asText()));
                v = Json.MAPPER.getNodeFactory().textNode(String.join(" ", words));
            }
            m.words(v).ifPresent(lines::add);
        }
        return lines;
    }
}
