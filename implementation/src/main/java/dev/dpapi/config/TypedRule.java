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
     * a value after one of several keywords, the keyword being a field of its own ({@code keyField}).
     */
    record Slot(String json, String keyword, Kind kind, String keyField, List<String> keywords) {
        /** REST takes every free word left; PAREN is the argument in the type word, as in set-map(<file>). */
        enum Kind { WORD, INT, TIME, REST, PAREN, KEYED }

        Slot(String json, String keyword, Kind kind) {
            this(json, keyword, kind, null, List.of());
        }

        static Slot keyed(String keyField, String json, String... keywords) {
            return new Slot(json, null, Kind.KEYED, keyField, List.of(keywords));
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

        static Slot rest(String json) {
            return new Slot(json, null, Kind.REST);
        }

        static Slot paren(String json) {
            return new Slot(json, null, Kind.PAREN);
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
        return paren > 0 && types.containsKey(word.substring(0, paren)) ? Optional.of(word.substring(0, paren))
                : Optional.empty();
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
            Optional<Slot> paren = slots.stream().filter(sl -> sl.kind() == Slot.Kind.PAREN).findFirst();
            if (paren.isPresent() && argument.isPresent()) {
                put(out, paren.get(), argument.get());
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
        if (conditions) {
            for (int i = at; i < w.size(); i++) {
                if (w.get(i).equals("if") || w.get(i).equals("unless")) {
                    out.put("cond", w.get(i));
                    out.put("cond_test", String.join(" ", w.subList(i + 1, w.size())));
                    end = i;
                    break;
                }
            }
        }
        List<String> free = new ArrayList<>(w.subList(at, end));
        for (Slot s : slots) { // keyword slots first: what is left are the positional words
            if (s.kind() == Slot.Kind.KEYED) {
                for (int k = 0; k + 1 < free.size(); k++) {
                    if (s.keywords().contains(free.get(k))) {
                        out.put(s.keyField(), free.get(k));
                        out.put(s.json(), free.get(k + 1));
                        free.remove(k + 1);
                        free.remove(k);
                        break;
                    }
                }
            } else if (s.keyword() != null) {
                int k = free.indexOf(s.keyword());
                if (k >= 0 && k + 1 < free.size()) {
                    put(out, s, free.get(k + 1));
                    free.remove(k + 1);
                    free.remove(k);
                }
            }
        }
        for (Slot s : slots) {
            if (s.keyword() == null && s.kind() != Slot.Kind.PAREN && s.kind() != Slot.Kind.KEYED && !free.isEmpty()) {
                put(out, s, s.kind() == Slot.Kind.REST ? String.join(" ", free) : free.get(0));
                free = s.kind() == Slot.Kind.REST ? new ArrayList<>() : new ArrayList<>(free.subList(1, free.size()));
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
                throw new ConfigException(422, typeField + " in body should be one of " + types.keySet());
            }
            Optional<Slot> paren = slots.stream().filter(sl -> sl.kind() == Slot.Kind.PAREN).findFirst();
            if (paren.isPresent()) {
                if (!m.hasNonNull(paren.get().json())) {
                    throw new ConfigException(422, paren.get().json() + " in body is required");
                }
                w.add(type + "(" + Field.safeWord(paren.get().json(), m.get(paren.get().json()).asText()) + ")");
            } else if (m.hasNonNull("var_name") && (type.equals("set-var") || type.equals("unset-var"))) {
                w.add(type + "(" + Field.safeWord("var_scope", m.path("var_scope").asText("txn")) + "."
                        + Field.safeWord("var_name", m.get("var_name").asText()) + ")");
            } else {
                w.add(type);
            }
        } else {
            slots = types.values().iterator().next();
        }
        List<String> options = new ArrayList<>();
        for (Slot s : slots) {
            JsonNode v = m.get(s.json());
            if (v == null || v.isNull() || s.kind() == Slot.Kind.PAREN) {
                continue;
            }
            if (s.kind() == Slot.Kind.KEYED) {
                String key = m.path(s.keyField()).asText("");
                if (!s.keywords().contains(key)) {
                    throw new ConfigException(422, s.keyField() + " in body should be one of " + s.keywords());
                }
                options.add(key);
                options.add(key.endsWith("string") ? Field.quoted(v.asText()) : Field.safeWord(s.json(), v.asText()));
                continue;
            }
            List<String> value = switch (s.kind()) {
                case WORD -> List.of(Field.safeWord(s.json(), v.asText()));
                case INT, TIME -> {
                    if (!v.isIntegralNumber()) {
                        throw new ConfigException(422, s.json() + " in body must be of type integer: \"" + v.asText() + "\"");
                    }
                    yield List.of(Long.toString(v.asLong()));
                }
                case REST -> RuleModel.expression(s.json(), v.asText());
                case PAREN, KEYED -> List.of();
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
                throw new ConfigException(422, "cond in body should be one of [if unless]");
            }
            w.add(cond);
            w.addAll(RuleModel.expression("cond_test", m.path("cond_test").asText("")));
        }
        return w;
    }

    private static void put(ObjectNode out, Slot s, String value) {
        switch (s.kind()) {
            case WORD, REST -> out.put(s.json(), value);
            case PAREN -> Field.parseLong(value).ifPresentOrElse(v -> out.put(s.json(), v), () -> out.put(s.json(), value));
            case INT -> Field.parseLong(value).ifPresentOrElse(v -> out.put(s.json(), v), () -> out.put(s.json(), value));
            case TIME -> Field.millis(value).ifPresent(v -> out.put(s.json(), v));
        }
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
