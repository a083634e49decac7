package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One parameter of a server or bind line and its JSON field, e.g. {@code weight 10} ↔ {@code "weight":10}. */
record Param(String json, String word, Kind kind, String argument) {

    enum Kind {
        /** the word alone → "enabled" */ ENABLED,
        /** the word alone → true */ BOOL,
        /** the word then a value */ VALUE,
        /** the word then an integer */ INT,
        /** the word then a time: milliseconds in JSON */ TIME,
        /** the word then a comma-separated list: a JSON array (e.g. proxy-v2-options ssl,cert-cn) */ LIST,
        /** the word then a fixed second word → true (e.g. expose-fd listeners) */ BOOL_PAIR,
        /** the word alone, one of several for the same field: its value is the word (e.g. cookie insert) */ CHOICE
    }

    static Param enabled(String json, String word) {
        return new Param(json, word, Kind.ENABLED, null);
    }

    static Param bool(String json, String word) {
        return new Param(json, word, Kind.BOOL, null);
    }

    static Param value(String json, String word) {
        return new Param(json, word, Kind.VALUE, null);
    }

    static Param integer(String json, String word) {
        return new Param(json, word, Kind.INT, null);
    }

    static Param time(String json, String word) {
        return new Param(json, word, Kind.TIME, null);
    }

    static Param choice(String json, String word) {
        return new Param(json, word, Kind.CHOICE, null);
    }

    static Param list(String json, String word) {
        return new Param(json, word, Kind.LIST, null);
    }

    static Param boolPair(String json, String word, String argument) {
        return new Param(json, word, Kind.BOOL_PAIR, argument);
    }

    boolean takesValue() {
        return kind == Kind.VALUE || kind == Kind.INT || kind == Kind.TIME || kind == Kind.BOOL_PAIR || kind == Kind.LIST;
    }

    void read(String value, ObjectNode out) {
        switch (kind) {
            case ENABLED -> out.put(json, "enabled");
            case BOOL -> out.put(json, true);
            case VALUE -> out.put(json, value);
            case INT -> Field.parseLong(value).ifPresent(v -> out.put(json, v));
            case TIME -> Field.millis(value).ifPresent(v -> out.put(json, v));
            case CHOICE -> out.put(json, word);
            case LIST -> {
                var items = out.putArray(json);
                for (String item : value.split(",")) {
                    items.add(item);
                }
            }
            case BOOL_PAIR -> {
                if (value.equals(argument)) {
                    out.put(json, true);
                }
            }
        }
    }

    /** The words for the JSON value (none when the value means "absent"). */
    List<String> words(JsonNode v) throws ConfigException {
        if (v == null || v.isNull()) {
            return List.of();
        }
        return switch (kind) {
            case ENABLED -> "enabled".equals(v.asText()) ? List.of(word) : List.of();
            case CHOICE -> word.equals(v.asText()) ? List.of(word) : List.of();
            case BOOL -> v.asBoolean() ? List.of(word) : List.of();
            case BOOL_PAIR -> v.asBoolean() ? List.of(word, argument) : List.of();
            case LIST -> {
                List<String> items = new java.util.ArrayList<>();
                for (JsonNode item : v) {
                    items.add(Field.safeWord(json, item.asText()));
                }
                yield items.isEmpty() ? List.of() : List.of(word, String.join(",", items));
            }
            case VALUE -> List.of(word, Field.safeWord(json, v.asText()));
            case INT, TIME -> {
                if (!v.isIntegralNumber()) {
                    throw Field.notInteger(json, v);
                }
                yield List.of(word, Long.toString(v.asLong()));
            }
        };
    }
}
