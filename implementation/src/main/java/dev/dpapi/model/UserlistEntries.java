package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import dev.dpapi.text.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The entries of a userlist: {@code user} and {@code group} lines. */
public final class UserlistEntries {

    private UserlistEntries() {
    }

    /** The schema properties of an entry's model. */
    static void schema(NamedCodec entry, Map<String, JsonNode> properties) {
        Map<String, Value> fields = entry == USER
                ? Map.of("username", Value.WORD, "password", Value.TEXT, "secure_password", Value.BOOLEAN,
                        "groups", Value.WORD)
                : Map.of("name", Value.WORD, "users", Value.WORD);
        fields.forEach((name, value) -> properties.put(name, value.schema()));
    }

    /** A line {@code <keyword> <name> ...}: what both entry kinds share. */
    private abstract static class Entry implements NamedCodec {
        private final String keyword;
        private final String nameField;

        Entry(String keyword, String nameField) {
            this.keyword = keyword;
            this.nameField = nameField;
        }

        @Override
        public String keyword() {
            return keyword;
        }

        @Override
        public boolean matches(Line l) {
            return l.keyword().equals(keyword) && l.words().size() >= 2;
        }

        @Override
        public String name(Line l) {
            return l.word(1);
        }

        @Override
        public String nameField() {
            return nameField;
        }
    }

    /** {@code user <username> password|insecure-password <password> [groups <g1>,<g2>]}. */
    public static final NamedCodec USER = new Entry("user", "username") {
        @Override
        public ObjectNode read(Line l) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("username", l.word(1));
            List<String> w = l.words();
            for (int i = 2; i + 1 < w.size(); i += 2) {
                switch (w.get(i)) {
                    case "password" -> {
                        out.put("password", w.get(i + 1));
                        out.put("secure_password", true);
                    }
                    case "insecure-password" -> {
                        out.put("password", w.get(i + 1));
                        out.put("secure_password", false);
                    }
                    case "groups" -> out.put("groups", w.get(i + 1));
                    default -> { }
                }
            }
            return out;
        }

        @Override
        public List<String> words(JsonNode m, Line old) throws ConfigException {
            List<String> w = new ArrayList<>(List.of("user", Value.word("username", m.path("username").asText())));
            if (!m.hasNonNull("password")) {
                throw ConfigException.schema(602, "password in body is required");
            }
            w.add(m.path("secure_password").asBoolean(false) ? "password" : "insecure-password");
            w.add(Words.encode(m.get("password").asText())); // any text: the schema has no pattern
            if (m.hasNonNull("groups") && !m.get("groups").asText().isEmpty()) {
                w.add("groups");
                w.add(Value.word("groups", m.get("groups").asText()));
            }
            return w;
        }
    };

    /** {@code group <name> [users <u1>,<u2>]}. */
    public static final NamedCodec GROUP = new Entry("group", "name") {
        @Override
        public ObjectNode read(Line l) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("name", l.word(1));
            if (l.word(2).equals("users") && l.words().size() > 3) {
                out.put("users", l.word(3));
            }
            return out;
        }

        @Override
        public List<String> words(JsonNode m, Line old) throws ConfigException {
            List<String> w = new ArrayList<>(List.of("group", Value.word("name", m.path("name").asText())));
            if (m.hasNonNull("users") && !m.get("users").asText().isEmpty()) {
                w.add("users");
                w.add(Value.word("users", m.get("users").asText()));
            }
            return w;
        }
    };
}
