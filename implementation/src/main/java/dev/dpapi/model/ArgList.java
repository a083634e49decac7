package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a directive after its leading words, and the one way they are read and written. Reading: an
 * {@code if|unless} condition ends the arguments; keyword arguments take their words wherever they are; the words
 * left fill the positional arguments in order. Writing: positional arguments in order (the first missing one ends
 * them), then keyword arguments in table order, then the condition.
 */
record ArgList(List<Arg> args, Arg condition, int lastPositional, Map<String, Arg> byKeyword) {

    static ArgList of(List<Arg> args) {
        Map<String, Arg> byKeyword = new HashMap<>();
        args.stream().filter(a -> a.keyword() != null && a.shape() != Arg.Shape.PAIR)
                .forEach(a -> byKeyword.putIfAbsent(a.keyword(), a));
        Arg condition = null;
        int lastPositional = -1; // keyword arguments before it are written in place (log ... format raw local0)
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).shape() == Arg.Shape.CONDITION) {
                condition = args.get(i);
            } else if (args.get(i).shape() == Arg.Shape.POSITIONAL) {
                lastPositional = i;
            }
        }
        return new ArgList(List.copyOf(args), condition, lastPositional, Map.copyOf(byKeyword));
    }

    /** Reads words {@code at} onwards of the line into {@code out}. */
    void read(Line line, int at, ObjectNode out) {
        List<String> w = line.words();
        int end = w.size();
        if (condition != null) {
            for (int i = at; i < w.size(); i++) {
                if (Value.CONDITIONS.contains(w.get(i))) {
                    out.put(condition.json(), w.get(i));
                    out.set(condition.test(), Value.EXPRESSION.readRest(line, i + 1, w.size()));
                    end = i;
                    break;
                }
            }
        }
        boolean[] used = new boolean[end]; // the words read so far
        for (int i = 0; i < at && i < end; i++) {
            used[i] = true;
        }
        for (Arg a : args) { // keyword arguments first: what is left are the positional words
            switch (a.shape()) {
                case LITERAL -> {
                    int k = nextFree(used, at);
                    if (k >= 0 && w.get(k).equals(a.keyword())) {
                        used[k] = true;
                    }
                }
                case FLAG -> {
                    int k = find(w, used, a.keyword());
                    if (k >= 0) {
                        used[k] = true;
                        a.read("", out);
                    }
                }
                case KEYWORD -> {
                    int k = find(w, used, a.keyword());
                    int v = k < 0 ? -1 : nextFree(used, k + 1);
                    if (v >= 0) {
                        used[k] = true;
                        used[v] = true;
                        a.read(w.get(v), out);
                    }
                }
                case ONE_OF -> {
                    for (int k = nextFree(used, at); k >= 0; k = nextFree(used, k + 1)) {
                        if (a.keyed().containsKey(w.get(k))) {
                            used[k] = true;
                            out.put(a.json(), w.get(k));
                            break;
                        }
                    }
                }
                case KEYED -> {
                    for (int k = nextFree(used, at); k >= 0; k = nextFree(used, k + 1)) {
                        int v = nextFree(used, k + 1);
                        if (v >= 0 && a.keyed().containsKey(w.get(k))) {
                            used[k] = true;
                            used[v] = true;
                            out.put(a.second(), w.get(k));
                            put(out, a.json(), a.valueAfter(w.get(k)).read(w.get(v)));
                            break;
                        }
                    }
                }
                case REPEATED -> {
                    for (int k = find(w, used, a.keyword()); k >= 0; k = find(w, used, a.keyword())) {
                        int[] parts = new int[a.keyed().size()];
                        int last = k;
                        for (int p = 0; p < parts.length && last >= 0; p++) {
                            last = parts[p] = nextFree(used, last + 1);
                        }
                        if (last < 0) {
                            break; // the keyword without all its parts: not this argument
                        }
                        ArrayNode items = out.has(a.json()) ? (ArrayNode) out.get(a.json()) : out.putArray(a.json());
                        ObjectNode item = items.addObject();
                        int p = 0;
                        for (Map.Entry<String, Value> part : a.keyed().entrySet()) {
                            put(item, part.getKey(), part.getValue().read(w.get(parts[p])));
                            used[parts[p++]] = true;
                        }
                        used[k] = true;
                    }
                }
                default -> {
                }
            }
        }
        int next = nextFree(used, at);
        for (Arg a : args) {
            if (next < 0) {
                break;
            }
            if (!a.positional()) {
                continue;
            }
            switch (a.shape()) {
                case REST -> {
                    put(out, a.json(), rest(line, used, next, a.value()));
                    next = -1;
                }
                case EITHER -> {
                    JsonNode v = rest(line, used, next, Value.EXPRESSION);
                    JsonNode n = a.value().read(v.asText());
                    out.set(n != null ? a.json() : a.second(), n != null ? n : v);
                    next = -1;
                }
                case PAIR -> {
                    String word = w.get(next);
                    int sep = word.indexOf(a.keyword());
                    boolean closed = !a.keyword().equals("(") || word.endsWith(")");
                    if (sep < 0 || (sep == 0 && a.keyword().equals("(")) || !closed) {
                        out.put(a.json(), word);
                    } else {
                        out.put(a.json(), word.substring(0, sep));
                        out.put(a.second(), word.substring(sep + 1, word.length() - (a.keyword().equals("(") ? 1 : 0)));
                    }
                    next = nextFree(used, next + 1);
                }
                default -> {
                    put(out, a.json(), a.value().read(w.get(next)));
                    next = nextFree(used, next + 1);
                }
            }
        }
    }

    /**
     * The free words from {@code from} on as one value: read from the line when they follow each other (an
     * expression keeps its quotes), else from their values joined by a space.
     */
    private static JsonNode rest(Line line, boolean[] used, int from, Value value) {
        int last = from;
        boolean contiguous = true;
        for (int i = from + 1; i < used.length; i++) {
            if (!used[i]) {
                contiguous &= last == i - 1;
                last = i;
            }
        }
        if (contiguous) {
            return value.readRest(line, from, last + 1);
        }
        List<String> words = new ArrayList<>();
        for (int i = from; i <= last; i++) {
            if (!used[i]) {
                words.add(line.words().get(i));
            }
        }
        return value.read(String.join(" ", words));
    }

    private static void put(ObjectNode out, String field, JsonNode value) {
        if (value != null) {
            out.set(field, value);
        }
    }

    private static int nextFree(boolean[] used, int from) {
        for (int i = from; i < used.length; i++) {
            if (!used[i]) {
                return i;
            }
        }
        return -1;
    }

    private static int find(List<String> w, boolean[] used, String word) {
        for (int i = 0; i < used.length; i++) {
            if (!used[i] && w.get(i).equals(word)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Appends the words of the model's arguments to {@code words}; {@code context} prefixes field names in refusals
     * (e.g. {@code redispatch.}).
     */
    void write(JsonNode m, String context, List<String> words) throws ConfigException {
        List<String> options = new ArrayList<>();
        boolean positionalEnded = false;
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            JsonNode v = a.json() == null ? null : m.get(a.json());
            boolean absent = v == null || v.isNull();
            String field = context + a.json();
            if (a.required() && absent) {
                throw ConfigException.schema(602, field + " in body is required");
            }
            switch (a.shape()) {
                case LITERAL -> words.add(a.keyword());
                case KEYWORD, FLAG -> (i < lastPositional && a.shape() == Arg.Shape.KEYWORD ? words : options)
                        .addAll(a.words(field, v));
                case ONE_OF -> {
                    if (!absent) {
                        options.add(a.value().write(field, v));
                    }
                }
                case KEYED -> {
                    if (!absent) {
                        String key = m.path(a.second()).asText("");
                        if (!a.keyed().containsKey(key)) {
                            throw ConfigException.schema(605, context + a.second() + " in body should be one of "
                                    + List.copyOf(a.keyed().keySet()));
                        }
                        options.add(key);
                        options.add(a.valueAfter(key).write(field, v));
                    }
                }
                case REPEATED -> {
                    if (!absent) {
                        for (JsonNode item : v) {
                            options.add(a.keyword());
                            for (Map.Entry<String, Value> part : a.keyed().entrySet()) {
                                options.add(part.getValue().write(field + "." + part.getKey(), item.path(part.getKey())));
                            }
                        }
                    }
                }
                case EITHER -> {
                    if (!absent) {
                        words.add(a.value().write(field, v));
                    } else if (m.hasNonNull(a.second())) {
                        add(words, Value.EXPRESSION.write(context + a.second(), m.get(a.second())));
                    }
                }
                case POSITIONAL, REST, PAIR -> {
                    if (absent) {
                        positionalEnded = true; // positional words end at the first one missing
                    } else if (!positionalEnded) {
                        add(words, a.shape() == Arg.Shape.PAIR ? pair(a, m, field) : a.value().write(field, v));
                    }
                }
                default -> {
                }
            }
        }
        words.addAll(options);
        if (condition != null && m.hasNonNull(condition.json())) {
            String c = m.get(condition.json()).asText();
            if (!Value.CONDITIONS.contains(c)) {
                throw ConfigException.schema(605, condition.json() + " in body should be one of [if unless]");
            }
            words.add(c);
            add(words, Value.EXPRESSION.write(condition.test(), m.path(condition.test())));
        }
    }

    private static String pair(Arg a, JsonNode m, String field) throws ConfigException {
        JsonNode second = m.get(a.second());
        String text = m.get(a.json()).asText();
        if (second != null && !second.isNull()) {
            text += a.keyword() + second.asText() + (a.keyword().equals("(") ? ")" : "");
        } else if (a.keyword().equals(":")) {
            text += ":";
        }
        return a.value().write(field, TextNode.valueOf(text));
    }

    private static void add(List<String> words, String text) {
        if (text != null) {
            words.add(text);
        }
    }
}
