package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import dev.dpapi.text.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The grammar's value types: what one JSON value is and how HAProxy writes it. Each type reads the words HAProxy
 * read, writes a JSON value as HAProxy text through the one encoder ({@link Words}), refuses a value that does not
 * fit (400 when the JSON type is wrong, 422 with the validator's code when the schema is broken) and names its JSON
 * schema type. Where an argument sits on a line is the other half of the grammar: {@link Arg.Shape}.
 */
public sealed interface Value {

    /** The JSON value of one word as HAProxy read it, or null when the word does not read as this type. */
    JsonNode read(String word);

    /**
     * The JSON value of words {@code from} to {@code to} (exclusive) of a line: the rest of a directive. By default
     * the words' values joined by a space.
     */
    default JsonNode readRest(Line line, int from, int to) {
        return read(String.join(" ", line.words().subList(from, to)));
    }

    /** The HAProxy text for a JSON value (one or more words), or null when the value writes no words. */
    String write(String field, JsonNode value) throws ConfigException;

    /** The JSON schema type of the value: string, integer, boolean or array. */
    String schemaType();

    /** The words a value may be (a JSON schema enum), empty when any. */
    default List<String> choices() {
        return List.of();
    }

    /** The value's JSON schema: its type, the type of its items, its enum. */
    default ObjectNode schema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", schemaType());
        if (this instanceof WordList list) {
            schema.set("items", list.item().schema());
        }
        if (!choices().isEmpty()) {
            ArrayNode values = schema.putArray("enum");
            choices().forEach(values::add);
        }
        return schema;
    }

    /** One word without white space (the model's {@code ^[^\s]+$} pattern). */
    Value WORD = new Simple("string", TextNode::valueOf, Value::safeWord);
    /** A whole number. */
    Value INTEGER = new Simple("integer", w -> parseLong(w).map(LongNode::valueOf).orElse(null),
            (field, v) -> Long.toString(integer(field, v)));
    /** A time: milliseconds in JSON; a bare number in haproxy.cfg is milliseconds, written without a unit. */
    Value TIME = new Simple("integer", w -> Words.millis(w).map(LongNode::valueOf).orElse(null),
            (field, v) -> Long.toString(integer(field, v)));
    /**
     * A time where HAProxy reads a bare number as seconds (clitcpka-idle...): milliseconds in JSON, written with an
     * {@code ms} suffix so that it reads back the same.
     */
    Value SECONDS = new Simple("integer", w -> Words.millis(w.matches("\\d+") ? w + "s" : w).map(LongNode::valueOf).orElse(null),
            (field, v) -> integer(field, v) + "ms");
    /**
     * A size: bytes (or entries) in JSON; HAProxy reads a {@code k}, {@code m} or {@code g} suffix as 1024, 1024² or
     * 1024³ times the number. Written without a suffix; an unchanged value keeps its text ({@link Line#rewritten}).
     */
    Value SIZE = new Simple("integer", w -> Words.bytes(w).map(LongNode::valueOf).orElse(null),
            (field, v) -> Long.toString(integer(field, v)));
    /** Free text, written as one double-quoted word (line breaks escaped: they cannot end the directive). */
    Value TEXT = new Simple("string", TextNode::valueOf, (field, v) -> Words.quote(v.asText()));
    /** Free text such as a log-format, written as one word: plain when it can be, else double-quoted. */
    Value FORMAT = new Simple("string", TextNode::valueOf, (field, v) -> Words.encode(v.asText()));
    /** HAProxy words kept as written (an expression, a command line): the rest of a directive. */
    Value EXPRESSION = new Expression();
    /** Space-separated words as a JSON array of words. */
    Value WORD_LIST = new WordList(" ", WORD);
    /** Space-separated integers as a JSON array of integers. */
    Value INTEGER_LIST = new WordList(" ", INTEGER);
    /** One word of comma-separated words as a JSON array ({@code proxy-v2-options ssl,cert-cn}). */
    Value COMMA_LIST = new WordList(",", WORD);
    /** One word, or none for an empty text (an optional list such as a user's {@code groups a,b}). */
    Value WORD_OR_NONE = new Simple("string", TextNode::valueOf,
            (field, v) -> v.isTextual() && v.asText().isEmpty() ? null : safeWord(field, v));
    /** {@code on|off} as "enabled"/"disabled". */
    Value ON_OFF = new OnOff("on", "off", TextNode.valueOf("enabled"), TextNode.valueOf("disabled"));
    /** {@code on|off} as {@code true}/{@code false}. */
    Value ON_OFF_BOOLEAN = yesNo("on", "off");
    /** A keyword alone, present: JSON {@code true}. */
    Value BOOLEAN = new Flag(BooleanNode.TRUE);
    /** A keyword alone, present: "enabled" (its schema enum being enabled/disabled). */
    Value ENABLED = new Flag(TextNode.valueOf("enabled"));

    /** One of the given words. */
    static Value choice(String... words) {
        return new Choice(List.of(words));
    }

    /** Two words as {@code true}/{@code false}, the second when the value is absent ({@code password|insecure-password}). */
    static Value yesNo(String yes, String no) {
        return new OnOff(yes, no, BooleanNode.TRUE, BooleanNode.FALSE);
    }

    /**
     * An object of fields read and written by their own arguments ({@code option httpchk GET /x} →
     * {@code {"method":"GET","uri":"/x"}}); an empty text in it is no value, as for the models' optional strings.
     */
    static Value object(Arg... args) {
        return new Fields(ArgList.of(List.of(args)));
    }

    /** Two parts of one word around a separator, as an object of two fields ({@code sample 1-3:5}). */
    static Pair pair(String separator, String first, Value firstType, String second, Value secondType) {
        return new Pair(separator, first, firstType, second, secondType);
    }

    /** A fixed word that means {@code true} ({@code expose-fd listeners}). */
    static Value fixed(String word) {
        return new Fixed(word);
    }

    /** What a flag's JSON value means: whether its keyword is on the line. */
    default boolean isSet(String field, JsonNode value) throws ConfigException {
        return value != null && !value.isNull() && value.asBoolean();
    }

    /** A value type made of a reader and a writer. */
    record Simple(String schemaType, Reader reader, Writer writer) implements Value {
        @Override
        public JsonNode read(String word) {
            return reader.read(word);
        }

        @Override
        public String write(String field, JsonNode value) throws ConfigException {
            return writer.write(field, value);
        }
    }

    interface Reader {
        JsonNode read(String word);
    }

    interface Writer {
        String write(String field, JsonNode value) throws ConfigException;
    }

    /** The rest of a directive as written: quotes and escapes are part of the value. */
    record Expression() implements Value {
        @Override
        public JsonNode read(String word) {
            return TextNode.valueOf(word);
        }

        @Override
        public JsonNode readRest(Line line, int from, int to) {
            if (from >= to) {
                return TextNode.valueOf("");
            }
            if (to - from == 1 && plain(line.text())) {
                return TextNode.valueOf(line.words().get(from)); // one word of a line without quotes or escapes
            }
            List<Words.Token> tokens = Words.tokens(line.text());
            return TextNode.valueOf(line.text().substring(tokens.get(from).start(), tokens.get(to - 1).end()));
        }

        private static boolean plain(String text) {
            return text.indexOf('"') < 0 && text.indexOf('\'') < 0 && text.indexOf('\\') < 0;
        }

        /**
         * Refused (400) when it would end the directive: a line break, an open quote, or a '#' that starts a comment.
         */
        @Override
        public String write(String field, JsonNode value) throws ConfigException {
            String text = value.asText();
            String stripped = text.strip();
            List<Words.Token> tokens = Words.tokens(stripped);
            boolean comment = tokens.isEmpty() ? !stripped.isEmpty()
                    : tokens.get(tokens.size() - 1).end() != stripped.length();
            if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || comment || !Words.quotesClosed(stripped)) {
                throw new ConfigException(400, field + " in body would add directives or a comment to haproxy.cfg");
            }
            return tokens.isEmpty() ? null : stripped;
        }

        @Override
        public String schemaType() {
            return "string";
        }
    }

    /** Items joined by a separator, each of the item type. */
    record WordList(String separator, Value item) implements Value {
        @Override
        public JsonNode read(String word) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            for (String part : separator.equals(" ") ? word.split(" ") : word.split(separator, -1)) {
                JsonNode v = item.read(part);
                if (v != null) {
                    items.add(v);
                }
            }
            return items;
        }

        @Override
        public JsonNode readRest(Line line, int from, int to) {
            if (!separator.equals(" ")) {
                return Value.super.readRest(line, from, to);
            }
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            for (int i = from; i < to; i++) {
                JsonNode v = item.read(line.words().get(i));
                if (v != null) {
                    items.add(v);
                }
            }
            return items;
        }

        @Override
        public String write(String field, JsonNode value) throws ConfigException {
            if (!value.isArray()) {
                throw new ConfigException(422, field + " in body must be of type array");
            }
            List<String> items = new ArrayList<>();
            for (JsonNode v : value) {
                items.add(item.write(field, v));
            }
            return items.isEmpty() ? null : String.join(separator, items);
        }

        @Override
        public String schemaType() {
            return "array";
        }
    }

    /** Two words ({@code on|off}) as two JSON values: "enabled"/"disabled", or {@code true}/{@code false}. */
    record OnOff(String onWord, String offWord, JsonNode on, JsonNode off) implements Value {

        @Override
        public JsonNode read(String word) {
            return word.equals(onWord) ? on : word.equals(offWord) ? off : null;
        }

        @Override
        public String write(String field, JsonNode value) throws ConfigException {
            if (on.isBoolean()) {
                if (value == null || value.isMissingNode() || value.isNull()) {
                    return offWord;
                }
                if (!value.isBoolean()) {
                    throw ConfigException.wrongType(value, "Go struct field ." + field + " of type bool");
                }
                return value.asBoolean() ? onWord : offWord;
            }
            return STATES.write(field, value).equals("enabled") ? onWord : offWord;
        }

        @Override
        public String schemaType() {
            return on.isBoolean() ? "boolean" : "string";
        }

        @Override
        public List<String> choices() {
            return on.isBoolean() ? List.of() : STATES.choices();
        }
    }

    /** An object of fields, its words read and written by an argument list. */
    record Fields(ArgList args) implements Value {
        @Override
        public JsonNode read(String words) {
            Line line = Line.of(words, "");
            return readRest(line, 0, line.words().size());
        }

        @Override
        public JsonNode readRest(Line line, int from, int to) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            args.read(line, from, out);
            return out.isEmpty() ? null : out;
        }

        @Override
        public String write(String field, JsonNode value) throws ConfigException {
            if (!value.isObject()) {
                throw ConfigException.wrongType(value, "Go struct field ." + field + " of type object");
            }
            ObjectNode given = value.deepCopy();
            value.fieldNames().forEachRemaining(name -> {
                if (value.get(name).isTextual() && value.get(name).asText().isEmpty()) {
                    given.remove(name);
                }
            });
            List<String> words = new ArrayList<>();
            args.write(given, field + ".", words);
            return words.isEmpty() ? null : String.join(" ", words);
        }

        @Override
        public String schemaType() {
            return "object";
        }

        @Override
        public ObjectNode schema() {
            return ModelSchemas.object(args.args());
        }
    }

    /** A keyword alone: its value when present. */
    record Flag(JsonNode present) implements Value {

        @Override
        public JsonNode read(String word) {
            return present;
        }

        @Override
        public String write(String field, JsonNode value) {
            return null; // the keyword is the whole argument
        }

        @Override
        public boolean isSet(String field, JsonNode value) throws ConfigException {
            if (value == null || value.isNull()) {
                return false;
            }
            return present.isBoolean() ? value.asBoolean() : STATES.write(field, value).equals("enabled");
        }

        @Override
        public String schemaType() {
            return present.isBoolean() ? "boolean" : "string";
        }

        @Override
        public List<String> choices() {
            return present.isBoolean() ? List.of() : STATES.choices();
        }
    }

    /** One of a few words (a JSON schema enum): anything else is refused 422 (605). */
    record Choice(List<String> choices) implements Value {
        @Override
        public JsonNode read(String word) {
            return TextNode.valueOf(word);
        }

        boolean contains(String word) {
            return choices.contains(word);
        }

        @Override
        public String write(String field, JsonNode value) throws ConfigException {
            String v = value.asText();
            if (!choices.contains(v)) {
                throw ConfigException.schema(605, field + " in body should be one of " + choices.stream().sorted().toList());
            }
            return safeWord(field, value);
        }

        @Override
        public String schemaType() {
            return "string";
        }
    }

    /**
     * Two values in one word around a separator, as an object of two fields: {@code 1-3:5} ↔
     * {@code {"ranges":"1-3","size":5}}. Both parts are required; a word without the separator does not read.
     */
    record Pair(String separator, String first, Value firstType, String second, Value secondType) implements Value {
        @Override
        public JsonNode read(String word) {
            int at = word.lastIndexOf(separator);
            JsonNode a = at < 0 ? null : firstType.read(word.substring(0, at));
            JsonNode b = at < 0 ? null : secondType.read(word.substring(at + separator.length()));
            if (a == null || b == null) {
                return null;
            }
            ObjectNode both = JsonNodeFactory.instance.objectNode();
            both.set(first, a);
            both.set(second, b);
            return both;
        }

        @Override
        public String write(String field, JsonNode value) throws ConfigException {
            if (!value.isObject()) {
                throw ConfigException.wrongType(value, "Go struct field ." + field + " of type object");
            }
            for (String part : List.of(first, second)) {
                if (!value.hasNonNull(part)) {
                    throw ConfigException.schema(602, part + " in body is required");
                }
            }
            return firstType.write(first, value.get(first)) + separator + secondType.write(second, value.get(second));
        }

        @Override
        public String schemaType() {
            return "object";
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
            schema.putArray("required").add(first).add(second);
            ObjectNode props = schema.putObject("properties");
            props.set(first, firstType.schema());
            props.set(second, secondType.schema());
            return schema;
        }
    }

    /** A fixed word as {@code true}. */
    record Fixed(String word) implements Value {
        @Override
        public JsonNode read(String w) {
            return w.equals(word) ? BooleanNode.TRUE : null;
        }

        @Override
        public String write(String field, JsonNode value) {
            return value.asBoolean() ? word : null;
        }

        @Override
        public boolean isSet(String field, JsonNode value) {
            return value != null && value.asBoolean();
        }

        @Override
        public String schemaType() {
            return "boolean";
        }
    }

    /**
     * A single word, encoded so that HAProxy reads it back as it is. White space breaks the model's pattern
     * (422 with the validator's code, as the official answers).
     */
    private static String safeWord(String field, JsonNode value) throws ConfigException {
        String v = value.asText();
        if (v.isEmpty() || !NO_SPACE.matcher(v).matches()) {
            throw ConfigException.schema(605, field + " in body should match '^[^\\s]+$'");
        }
        return Words.encode(v);
    }

    /** A JSON value of another type where an integer belongs: the body cannot be decoded (400, as the official). */
    private static long integer(String field, JsonNode value) throws ConfigException {
        if (!value.isIntegralNumber()) {
            throw ConfigException.wrongType(value, "Go struct field ." + field + " of type int64");
        }
        return value.asLong();
    }

    Pattern NO_SPACE = Pattern.compile("\\S+");
    Set<String> CONDITIONS = Set.of("if", "unless");
    /** The JSON values of a directive that is on or off. */
    Value STATES = choice("enabled", "disabled");

    static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

}
