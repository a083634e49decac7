package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model object carried by one directive: positional words then parameters, e.g.
 * {@code option forwardfor except 127.0.0.0/8 header X-Client if-none} ↔
 * {@code {"enabled":"enabled","except":"127.0.0.0/8","header":"X-Client","ifnone":"enabled"}}.
 * {@code presence}, when set, is a field that reads "enabled" whenever the directive is there.
 */
record ObjectField(String json, List<String> keyword, String presence, List<String> positional, List<Param> params)
        implements FieldMapping {

    static ObjectField of(String json, String keyword, String presence, List<String> positional, Param... params) {
        return new ObjectField(json, List.of(keyword.split(" ")), presence, positional, List.of(params));
    }

    @Override
    public boolean owns(Line line) {
        List<String> w = line.words();
        return w.size() >= keyword.size() && w.subList(0, keyword.size()).equals(keyword);
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        Line last = lastOwned(directives).orElse(null);
        if (last == null) {
            return;
        }
        ObjectNode value = Json.MAPPER.createObjectNode();
        if (presence != null) {
            value.put(presence, "enabled");
        }
        Map<String, Param> byWord = new LinkedHashMap<>();
        params.forEach(p -> byWord.put(p.word(), p));
        List<String> w = last.words();
        int i = keyword.size();
        for (String field : positional) {
            if (i < w.size() && !byWord.containsKey(w.get(i))) {
                Field.parseLong(w.get(i)).ifPresentOrElse(n -> value.put(field, n), () -> {});
                if (!value.has(field)) {
                    value.put(field, w.get(i));
                }
                i++;
            }
        }
        for (; i < w.size(); i++) {
            Param p = byWord.get(w.get(i));
            if (p != null) {
                p.read(p.takesValue() && i + 1 < w.size() ? w.get(++i) : "", value);
            }
        }
        out.set(json, value);
    }

    @Override
    public Optional<List<String>> words(JsonNode value) throws ConfigException {
        if (value == null || value.isNull() || !value.isObject()
                || (presence != null && !"enabled".equals(value.path(presence).asText("enabled")))) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(keyword);
        for (String field : positional) {
            JsonNode v = value.get(field);
            if (v == null || v.isNull()) {
                break; // positional words end at the first one missing
            }
            words.add(Field.safeWord(json + "." + field, v.asText()));
        }
        for (Param p : params) {
            words.addAll(p.words(value.get(p.json())));
        }
        return Optional.of(words);
    }
}
