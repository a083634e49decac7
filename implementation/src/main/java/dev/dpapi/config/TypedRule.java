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
 * A directive family of the form {@code <prefix> [<type>] <args...> [if|unless <condition>]}, described by a
 * table: per type, the slots its arguments fill. E.g. {@code http-request redirect location /x code 301}:
 * type {@code redirect}, slots redir_type, redir_value, {@code code} → redir_code.
 */
record TypedRule(List<String> prefix, String typeField, Map<String, List<Slot>> types, boolean conditions)
        implements LineCodec {

    /**
     * Where an argument sits: the next free word, after a keyword, or every free word left. A KEYED slot is
     * a value after one of several keywords, the keyword being a field of its own ({@code keyField}). A
     * {@code required} slot's field must be in the model.
     */
    record Slot(String json, String keyword, Kind kind, String keyField, List<String> keywords, boolean required) {
        /**
         * TEXT is one word written quoted (free text); REST takes every free word left; PAREN is an argument in
         * the type word, as in set-map(<file>), read as a number when it is one (PAREN_TEXT: always text); several
         * share the parentheses, comma-separated; SUFFIX is the part after the type's dot, as in lua.<action>;
         * FLAG is a keyword alone (true when present); HEADERS collects every {@code hdr <name> <fmt>};
         * EITHER is the rest as an integer ({@code json}) or else an expression ({@code keyField}); LITERAL is a
         * fixed word that carries no field ({@code keyword}), as in expect-proxy layer4.
         */
        enum Kind { WORD, TEXT, INT, TIME, REST, PAREN, PAREN_TEXT, KEYED, SUFFIX, FLAG, HEADERS, EITHER, LITERAL }

        Slot(String json, String keyword, Kind kind) {
            this(json, keyword, kind, null, List.of(), false);
        }

        /** The same slot, its field required. */
        Slot mandatory() {
            return new Slot(json, keyword, kind, keyField, keywords, true);
        }

        static Slot keyed(String keyField, String json, String... keywords) {
            return new Slot(json, null, Kind.KEYED, keyField, List.of(keywords), false);
        }

        static Slot word(String json) {
            return new Slot(json, null, Kind.WORD);
        }

        static Slot integer(String json) {
            return new Slot(json, null, Kind.INT);
        }

        static Slot time(String json) {
            return new Slot(json, null, Kind.TIME);
        }

        /** One word of free text, quoted as needed. */
        static Slot text(String json) {
            return new Slot(json, null, Kind.TEXT);
        }

        static Slot rest(String json) {
            return new Slot(json, null, Kind.REST);
        }

        static Slot paren(String json) {
            return new Slot(json, null, Kind.PAREN);
        }

        static Slot parenText(String json) {
            return new Slot(json, null, Kind.PAREN_TEXT);
        }

        boolean inParens() {
            return kind == Kind.PAREN || kind == Kind.PAREN_TEXT;
        }

        static Slot literal(String word) {
            return new Slot(null, word, Kind.LITERAL);
        }

        static Slot suffix(String json) {
            return new Slot(json, null, Kind.SUFFIX);
        }

        static Slot flag(String json, String keyword) {
            return new Slot(json, keyword, Kind.FLAG);
        }

        static Slot headers(String json) {
            return new Slot(json, "hdr", Kind.HEADERS);
        }

        static Slot either(String intJson, String exprJson) {
            return new Slot(intJson, null, Kind.EITHER, exprJson, List.of(), false);
        }

        static Slot after(String keyword, String json, Kind kind) {
            return new Slot(json, keyword, kind);
        }
    }

    /** A table entry: type name and its slots. */
    static Map.Entry<String, List<Slot>> type(String name, Slot... slots) {
        return Map.entry(name, List.of(slots));
    }

    @SafeVarargs
    static TypedRule of(String prefix, String typeField, boolean conditions, Map.Entry<String, List<Slot>>... types) {
        return of(prefix, typeField, conditions, List.of(types));
    }

    /** A table from groups of types, so that families share the actions they have in common. */
    @SafeVarargs
    static TypedRule of(String prefix, String typeField, boolean conditions, List<Map.Entry<String, List<Slot>>>... groups) {
        Map<String, List<Slot>> table = new LinkedHashMap<>();
        for (List<Map.Entry<String, List<Slot>>> group : groups) {
            group.forEach(t -> table.put(t.getKey(), t.getValue()));
        }
        return new TypedRule(List.of(prefix.split(" ")), typeField, table, conditions);
    }

    @Override
    public String keyword() {
        return String.join(" ", prefix);
    }

    @Override
    public boolean matches(Line l) {
        List<String> w = l.words();
        if (w.size() < prefix.size() || !w.subList(0, prefix.size()).equals(prefix)) {
            return false;
        }
        return typeField == null || (w.size() > prefix.size() && typeOf(w.get(prefix.size())).isPresent());
    }

    /** The table's type for a type word; {@code set-var(txn.x)} is the type {@code set-var}. */
    private Optional<String> typeOf(String word) {
        if (types.containsKey(word)) {
            return Optional.of(word);
        }
        int paren = word.indexOf('(');
        if (paren > 0 && types.containsKey(word.substring(0, paren))) {
            return Optional.of(word.substring(0, paren));
        }
        int dot = word.indexOf('.');
        return dot > 0 && types.containsKey(word.substring(0, dot))
                && types.get(word.substring(0, dot)).stream().anyMatch(sl -> sl.kind() == Slot.Kind.SUFFIX)
                ? Optional.of(word.substring(0, dot)) : Optional.empty();
    }

    @Override
    public ObjectNode read(Line l) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        List<String> w = l.words();
        int at = prefix.size();
        List<Slot> slots;
        if (typeField != null) {
            String typeWord = w.get(at++);
            String type = typeOf(typeWord).orElseThrow();
            out.put(typeField, type);
            slots = types.get(type);
            Optional<String> argument = argument(typeWord);
            List<Slot> parens = slots.stream().filter(Slot::inParens).toList();
            Optional<Slot> suffix = slots.stream().filter(sl -> sl.kind() == Slot.Kind.SUFFIX).findFirst();
            if (suffix.isPresent()) {
                out.put(suffix.get().json(), typeWord.substring(type.length() + 1));
            } else if (!parens.isEmpty() && argument.isPresent()) {
                String[] parts = argument.get().split(",", parens.size());
                for (int i = 0; i < parts.length; i++) {
                    put(out, parens.get(i), parts[i]);
                }
            } else {
                variable(typeWord).ifPresent(v -> {
                    out.put("var_scope", v[0]);
                    out.put("var_name", v[1]);
                });
            }
        } else {
            slots = types.values().iterator().next();
        }
        int end = w.size();
        List<Words.Token> tokens = Words.tokens(l.text()); // for expressions, read as written
        if (conditions) {
            for (int i = at; i < w.size(); i++) {
                if (w.get(i).equals("if") || w.get(i).equals("unless")) {
                    out.put("cond", w.get(i));
                    out.put("cond_test", raw(l, tokens, i + 1, w.size()));
                    end = i;
                    break;
                }
            }
        }
        List<Integer> free = new ArrayList<>(); // the positions of the words not read yet
        for (int i = at; i < end; i++) {
            free.add(i);
        }
        for (Slot s : slots) { // keyword slots first: what is left are the positional words
            if (s.kind() == Slot.Kind.LITERAL) {
                if (!free.isEmpty() && w.get(free.get(0)).equals(s.keyword())) {
                    free.remove(0);
                }
            } else if (s.kind() == Slot.Kind.FLAG) {
                int k = indexOf(w, free, s.keyword());
                if (k >= 0) {
                    free.remove(k);
                    out.put(s.json(), true);
                }
            } else if (s.kind() == Slot.Kind.HEADERS) {
                for (int k = indexOf(w, free, "hdr"); k >= 0 && k + 2 < free.size(); k = indexOf(w, free, "hdr")) {
                    (out.has(s.json()) ? (com.fasterxml.jackson.databind.node.ArrayNode) out.get(s.json())
                            : out.putArray(s.json())).addObject().put("name", w.get(free.get(k + 1)))
                            .put("fmt", w.get(free.get(k + 2)));
                    free.subList(k, k + 3).clear();
                }
            } else if (s.kind() == Slot.Kind.KEYED) {
                for (int k = 0; k + 1 < free.size(); k++) {
                    if (s.keywords().contains(w.get(free.get(k)))) {
                        out.put(s.keyField(), w.get(free.get(k)));
                        out.put(s.json(), w.get(free.get(k + 1)));
                        free.remove(k + 1);
                        free.remove(k);
                        break;
                    }
                }
            } else if (s.keyword() != null) {
                int k = indexOf(w, free, s.keyword());
                if (k >= 0 && k + 1 < free.size()) {
                    put(out, s, w.get(free.get(k + 1)));
                    free.remove(k + 1);
                    free.remove(k);
                }
            }
        }
        for (Slot s : slots) {
            if (s.keyword() == null && !free.isEmpty() && switch (s.kind()) {
                case PAREN, PAREN_TEXT, KEYED, SUFFIX -> false;
                default -> true;
            }) {
                boolean rest = s.kind() == Slot.Kind.REST || s.kind() == Slot.Kind.EITHER;
                put(out, s, rest ? rest(l, tokens, w, free) : w.get(free.get(0)));
                free = rest ? new ArrayList<>() : new ArrayList<>(free.subList(1, free.size()));
            }
        }
        return out;
    }

    @Override
    public List<String> words(JsonNode m) throws ConfigException {
        List<String> w = new ArrayList<>(prefix);
        List<Slot> slots;
        if (typeField != null) {
            String type = m.path(typeField).asText("");
            slots = types.get(type);
            if (slots == null) {
                throw ConfigException.schema(605, typeField + " in body should be one of " + types.keySet());
            }
            List<Slot> parens = slots.stream().filter(Slot::inParens).toList();
            Optional<Slot> suffix = slots.stream().filter(sl -> sl.kind() == Slot.Kind.SUFFIX).findFirst();
            if (suffix.isPresent()) {
                if (!m.hasNonNull(suffix.get().json())) {
                    throw ConfigException.schema(602, suffix.get().json() + " in body is required");
                }
                w.add(type + "." + Field.safeWord(suffix.get().json(), m.get(suffix.get().json()).asText()));
            } else if (!parens.isEmpty()) {
                if (!m.hasNonNull(parens.get(0).json())) {
                    throw ConfigException.schema(602, parens.get(0).json() + " in body is required");
                }
                List<String> parts = new ArrayList<>();
                for (Slot p : parens) {
                    if (m.hasNonNull(p.json())) {
                        parts.add(Field.safeWord(p.json(), m.get(p.json()).asText()));
                    }
                }
                w.add(type + "(" + String.join(",", parts) + ")");
            } else if (m.hasNonNull("var_name") && (type.equals("set-var") || type.equals("set-var-fmt")
                    || type.equals("unset-var"))) {
                w.add(type + "(" + Field.safeWord("var_scope", m.path("var_scope").asText("txn")) + "."
                        + Field.safeWord("var_name", m.get("var_name").asText()) + ")");
            } else {
                w.add(type);
            }
        } else {
            slots = types.values().iterator().next();
        }
        List<String> options = new ArrayList<>();
        int lastPositional = -1; // keyword options before a positional word are written in place (log ... format raw local0)
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (s.keyword() == null && switch (s.kind()) {
                case WORD, TEXT, INT, TIME -> true;
                default -> false;
            }) {
                lastPositional = i;
            }
        }
        for (Slot s : slots) {
            if (slots.indexOf(s) < lastPositional && s.keyword() != null && s.kind() != Slot.Kind.FLAG) {
                JsonNode v = m.get(s.json());
                if (v != null && !v.isNull()) {
                    w.add(s.keyword());
                    w.add(switch (s.kind()) {
                        case INT, TIME -> {
                            if (!v.isIntegralNumber()) {
                                throw Field.notInteger(s.json(), v);
                            }
                            yield Long.toString(v.asLong());
                        }
                        default -> Field.safeWord(s.json(), v.asText());
                    });
                }
                continue;
            }
            if (s.kind() == Slot.Kind.LITERAL) {
                w.add(s.keyword());
                continue;
            }
            JsonNode v = m.get(s.json());
            if (s.required() && (v == null || v.isNull())) {
                throw ConfigException.schema(602, s.json() + " in body is required");
            }
            if (s.kind() == Slot.Kind.EITHER && (v == null || v.isNull())) {
                v = m.get(s.keyField());
                if (v != null && !v.isNull()) {
                    w.addAll(Field.expression(s.keyField(), v.asText()));
                }
                continue;
            }
            if (v == null || v.isNull() || s.inParens() || s.kind() == Slot.Kind.SUFFIX) {
                continue;
            }
            if (s.kind() == Slot.Kind.FLAG) {
                if (v.asBoolean()) {
                    options.add(s.keyword());
                }
                continue;
            }
            if (s.kind() == Slot.Kind.HEADERS) {
                for (JsonNode h : v) {
                    options.add("hdr");
                    options.add(Field.safeWord(s.json() + ".name", h.path("name").asText()));
                    String fmt = h.path("fmt").asText();
                    options.add(fmt.matches("[^\\s#'\"\\\\]+") ? fmt : Field.quoted(fmt));
                }
                continue;
            }
            if (s.kind() == Slot.Kind.KEYED) {
                String key = m.path(s.keyField()).asText("");
                if (!s.keywords().contains(key)) {
                    throw ConfigException.schema(605, s.keyField() + " in body should be one of " + s.keywords());
                }
                options.add(key);
                options.add(key.endsWith("string") ? Field.quoted(v.asText()) : Field.safeWord(s.json(), v.asText()));
                continue;
            }
            List<String> value = switch (s.kind()) {
                case WORD -> List.of(Field.safeWord(s.json(), v.asText()));
                case TEXT -> List.of(Field.quoted(v.asText()));
                case INT, TIME, EITHER -> {
                    if (!v.isIntegralNumber()) {
                        throw Field.notInteger(s.json(), v);
                    }
                    yield List.of(Long.toString(v.asLong()));
                }
                case REST -> Field.expression(s.json(), v.asText());
                case PAREN, PAREN_TEXT, KEYED, SUFFIX, FLAG, HEADERS, LITERAL -> List.of();
            };
            if (s.keyword() == null) {
                w.addAll(value);
            } else if (!value.isEmpty()) {
                options.add(s.keyword());
                options.addAll(value);
            }
        }
        w.addAll(options);
        if (conditions && m.hasNonNull("cond")) {
            String cond = m.get("cond").asText();
            if (!cond.equals("if") && !cond.equals("unless")) {
                throw ConfigException.schema(605, "cond in body should be one of [if unless]");
            }
            w.add(cond);
            w.addAll(Field.expression("cond_test", m.path("cond_test").asText("")));
        }
        return w;
    }

    private static void put(ObjectNode out, Slot s, String value) {
        switch (s.kind()) {
            case WORD, TEXT, REST, SUFFIX, FLAG, HEADERS, KEYED, PAREN_TEXT -> out.put(s.json(), value);
            case EITHER -> Field.parseLong(value).ifPresentOrElse(v -> out.put(s.json(), v),
                    () -> out.put(s.keyField(), value));
            case PAREN -> Field.parseLong(value).ifPresentOrElse(v -> out.put(s.json(), v), () -> out.put(s.json(), value));
            case INT -> Field.parseLong(value).ifPresentOrElse(v -> out.put(s.json(), v), () -> out.put(s.json(), value));
            case TIME -> Field.millis(value).ifPresent(v -> out.put(s.json(), v));
        }
    }

    private static int indexOf(List<String> words, List<Integer> positions, String word) {
        for (int k = 0; k < positions.size(); k++) {
            if (words.get(positions.get(k)).equals(word)) {
                return k;
            }
        }
        return -1;
    }

    /** The raw text of words {@code from} to {@code to} (exclusive): an expression as written. */
    private static String raw(Line l, List<Words.Token> tokens, int from, int to) {
        return from >= to ? "" : l.text().substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }

    /** The words left, as written when they follow each other on the line, else their values joined. */
    private static String rest(Line l, List<Words.Token> tokens, List<String> w, List<Integer> free) {
        if (free.get(free.size() - 1) - free.get(0) == free.size() - 1) {
            return raw(l, tokens, free.get(0), free.get(free.size() - 1) + 1);
        }
        return String.join(" ", free.stream().map(w::get).toList());
    }

    /** The argument in a type word's parentheses: {@code set-map(/x.map)} → {@code /x.map}. */
    private static Optional<String> argument(String typeWord) {
        int open = typeWord.indexOf('(');
        return open > 0 && typeWord.endsWith(")") ? Optional.of(typeWord.substring(open + 1, typeWord.length() - 1))
                : Optional.empty();
    }

    /** {@code set-var(txn.name)} → {txn, name}. */
    private static Optional<String[]> variable(String typeWord) {
        int open = typeWord.indexOf('(');
        int dot = typeWord.indexOf('.', open);
        if (open < 0 || dot < 0 || !typeWord.endsWith(")")) {
            return Optional.empty();
        }
        return Optional.of(new String[] {typeWord.substring(open + 1, dot), typeWord.substring(dot + 1, typeWord.length() - 1)});
    }
}
