package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dpapi.model.Arg.Shape;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON field of a section model and the directive that carries it, e.g. {@code connect_timeout} ↔
 * {@code timeout connect 5000}: the directive's leading words, then one argument of the grammar (a word after the
 * keyword, the rest of the line, the keyword alone, or the keyword that {@code no} switches off) holding a
 * {@link Value}. A resource is a table of these; reading and writing both go through it.
 */
public record Field(String json, List<String> keyword, Shape shape, Value value) implements LineField {

    private static Field of(String json, String keyword, Shape shape, Value value) {
        return new Field(json, List.of(keyword.split(" ")), shape, value);
    }

    /** {@code keyword <word>}, one of {@code allowed} when given (a choice owns only lines holding one of them). */
    public static Field word(String json, String keyword, String... allowed) {
        return of(json, keyword, Shape.POSITIONAL, allowed.length == 0 ? Value.WORD : Value.choice(allowed));
    }

    /** {@code keyword <integer>}. */
    public static Field integer(String json, String keyword) {
        return of(json, keyword, Shape.POSITIONAL, Value.INTEGER);
    }

    /** {@code keyword <time>}: milliseconds in JSON, written without a unit. */
    public static Field time(String json, String keyword) {
        return of(json, keyword, Shape.POSITIONAL, Value.TIME);
    }

    /** Like {@link #time}, but HAProxy reads a bare number as seconds: written with an {@code ms} suffix. */
    public static Field secondsTime(String json, String keyword) {
        return of(json, keyword, Shape.POSITIONAL, Value.SECONDS);
    }

    /** {@code keyword <text...>}: the rest of the line, written quoted. */
    public static Field text(String json, String keyword) {
        return of(json, keyword, Shape.REST, Value.TEXT);
    }

    /** {@code keyword} present: JSON {@code true}. */
    public static Field flag(String json, String keyword) {
        return of(json, keyword, Shape.FLAG, Value.BOOLEAN);
    }

    /** {@code keyword} → "enabled", {@code no keyword} → "disabled". */
    public static Field onOff(String json, String keyword) {
        return of(json, keyword, Shape.NEGATABLE, Value.STATES);
    }

    /** {@code keyword} present → "enabled"; "disabled" or absent → no line (e.g. {@code daemon}). */
    public static Field present(String json, String keyword) {
        return of(json, keyword, Shape.FLAG, Value.ENABLED);
    }

    /** {@code keyword <word> <word>...}: the rest of the line as written (an expression, a command line). */
    public static Field words(String json, String keyword) {
        return of(json, keyword, Shape.REST, Value.EXPRESSION);
    }

    /** {@code keyword <word> <word>...} as a JSON array of the words. */
    public static Field wordList(String json, String keyword) {
        return of(json, keyword, Shape.REST, Value.WORD_LIST);
    }

    /** {@code keyword on|off} ↔ "enabled"/"disabled". */
    public static Field toggle(String json, String keyword) {
        return toggle(json, keyword, Value.ON_OFF);
    }

    /** {@code keyword on|off} ↔ the toggle's two JSON values. */
    static Field toggle(String json, String keyword, Value toggle) {
        return of(json, keyword, Shape.POSITIONAL, toggle);
    }

    @Override
    public Set<String> firstWords() {
        return shape == Shape.FLAG || shape == Shape.NEGATABLE ? Set.of(keyword.get(0), "no") : Set.of(keyword.get(0));
    }

    @Override
    public boolean owns(Line line) {
        List<String> w = line.words();
        int k = keyword.size();
        return switch (shape) {
            case FLAG, NEGATABLE -> w.equals(keyword)
                    || (w.size() == k + 1 && w.get(0).equals("no") && w.subList(1, w.size()).equals(keyword));
            default -> w.size() > k && w.subList(0, k).equals(keyword)
                    && (!(value instanceof Value.Choice c) || (w.size() == k + 1 && c.contains(w.get(k))));
        };
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        Line last = lastOwned(directives).orElse(null);
        if (last == null) {
            return;
        }
        List<String> w = last.words();
        boolean no = w.get(0).equals("no");
        JsonNode v = switch (shape) {
            case FLAG -> no ? null : value.read("");
            case NEGATABLE -> TextNode.valueOf(no ? "disabled" : "enabled");
            case REST -> value.readRest(last, keyword.size(), w.size());
            default -> value.read(w.get(keyword.size()));
        };
        if (v != null) {
            out.set(json, v);
        }
    }

    @Override
    public Optional<List<String>> words(JsonNode v) throws ConfigException {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(keyword);
        switch (shape) {
            case FLAG -> {
                if (!value.isSet(json, v)) {
                    return Optional.empty();
                }
            }
            case NEGATABLE -> {
                if (value.write(json, v).equals("disabled")) {
                    words.add(0, "no");
                }
            }
            default -> {
                String text = value.write(json, v);
                if (text == null) {
                    return Optional.empty();
                }
                words.add(text);
            }
        }
        return Optional.of(words);
    }
}
