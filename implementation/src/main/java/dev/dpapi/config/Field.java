package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSON field of a section model and the directive that carries it, e.g. {@code connect_timeout} ↔
 * {@code timeout connect 5000}. A resource is a table of these; reading and writing both go through it.
 */
public record Field(String json, Kind kind, List<String> keyword, Set<String> allowed) implements LineField {

    /** How the field's value sits in its directive. */
    public enum Kind {
        /** {@code keyword <word>}: a single word, optionally from {@link #allowed}. */
        WORD,
        /** {@code keyword <integer>}. */
        INT,
        /** {@code keyword <time>}: milliseconds in JSON, written without a unit. */
        TIME,
        /** Like TIME, but HAProxy reads a bare number as seconds: written with an {@code ms} suffix. */
        SECONDS_TIME,
        /** {@code keyword <text...>}: the rest of the line, written quoted. */
        TEXT,
        /** {@code keyword} present: JSON {@code true}. */
        FLAG,
        /** {@code keyword} → "enabled", {@code no keyword} → "disabled". */
        SWITCH,
        /** {@code keyword <value>} where the value is one of {@link #allowed}, e.g. {@code option httpclose}. */
        CHOICE,
        /** {@code keyword} present → "enabled"; "disabled" or absent → no line (e.g. {@code daemon}). */
        PRESENT,
        /** {@code keyword <word> <word>...}: the rest of the line as written (an expression, a command line). */
        WORDS,
        /** {@code keyword <word> <word>...} as a JSON array of the words. */
        LIST,
        /** {@code keyword on|off} ↔ "enabled"/"disabled". */
        TOGGLE,
        /** {@code keyword <word>} read as {@code {"<allowed's only entry>": word}}, e.g. balance.algorithm. */
        NESTED
    }

    private static final Pattern TIME = Pattern.compile("^(\\d+)(us|ms|s|m|h|d)?$");

    public static Field word(String json, String keyword, String... allowed) {
        return new Field(json, Kind.WORD, List.of(keyword.split(" ")), Set.of(allowed));
    }

    public static Field integer(String json, String keyword) {
        return new Field(json, Kind.INT, List.of(keyword.split(" ")), Set.of());
    }

    public static Field time(String json, String keyword) {
        return new Field(json, Kind.TIME, List.of(keyword.split(" ")), Set.of());
    }

    public static Field secondsTime(String json, String keyword) {
        return new Field(json, Kind.SECONDS_TIME, List.of(keyword.split(" ")), Set.of());
    }

    public static Field text(String json, String keyword) {
        return new Field(json, Kind.TEXT, List.of(keyword.split(" ")), Set.of());
    }

    public static Field flag(String json, String keyword) {
        return new Field(json, Kind.FLAG, List.of(keyword.split(" ")), Set.of());
    }

    public static Field onOff(String json, String keyword) {
        return new Field(json, Kind.SWITCH, List.of(keyword.split(" ")), Set.of("enabled", "disabled"));
    }

    public static Field present(String json, String keyword) {
        return new Field(json, Kind.PRESENT, List.of(keyword.split(" ")), Set.of("enabled", "disabled"));
    }

    public static Field words(String json, String keyword) {
        return new Field(json, Kind.WORDS, List.of(keyword.split(" ")), Set.of());
    }

    public static Field wordList(String json, String keyword) {
        return new Field(json, Kind.LIST, List.of(keyword.split(" ")), Set.of());
    }

    public static Field toggle(String json, String keyword) {
        return new Field(json, Kind.TOGGLE, List.of(keyword.split(" ")), Set.of("enabled", "disabled"));
    }

    public static Field choice(String json, String keyword, String... values) {
        return new Field(json, Kind.CHOICE, List.of(keyword.split(" ")), Set.of(values));
    }

    public static Field nested(String json, String keyword, String inner) {
        return new Field(json, Kind.NESTED, List.of(keyword.split(" ")), Set.of(inner));
    }

    @Override
    public Set<String> firstWords() {
        return switch (kind) {
            case FLAG, SWITCH -> Set.of(keyword.get(0), "no");
            default -> Set.of(keyword.get(0));
        };
    }

