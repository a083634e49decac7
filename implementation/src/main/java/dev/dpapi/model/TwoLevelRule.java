package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.List;
import java.util.Map;

/**
 * {@code <prefix> <type> ...} where each type has its own table, e.g. {@code tcp-request content track-sc0 src}:
 * type {@code content}, then the content actions' table. A line whose action no table knows still reads (as
 * {@code action} and {@code expr}), so that indexes count every line of the keyword.
 */
record TwoLevelRule(String keyword, Map<String, TypedRule> byType) implements LineCodec {

    @Override
    public boolean matches(Line line) {
        List<String> w = line.words();
        return w.size() > 1 && w.get(0).equals(keyword) && byType.containsKey(w.get(1));
    }

    @Override
    public ObjectNode read(Line line) {
        String type = line.word(1);
        TypedRule rule = byType.get(type);
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("type", type);
        if (rule.matches(line)) {
            out.setAll(rule.read(line));
        } else { // an action no table knows: kept whole
            List<String> w = line.words();
            if (w.size() > 2) {
                out.put("action", w.get(2));
            }
            if (w.size() > 3) {
                out.put("expr", String.join(" ", w.subList(3, w.size())));
            }
        }
        return out;
    }

    @Override
    public List<String> words(JsonNode model) throws ConfigException {
        String type = model.path("type").asText("");
        TypedRule rule = byType.get(type);
        if (rule == null) {
            throw ConfigException.schema(605, "type in body should be one of " + byType.keySet());
        }
        return rule.words(model);
    }
}
