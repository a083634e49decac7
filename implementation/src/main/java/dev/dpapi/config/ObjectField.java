package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model object carried by one directive: positional words, then parameters, then an optional
 * {@code if|unless <condition>}, e.g. {@code option forwardfor except 127.0.0.0/8 header X-Client if-none} ↔
 * {@code {"enabled":"enabled","except":"127.0.0.0/8","header":"X-Client","ifnone":"enabled"}}.
 *
 * @param presence  a field set whenever the directive is there ("enabled" or true), or null
 * @param cond      the JSON name of the condition keyword ({@code <cond>_test} holds the expression), or null
 * @param flat      whether the fields sit in the enclosing object instead of an object of their own
 */
record ObjectField(String json, List<String> keyword, Param presence, List<Slot> positional, List<Param> params,
                   String cond, boolean flat) implements LineField {

    /** A positional word of the directive. */
    record Slot(String json, Kind kind, String second) {
        enum Kind {
            /** one word */ WORD,
            /** one integer */ INT,
            /** the rest of the line as one value, written quoted */ TEXT,
            /** the rest of the line as space-separated words, each checked */ WORDS,
            /** the rest of the line as a JSON array of integers */ INTS,
            /** {@code <json>[(<second>)]} in one word, e.g. {@code persist rdp-cookie(name)} */ CALL,
            /** {@code <json>:<second>} in one word, e.g. {@code stats auth user:password} */ PAIR
        }

        static Slot word(String json) {
            return new Slot(json, Kind.WORD, null);
        }

        static Slot integer(String json) {
            return new Slot(json, Kind.INT, null);
        }

        static Slot text(String json) {
            return new Slot(json, Kind.TEXT, null);
        }

        static Slot words(String json) {
            return new Slot(json, Kind.WORDS, null);
        }

        static Slot integers(String json) {
            return new Slot(json, Kind.INTS, null);
        }

        static Slot call(String json, String second) {
            return new Slot(json, Kind.CALL, second);
        }

        static Slot pair(String json, String second) {
            return new Slot(json, Kind.PAIR, second);
        }
    }

    /** An object of its own under {@code json}, e.g. {@code "redispatch":{"enabled":"enabled","interval":3}}. */
    static ObjectField of(String json, String keyword, List<Slot> positional, Param... params) {
        return new ObjectField(json, List.of(keyword.split(" ")), null, positional, List.of(params), null, false);
    }

    /** Like {@link #of}, with a field that reads "enabled" whenever the directive is there. */
    static ObjectField enabled(String json, String keyword, List<Slot> positional, Param... params) {
        return new ObjectField(json, List.of(keyword.split(" ")), Param.enabled("enabled", ""), positional,
                List.of(params), null, false);
    }

    /** {@code <keyword> if|unless <condition>} as {@code {"cond":…,"cond_test":…}}. */
    static ObjectField condition(String json, String keyword) {
        return new ObjectField(json, List.of(keyword.split(" ")), null, List.of(), List.of(), "cond", false);
    }

    /** The directive's parts as fields of the enclosing object, {@code presence} telling that it is there. */
    static ObjectField flat(String keyword, Param presence, List<Slot> positional, String cond) {
        return new ObjectField(presence.json(), List.of(keyword.split(" ")), presence, positional, List.of(), cond,
                true);
    }

    @Override
    public Set<String> firstWords() {
        return Set.of(keyword.get(0));
    }

    @Override
    public boolean owns(Line line) {
        List<String> w = line.words();
        return w.size() >= keyword.size() && w.subList(0, keyword.size()).equals(keyword);
    }

    @Override
    public JsonNode valueIn(JsonNode model) {
        return flat ? model : LineField.super.valueIn(model);
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        lastOwned(directives).ifPresent(last -> {
            ObjectNode value = readLine(last);
            if (flat) {
                out.setAll(value);
            } else {
                out.set(json, value);
            }
        });
    }

    /** The model of one of the lines this field owns. */
    ObjectNode readLine(Line line) {
        ObjectNode value = Json.MAPPER.createObjectNode();
        if (presence != null) {
            presence.read("", value);
        }
        Map<String, Param> byWord = new LinkedHashMap<>();
        params.forEach(p -> byWord.put(p.word(), p));
        List<String> w = line.words();
        int i = keyword.size();
        for (Slot slot : positional) {
            if (i >= w.size() || byWord.containsKey(w.get(i)) || isCondition(w.get(i))) {
                break;
            }
            String word = w.get(i);
            switch (slot.kind()) {
                case WORD -> value.put(slot.json(), word);
                case INT -> Field.parseLong(word).ifPresentOrElse(n -> value.put(slot.json(), n),
                        () -> value.put(slot.json(), word));
                case TEXT, WORDS -> {
                    value.put(slot.json(), String.join(" ", w.subList(i, w.size())));
                    i = w.size() - 1;
                }
                case INTS -> {
                    var numbers = value.putArray(slot.json());
                    w.subList(i, w.size()).forEach(n -> Field.parseLong(n).ifPresent(numbers::add));
                    i = w.size() - 1;
                }
                case CALL -> {
                    int open = word.indexOf('(');
                    value.put(slot.json(), open < 0 ? word : word.substring(0, open));
                    if (open > 0 && word.endsWith(")")) {
                        value.put(slot.second(), word.substring(open + 1, word.length() - 1));
                    }
                }
                case PAIR -> {
                    int colon = word.indexOf(':');
                    value.put(slot.json(), colon < 0 ? word : word.substring(0, colon));
                    if (colon >= 0) {
                        value.put(slot.second(), word.substring(colon + 1));
                    }
                }
            }
            i++;
        }
        for (; i < w.size(); i++) {
            if (isCondition(w.get(i))) {
                value.put(cond, w.get(i));
                value.put(cond + "_test", String.join(" ", w.subList(i + 1, w.size())));
                break;
            }
            Param p = byWord.get(w.get(i));
            if (p != null) {
                p.read(p.takesValue() && i + 1 < w.size() ? w.get(++i) : "", value);
            }
        }
        return value;
    }

    /** Whether the model asks for the directive: nested objects are there unless switched off. */
    private boolean present(JsonNode value) {
        if (presence == null) {
            return true;
        }
        JsonNode v = value.get(presence.json());
        if (v == null || v.isNull()) {
            return !flat;
        }
        return presence.kind() == Param.Kind.BOOL ? v.asBoolean() : "enabled".equals(v.asText());
    }

    private boolean isCondition(String word) {
        return cond != null && (word.equals("if") || word.equals("unless"));
    }

    @Override
    public Optional<List<String>> words(JsonNode value) throws ConfigException {
        if (value == null || value.isNull() || !value.isObject() || !present(value)) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(keyword);
        for (Slot slot : positional) {
            JsonNode v = value.get(slot.json());
            if (v == null || v.isNull()) {
                break; // positional words end at the first one missing
            }
            String field = json + "." + slot.json();
            switch (slot.kind()) {
                case WORD -> words.add(Field.safeWord(field, v.asText()));
                case INT -> {
                    if (!v.isIntegralNumber()) {
                        throw Field.notInteger(field, v);
                    }
                    words.add(v.asText());
                }
                case TEXT -> words.add(Field.quoted(v.asText()));
                case WORDS -> words.addAll(Field.expression(field, v.asText()));
                case INTS -> {
                    for (JsonNode n : v) {
                        if (!n.isIntegralNumber()) {
                            throw Field.notInteger(field, n);
                        }
                        words.add(n.asText());
                    }
                }
                case CALL -> words.add(Field.safeWord(field, v.asText() + (value.hasNonNull(slot.second())
                        ? "(" + value.get(slot.second()).asText() + ")" : "")));
                case PAIR -> words.add(Field.safeWord(field, v.asText() + ":" + value.path(slot.second()).asText()));
            }
        }
        for (Param p : params) {
            words.addAll(p.words(value.get(p.json())));
        }
        if (cond != null && value.hasNonNull(cond)) {
            String c = value.get(cond).asText();
            if (!c.equals("if") && !c.equals("unless")) {
                throw ConfigException.schema(605, cond + " in body should be one of [if unless]");
            }
            words.add(c);
            words.addAll(Field.expression(cond + "_test", value.path(cond + "_test").asText("")));
        }
        return Optional.of(words);
    }
}
