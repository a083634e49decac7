package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One argument of a directive: where it sits on the line (its {@link Shape}), the JSON field it fills and the
 * {@link Value} type of that field. Tables are lists of these; {@link ArgList} reads and writes them.
 *
 * @param keyword    the word that introduces the argument (KEYWORD, FLAG, LITERAL, VARIANT), the separator of a
 *                   PAIR, or for LEADING the word written for the positional after it when that one is missing
 * @param keyed      for KEYED and ONE_OF: the keywords, each with the value type of what follows it; for REPEATED:
 *                   the parts after the keyword, each with its value type, in order
 * @param second     the field of a PAIR's second part, of KEYED's keyword, or EITHER's expression
 * @param secondType the value type of {@code second}, when not the shape's own (a port, a keyword read as a boolean)
 * @param variants   for VARIANT: each variant's name and the arguments its word holds
 * @param required   whether the model's schema requires the field (refused 422, code 602, when missing)
 */
record Arg(Shape shape, String json, String keyword, Value value, Map<String, Value> keyed, String second,
           Value secondType, Map<String, List<Arg>> variants, boolean required) {

    /** Where an argument sits on its line. */
    enum Shape {
        /** The next free word: {@code <value>}. */
        POSITIONAL,
        /** A keyword, then the value: {@code weight 10}. */
        KEYWORD,
        /** A keyword alone, its presence the value: {@code check}, {@code nopurge}. */
        FLAG,
        /** One of several keywords alone, the keyword being the value: {@code cookie insert}. */
        ONE_OF,
        /** One of several keywords, then a value; the keyword is a field of its own: {@code string "text"}. */
        KEYED,
        /** Every free word left, one value: an expression, free text, a list of words. */
        REST,
        /**
         * The rest as an integer, or else an expression in another field: {@code sc-add-gpc(0,1) 5}; with a keyword,
         * the word after it: {@code port 80} or {@code port $PORT}.
         */
        EITHER,
        /**
         * Two fields in one word around a separator: {@code user:password}, {@code rdp-cookie(name)}; a typed second
         * part is split at the last separator and only when it reads as its type: {@code [::1]:80}.
         */
        PAIR,
        /** An optional word before the next positional, there only when that one follows: {@code [<method>] <uri>}. */
        LEADING,
        /**
         * A keyword, then one word whose form tells its variant (the field): a fixed word, {@code name(<a>,<b>)}, or
         * a PAIR: {@code usesrc client}, {@code usesrc hdr_ip(<hdr>,<occ>)}, {@code usesrc <addr>:<port>}.
         */
        VARIANT,
        /** An argument in the parentheses of the type word, several comma-separated: {@code set-map(<file>)}. */
        CALL,
        /** Like CALL, but the parentheses may be left out with their argument: {@code random[(<draws>)]}. */
        OPTIONAL_CALL,
        /** The part after the type word's separator: {@code lua.<action>}, {@code set-priority-<class|offset>}. */
        SUFFIX,
        /**
         * Every {@code <keyword> <part>...} of the line, as an array of objects of the parts:
         * {@code hdr <name> <fmt>} as {@code {"name":..,"fmt":..}}, {@code attr <value>} as {@code {"value":..}}.
         */
        REPEATED,
        /** A fixed word carrying no field: {@code expect-proxy layer4}. */
        LITERAL,
        /** {@code if|unless <condition>}: the keyword in the field, the expression in {@code <field>_test}. */
        CONDITION,
        /** A whole directive that {@code no} switches off: {@code [no] option tcpka} ↔ "enabled"/"disabled". */
        NEGATABLE
    }

    private static Arg of(Shape shape, String json, String keyword, Value value) {
        return new Arg(shape, json, keyword, value, Map.of(), null, null, Map.of(), false);
    }

    /** The next free word, one word. */
    static Arg word(String json) {
        return of(Shape.POSITIONAL, json, null, Value.WORD);
    }

    /** The next free word, an integer. */
    static Arg integer(String json) {
        return of(Shape.POSITIONAL, json, null, Value.INTEGER);
    }

    /** The next free word, a time in milliseconds. */
    static Arg time(String json) {
        return of(Shape.POSITIONAL, json, null, Value.TIME);
    }

    /** The next free word, free text written quoted. */
    static Arg text(String json) {
        return of(Shape.POSITIONAL, json, null, Value.TEXT);
    }

    /** The next free word of any value type. */
    static Arg positional(String json, Value value) {
        return of(Shape.POSITIONAL, json, null, value);
    }

    /** Every free word left, kept as written (an expression). */
    static Arg rest(String json) {
        return of(Shape.REST, json, null, Value.EXPRESSION);
    }

    /** Every free word left, of a value type: {@link Value#TEXT}, {@link Value#WORD_LIST}... */
    static Arg rest(String json, Value value) {
        return of(Shape.REST, json, null, value);
    }

    /** {@code <keyword> <word>}: a parameter with a value. */
    static Arg param(String json, String keyword) {
        return of(Shape.KEYWORD, json, keyword, Value.WORD);
    }

    /** {@code <keyword> <value>}: a parameter with a value of the type. */
    static Arg param(String json, String keyword, Value value) {
        return of(Shape.KEYWORD, json, keyword, value);
    }

    /**
     * {@code <keyword> <first><sep><second>}: a parameter whose two parts are two fields of the enclosing object
     * ({@code sample 1:2} ↔ {@code "sample_range":"1","sample_size":2}); the argument is named after the first.
     */
    static Arg param(String keyword, Value.Pair pair) {
        return of(Shape.KEYWORD, pair.first(), keyword, pair);
    }

    /** {@code <keyword>} alone → {@code true}. */
    static Arg flag(String json, String keyword) {
        return of(Shape.FLAG, json, keyword, Value.BOOLEAN);
    }

    /** {@code <keyword>} alone → "enabled". */
    static Arg enabled(String json, String keyword) {
        return of(Shape.FLAG, json, keyword, Value.ENABLED);
    }

    /** One of the keywords alone, the field's value being the keyword. */
    static Arg oneOf(String json, String... keywords) {
        Map<String, Value> keyed = new LinkedHashMap<>();
        for (String k : keywords) {
            keyed.put(k, Value.WORD);
        }
        return new Arg(Shape.ONE_OF, json, null, Value.choice(keywords), keyed, null, null, Map.of(), false);
    }

    /** One of the keywords (in {@code keyField}), then a value of the type (in {@code json}). */
    static Arg keyed(String keyField, String json, Value value, String... keywords) {
        return new Arg(Shape.KEYED, json, null, value, Map.of(), keyField, null, Map.of(), false).or(value, keywords);
    }

    /** The same KEYED argument, its keyword read as a value of the type ({@code password} → true). */
    Arg keyAs(Value type) {
        return new Arg(shape, json, keyword, value, keyed, second, type, variants, required);
    }

    /** The same KEYED argument, more keywords whose value is of another type. */
    Arg or(Value type, String... keywords) {
        Map<String, Value> more = new LinkedHashMap<>(keyed);
        for (String k : keywords) {
            more.put(k, type);
        }
        return new Arg(shape, json, keyword, value, more, second, secondType, variants, required);
    }

    /** The rest as an integer in {@code intJson}, or else as an expression in {@code exprJson}. */
    static Arg either(String intJson, String exprJson) {
        return new Arg(Shape.EITHER, intJson, null, Value.INTEGER, Map.of(), exprJson, null, Map.of(), false);
    }

    /** {@code <keyword> <integer>} in {@code intJson}, or else {@code <keyword> <word>} in {@code wordJson}. */
    static Arg either(String intJson, String keyword, String wordJson) {
        return new Arg(Shape.EITHER, intJson, keyword, Value.INTEGER, Map.of(), wordJson, null, Map.of(), false);
    }

    /** {@code <json>:<second>} in one word. */
    static Arg pair(String json, String second) {
        return new Arg(Shape.PAIR, json, ":", Value.WORD, Map.of(), second, null, Map.of(), false);
    }

    /** {@code <json>[:<second>]} in one word, the second an integer after the last colon: an address and port. */
    static Arg hostPort(String json, String second) {
        return new Arg(Shape.PAIR, json, ":", Value.WORD, Map.of(), second, Value.INTEGER, Map.of(), false);
    }

    /** {@code <json>[(<second>)]} in one word. */
    static Arg call(String json, String second) {
        return new Arg(Shape.PAIR, json, "(", Value.WORD, Map.of(), second, null, Map.of(), false);
    }

    /** An argument in the type word's parentheses, read as a number. */
    static Arg paren(String json) {
        return of(Shape.CALL, json, null, Value.INTEGER);
    }

    /** An argument in the type word's parentheses, read as text. */
    static Arg parenText(String json) {
        return of(Shape.CALL, json, null, Value.WORD);
    }

    /** An argument in the type word's parentheses that may be left out with them. */
    static Arg optionalParen(String json, Value value) {
        return of(Shape.OPTIONAL_CALL, json, null, value);
    }

    static Arg suffix(String json) {
        return suffix(json, ".", Value.WORD);
    }

    /** The part of the type word after {@code separator}, of a value type. */
    static Arg suffix(String json, String separator, Value value) {
        return of(Shape.SUFFIX, json, separator, value);
    }

    /** Every {@code hdr <name> <fmt>}. */
    static Arg headers(String json) {
        Map<String, Value> parts = new LinkedHashMap<>();
        parts.put("name", Value.WORD);
        parts.put("fmt", Value.FORMAT);
        return new Arg(Shape.REPEATED, json, "hdr", null, parts, null, null, Map.of(), false);
    }

    /** Every {@code <keyword> <value>}, as an array of {@code {"value":..}}: {@code cookie ... attr a attr b}. */
    static Arg repeated(String json, String keyword, Value value) {
        return new Arg(Shape.REPEATED, json, keyword, null, Map.of("value", value), null, null, Map.of(), false);
    }

    /** {@code [<json>] <next>}: read only when another positional word follows; {@code filler} stands for that one. */
    static Arg leading(String json, Value value, String filler) {
        return of(Shape.LEADING, json, filler, value);
    }

    /**
     * {@code <keyword> <word>}, the word's variant in {@code json}: see {@link Shape#VARIANT}. Variants in the order
     * of the schema's enum, each a {@link TypedRule#type} entry.
     */
    @SafeVarargs
    static Arg variant(String json, String keyword, Map.Entry<String, List<Arg>>... variants) {
        Map<String, List<Arg>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, List<Arg>> v : variants) {
            byName.put(v.getKey(), v.getValue());
        }
        return new Arg(Shape.VARIANT, json, keyword, Value.choice(byName.keySet().toArray(String[]::new)), Map.of(),
                null, null, Collections.unmodifiableMap(byName), false);
    }

    static Arg literal(String word) {
        return of(Shape.LITERAL, null, word, null);
    }

    /** {@code if|unless <condition>} in {@code json} and {@code <json>_test}. */
    static Arg condition(String json) {
        return of(Shape.CONDITION, json, null, Value.EXPRESSION);
    }

    /** The same argument, its field required. */
    Arg mandatory() {
        return new Arg(shape, json, keyword, value, keyed, second, secondType, variants, true);
    }

    /** Whether it takes the word after its keyword (a server or bind parameter with a value). */
    boolean takesValue() {
        return shape == Shape.KEYWORD;
    }

    /** Whether it fills the next free word(s) of the line, in table order. */
    boolean positional() {
        return switch (shape) {
            case POSITIONAL, REST, PAIR, LEADING -> true;
            case EITHER -> keyword == null;
            default -> false;
        };
    }

    /** The value type of the second field: a KEYED argument's keyword, a PAIR's second part. */
    Value secondValue() {
        if (secondType != null) {
            return secondType;
        }
        return shape == Shape.KEYED ? Value.choice(keyed.keySet().toArray(String[]::new)) : Value.WORD;
    }

    /** Whether its value is a pair whose two parts are fields of the enclosing object (not an object of its own). */
    boolean flat() {
        return value instanceof Value.Pair p && p.first().equals(json);
    }

    /** The JSON value the argument writes from a model: the model itself for a flat pair. */
    JsonNode valueIn(JsonNode model) {
        if (json == null) {
            return null;
        }
        return flat() ? (model.hasNonNull(json) ? model : null) : model.get(json);
    }

    /** The value type of what follows a KEYED argument's keyword. */
    Value valueAfter(String key) {
        return keyed.getOrDefault(key, value);
    }

    /** The condition's expression field. */
    String test() {
        return json + "_test";
    }

    /** Puts the value of a word (the one after a KEYWORD's keyword; "" for a FLAG) into {@code out}. */
    void read(String word, ObjectNode out) {
        JsonNode v = value.read(word);
        if (v != null && flat()) {
            out.setAll((ObjectNode) v);
        } else if (v != null) {
            out.set(json, v);
        }
    }

    /** The words of a KEYWORD or FLAG argument for a JSON value: none when the value means "absent". */
    List<String> words(String field, JsonNode v) throws ConfigException {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (shape == Shape.FLAG) {
            return value.isSet(field, v) ? List.of(keyword) : List.of();
        }
        String text = value.write(field, v);
        return text == null ? List.of() : List.of(keyword, text);
    }
}
