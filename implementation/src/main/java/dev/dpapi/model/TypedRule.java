package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A directive family of the form {@code <prefix> [<type>] <args...> [if|unless <condition>]}, described by a
 * table: per type, its {@link Arg}s. E.g. {@code http-request redirect location /x code 301}: type
 * {@code redirect}, arguments redir_type, redir_value, {@code code} → redir_code.
 */
record TypedRule(List<String> prefix, String typeField, Map<String, Type> types) implements LineCodec {

    /** The types whose type word names a variable: {@code set-var(txn.name)}. */
    static final Set<String> VARIABLE_TYPES = Set.of("set-var", "set-var-fmt", "unset-var");

    /** A type's arguments: those in its type word (parentheses, dot suffix), and those after it. */
    record Type(ArgList args, List<Arg> calls, Arg suffix) {
        static Type of(List<Arg> args, boolean conditions) {
            List<Arg> all = new ArrayList<>(args);
            if (conditions) {
                all.add(Arg.condition("cond"));
            }
            return new Type(ArgList.of(all), args.stream()
                    .filter(a -> a.shape() == Arg.Shape.CALL || a.shape() == Arg.Shape.OPTIONAL_CALL).toList(),
                    args.stream().filter(a -> a.shape() == Arg.Shape.SUFFIX).findFirst().orElse(null));
        }
    }

    /** A table entry: type name and its arguments. */
    static Map.Entry<String, List<Arg>> type(String name, Arg... args) {
        return Map.entry(name, List.of(args));
    }

    @SafeVarargs
    static TypedRule of(String prefix, String typeField, boolean conditions, Map.Entry<String, List<Arg>>... types) {
        return of(prefix, typeField, conditions, List.of(types));
    }

    /** A table from groups of types, so that families share the actions they have in common. */
    @SafeVarargs
    static TypedRule of(String prefix, String typeField, boolean conditions, List<Map.Entry<String, List<Arg>>>... groups) {
        Map<String, Type> table = new LinkedHashMap<>();
        for (List<Map.Entry<String, List<Arg>>> group : groups) {
            group.forEach(t -> table.put(t.getKey(), Type.of(t.getValue(), conditions)));
        }
        return new TypedRule(List.of(prefix.split(" ")), typeField, table);
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
        for (Map.Entry<String, Type> t : types.entrySet()) { // lua.<action>, set-priority-<class|offset>
            Arg suffix = t.getValue().suffix();
            String stem = suffix == null ? null : t.getKey() + suffix.keyword();
            if (stem != null && word.length() > stem.length() && word.startsWith(stem)
                    && suffix.value().read(word.substring(stem.length())) != null) {
                return Optional.of(t.getKey());
            }
        }
        return Optional.empty();
    }

    @Override
    public ObjectNode read(Line l) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        int at = prefix.size();
        Type type;
        if (typeField != null) {
            String typeWord = l.word(at++);
            String name = typeOf(typeWord).orElseThrow();
            out.put(typeField, name);
            type = types.get(name);
            Optional<String> argument = argument(typeWord);
            if (type.suffix() != null) {
                type.suffix().read(typeWord.substring(name.length() + type.suffix().keyword().length()), out);
            } else if (!type.calls().isEmpty() && argument.isPresent()) {
                ArgList.readCalls(type.calls(), argument.get(), out);
            } else {
                variable(typeWord).ifPresent(v -> {
                    out.put("var_scope", v[0]);
                    out.put("var_name", v[1]);
                });
            }
        } else {
            type = types.values().iterator().next();
        }
        type.args().read(l, at, out);
        return out;
    }

    @Override
    public List<String> words(JsonNode m) throws ConfigException {
        List<String> w = new ArrayList<>(prefix);
        Type type;
        if (typeField != null) {
            String name = m.path(typeField).asText("");
            type = types.get(name);
            if (type == null) {
                throw ConfigException.schema(605, typeField + " in body should be one of " + types.keySet());
            }
            if (type.suffix() != null) {
                Arg suffix = type.suffix();
                w.add(name + suffix.keyword() + suffix.value().write(suffix.json(), required(m, suffix)));
            } else if (!type.calls().isEmpty() && (type.calls().get(0).shape() == Arg.Shape.CALL
                    || m.hasNonNull(type.calls().get(0).json()))) {
                required(m, type.calls().get(0));
                w.add(name + "(" + ArgList.writeCalls(type.calls(), m, "") + ")");
            } else if (m.hasNonNull("var_name") && VARIABLE_TYPES.contains(name)) {
                w.add(name + "(" + Value.WORD.write("var_scope", TextNode.valueOf(m.path("var_scope").asText("txn"))) + "."
                        + Value.WORD.write("var_name", m.get("var_name")) + ")");
            } else {
                w.add(name);
            }
        } else {
            type = types.values().iterator().next();
        }
        type.args().write(m, "", w);
        return w;
    }

    private static JsonNode required(JsonNode m, Arg a) throws ConfigException {
        if (!m.hasNonNull(a.json())) {
            throw ConfigException.schema(602, a.json() + " in body is required");
        }
        return m.get(a.json());
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