    @Override
    public boolean owns(Line line) {
        List<String> w = line.words();
        return switch (kind) {
            case PRESENT -> w.equals(keyword);
            case FLAG, SWITCH -> w.equals(keyword) || (w.size() == keyword.size() + 1 && w.get(0).equals("no")
                    && w.subList(1, w.size()).equals(keyword));
            case CHOICE -> w.size() == keyword.size() + 1 && w.subList(0, keyword.size()).equals(keyword)
                    && allowed.contains(w.get(keyword.size()));
            default -> w.size() > keyword.size() && w.subList(0, keyword.size()).equals(keyword);
        };
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        Line last = lastOwned(directives).orElse(null);
        if (last == null) {
            return;
        }
        List<String> w = last.words();
        String first = kind == Kind.FLAG || kind == Kind.SWITCH || kind == Kind.PRESENT ? "" : w.get(keyword.size());
        switch (kind) {
            case WORD, CHOICE -> out.put(json, first);
            case INT -> parseLong(first).ifPresent(v -> out.put(json, v));
            case TIME -> millis(first).ifPresent(v -> out.put(json, v));
            case SECONDS_TIME -> millis(first.matches("\\d+") ? first + "s" : first).ifPresent(v -> out.put(json, v));
            case TEXT -> out.put(json, String.join(" ", w.subList(keyword.size(), w.size())));
            case WORDS -> { // as written: quotes and escapes are part of the value
                List<Words.Token> tokens = Words.tokens(last.text());
                out.put(json, last.text().substring(tokens.get(keyword.size()).start(), tokens.get(tokens.size() - 1).end()));
            }
            case LIST -> w.subList(keyword.size(), w.size()).forEach(out.putArray(json)::add);
            case TOGGLE -> {
                if (first.equals("on") || first.equals("off")) {
                    out.put(json, first.equals("on") ? "enabled" : "disabled");
                }
            }
            case PRESENT -> out.put(json, "enabled");
            case FLAG -> {
                if (!w.get(0).equals("no")) {
                    out.put(json, true);
                }
            }
            case SWITCH -> out.put(json, w.get(0).equals("no") ? "disabled" : "enabled");
            case NESTED -> out.putObject(json).put(allowed.iterator().next(), first);
        }
    }

    @Override
    public Optional<List<String>> words(JsonNode value) throws ConfigException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(keyword);
        switch (kind) {
            case WORD, CHOICE -> words.add(checkedWord(value.asText()));
            case INT -> words.add(Long.toString(integer(value)));
            case TIME -> words.add(Long.toString(integer(value)));
            case SECONDS_TIME -> words.add(integer(value) + "ms");
            case TEXT -> words.add(quoted(value.asText()));
            case WORDS -> {
                words.addAll(expression(json, value.asText()));
                if (words.size() == keyword.size()) {
                    return Optional.empty();
                }
            }
            case LIST -> {
                if (!value.isArray()) {
                    throw new ConfigException(422, json + " in body must be of type array");
                }
                for (JsonNode word : value) {
                    words.add(safeWord(json, word.asText()));
                }
                if (value.isEmpty()) {
                    return Optional.empty();
                }
            }
            case TOGGLE -> words.add(checkedWord(value.asText()).equals("enabled") ? "on" : "off");
            case PRESENT -> {
                if (!checkedWord(value.asText()).equals("enabled")) {
                    return Optional.empty();
                }
            }
            case FLAG -> {
                if (!value.asBoolean()) {
                    return Optional.empty();
                }
            }
            case SWITCH -> {
                String v = checkedWord(value.asText());
                if (v.equals("disabled")) {
                    words.add(0, "no");
                }
            }
            case NESTED -> {
                JsonNode inner = value.get(allowed.iterator().next());
                if (inner == null || inner.isNull()) {
                    return Optional.empty();
                }
                words.add(Field.safeWord(json + "." + allowed.iterator().next(), inner.asText()));
            }
        }
        return Optional.of(words);
    }

    private String checkedWord(String v) throws ConfigException {
        if (!allowed.isEmpty() && kind != Kind.NESTED && !allowed.contains(v)) {
            throw ConfigException.schema(605, json + " in body should be one of " + allowed.stream().sorted().toList());
        }
        return safeWord(json, v);
    }

    private long integer(JsonNode value) throws ConfigException {
        if (!value.isIntegralNumber()) {
            throw Field.notInteger(json, value);
        }
        return value.asLong();
    }

    /**
     * A single word, encoded so that HAProxy reads it back as it is. White space breaks the model's pattern
     * (422 with the validator's code, as the official answers).
     */
    static String safeWord(String field, String v) throws ConfigException {
        if (v.isEmpty() || !v.matches("\\S+")) {
            throw ConfigException.schema(605, field + " in body should match '^[^\\s]+$'");
        }
        return Words.encode(v);
    }

    /**
     * An HAProxy expression or command line (several words), kept as written. Refused (400) when it would end the
     * directive: a line break, an open quote, or a '#' that starts a comment.
     */
    static List<String> expression(String field, String text) throws ConfigException {
        String stripped = text.strip();
        List<Words.Token> tokens = Words.tokens(stripped);
        boolean comment = tokens.isEmpty() ? !stripped.isEmpty() : tokens.get(tokens.size() - 1).end() != stripped.length();
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || comment || !Words.quotesClosed(stripped)) {
            throw new ConfigException(400, field + " in body would add directives or a comment to haproxy.cfg");
        }
        return tokens.isEmpty() ? List.of() : List.of(stripped);
    }

    /** Free text as one double-quoted HAProxy word (line breaks escaped, so they cannot end the directive). */
    static String quoted(String v) {
        return Words.quote(v);
    }

    /** A JSON value of another type where an integer belongs: the body cannot be decoded (400, as the official). */
    static ConfigException notInteger(String field, JsonNode value) {
        return ConfigException.wrongType(value, "Go struct field ." + field + " of type int64");
    }

    static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** HAProxy time to milliseconds: bare numbers are ms; us rounds up to 1 ms. */
    public static Optional<Long> millis(String s) {
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return Optional.of(switch (unit) {
            case "us" -> Math.max(1, n / 1000);
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            case "d" -> n * 86_400_000;
            default -> n;
        });
    }
}
