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
        args.stream().filter(a -> a.keyword() != null && a.shape() != Arg.Shape.PAIR
                        && a.shape() != Arg.Shape.SUFFIX && a.shape() != Arg.Shape.LEADING)
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
                case KEYWORD, VARIANT -> {
                    int k = find(w, used, a.keyword());
                    int v = k < 0 ? -1 : nextFree(used, k + 1);
                    if (v >= 0) {
                        used[k] = true;
                        used[v] = true;
                        if (a.shape() == Arg.Shape.VARIANT) {
                            readVariant(a, w.get(v), out);
                        } else {
                            a.read(w.get(v), out);
                        }
                    }
                }
                case EITHER -> {
                    int k = a.keyword() == null ? -1 : find(w, used, a.keyword());
                    int v = k < 0 ? -1 : nextFree(used, k + 1);
                    if (v >= 0) {
                        used[k] = true;
                        used[v] = true;
                        JsonNode n = a.value().read(w.get(v));
                        out.set(n != null ? a.json() : a.second(), n != null ? n : TextNode.valueOf(w.get(v)));
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
                            put(out, a.second(), a.secondValue().read(w.get(k)));
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
                    readPair(a, w.get(next), out);
                    next = nextFree(used, next + 1);
                }
                case LEADING -> {
                    int after = nextFree(used, next + 1);
                    if (after >= 0) { // alone, the word is the next argument's
                        put(out, a.json(), a.value().read(w.get(next)));
                        next = after;
                    }
                }
                default -> {
                    put(out, a.json(), a.value().read(w.get(next)));
                    next = nextFree(used, next + 1);
                }
            }
        }
    }

    /** The two fields of a PAIR's word; the whole word in the first when the second is not there. */
    private static void readPair(Arg a, String word, ObjectNode out) {
        boolean call = a.keyword().equals("(");
        int sep = a.secondType() == null ? word.indexOf(a.keyword()) : word.lastIndexOf(a.keyword());
        JsonNode second = sep < (call ? 1 : 0) || (call && !word.endsWith(")")) ? null
                : a.secondValue().read(word.substring(sep + 1, word.length() - (call ? 1 : 0)));
        if (second == null) {
            out.put(a.json(), word);
        } else {
            out.put(a.json(), word.substring(0, sep));
            out.set(a.second(), second);
        }
    }

    /** A VARIANT's word: its name alone, {@code name(<args>)}, or else the variant that is a PAIR. */
    private static void readVariant(Arg a, String word, ObjectNode out) {
        Map.Entry<String, List<Arg>> pair = null;
        for (Map.Entry<String, List<Arg>> v : a.variants().entrySet()) {
            List<Arg> parts = v.getValue();
            String name = v.getKey();
            if (parts.isEmpty() ? word.equals(name) : parts.get(0).shape() == Arg.Shape.CALL
                    && word.startsWith(name + "(") && word.endsWith(")")) {
                out.put(a.json(), name);
                if (!parts.isEmpty()) {
                    readCalls(parts, word.substring(name.length() + 1, word.length() - 1), out);
                }
                return;
            }
            if (!parts.isEmpty() && parts.get(0).shape() == Arg.Shape.PAIR) {
                pair = v;
            }
        }
        if (pair != null) {
            out.put(a.json(), pair.getKey());
            readPair(pair.getValue().get(0), word, out);
        }
    }

    /** The comma-separated arguments in a word's parentheses: {@code sc-add-gpc(<idx>,<id>)}. */
    static void readCalls(List<Arg> calls, String inside, ObjectNode out) {
        if (calls.isEmpty()) {
            return;
        }
        String[] parts = inside.split(",", calls.size());
        for (int i = 0; i < parts.length; i++) {
            put(out, calls.get(i).json(), calls.get(i).value().read(parts[i]));
        }
    }

    /** The text in a word's parentheses for the model: the first argument always, the others when given. */
    static String writeCalls(List<Arg> calls, JsonNode m, String context) throws ConfigException {
        List<String> parts = new ArrayList<>();
        for (Arg call : calls) {
            if (parts.isEmpty() || m.hasNonNull(call.json())) {
                parts.add(call.value().write(context + call.json(), m.path(call.json())));
            }
        }
        return String.join(",", parts);
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
        boolean lastOne = false; // a LEADING word is missing: the positional after it is the last
        String filler = null; // a LEADING word is there: what stands for the positional after it when missing
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            JsonNode v = a.valueIn(m);
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
                        String key = a.secondType() != null
                                ? a.secondType().write(context + a.second(), m.path(a.second()))
                                : m.path(a.second()).asText("");
                        if (!a.keyed().containsKey(key)) {
                            throw ConfigException.schema(605, context + a.second() + " in body should be one of "
                                    + List.copyOf(a.keyed().keySet()));
                        }
                        options.add(key);
                        options.add(a.valueAfter(key).write(field, v));
                    }
                }
                case VARIANT -> {
                    if (!absent) {
                        List<Arg> parts = a.variants().get(v.asText());
                        if (parts == null) {
                            a.value().write(field, v); // refused: not one of the variants
                        }
                        options.add(a.keyword());
                        options.add(writeVariant(v.asText(), parts, m, context));
                    }
                }
                case LEADING -> {
                    if (absent) {
                        lastOne = true;
                    } else if (!positionalEnded) {
                        words.add(a.value().write(field, v));
                        filler = a.keyword();
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
                    List<String> to = a.keyword() == null ? words : options;
                    if (!absent || m.hasNonNull(a.second())) {
                        add(to, a.keyword());
                    }
                    if (!absent) {
                        to.add(a.value().write(field, v));
                    } else if (m.hasNonNull(a.second())) {
                        Value other = a.keyword() == null ? Value.EXPRESSION : Value.WORD;
                        add(to, other.write(context + a.second(), m.get(a.second())));
                    }
                }
                case POSITIONAL, REST, PAIR -> {
                    if (absent && filler != null && !positionalEnded) {
                        words.add(filler);
                    } else if (absent) {
                        positionalEnded = true; // positional words end at the first one missing
                    } else if (!positionalEnded) {
                        String text = a.shape() == Arg.Shape.PAIR ? pair(a, m, field, context) : a.value().write(field, v);
                        add(words, text == null ? filler : text);
                        positionalEnded = lastOne;
                    }
                    filler = null;
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

    private static String pair(Arg a, JsonNode m, String field, String context) throws ConfigException {
        JsonNode second = m.get(a.second());
        String text = m.path(a.json()).asText();
        if (second != null && !second.isNull()) {
            String part = a.secondType() == null ? second.asText() : a.secondType().write(context + a.second(), second);
            text += a.keyword() + part + (a.keyword().equals("(") ? ")" : "");
        } else if (a.keyword().equals(":") && a.secondType() == null) {
            text += ":"; // user: with no password
        }
        return a.value().write(field, TextNode.valueOf(text));
    }

    /** The word of a VARIANT for the model: its name, {@code name(<args>)}, or its PAIR. */
    private static String writeVariant(String name, List<Arg> parts, JsonNode m, String context) throws ConfigException {
        if (parts.isEmpty()) {
            return name;
        }
        Arg first = parts.get(0);
        return first.shape() == Arg.Shape.PAIR ? pair(first, m, context + first.json(), context)
                : name + "(" + writeCalls(parts, m, context) + ")";
    }

    private static void add(List<String> words, String text) {
        if (text != null) {
            words.add(text);
        }
    }
}
