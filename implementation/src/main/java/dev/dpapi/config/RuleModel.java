package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.util.ArrayList;
import java.util.List;

/** Ordered directives kept by index ({@code acl}, {@code use_backend}), with their model fields. */
enum RuleModel implements LineCodec {

    /** {@code acl <acl_name> <criterion> [value...]}. */
    ACL("acl") {
        @Override
        public ObjectNode read(Line l) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("acl_name", l.word(1));
            out.put("criterion", l.word(2));
            if (l.words().size() > 3) {
                out.put("value", String.join(" ", l.words().subList(3, l.words().size())));
            }
            return out;
        }

        @Override
        public List<String> words(JsonNode m) throws ConfigException {
            List<String> w = new ArrayList<>(List.of("acl", required(m, "acl_name"), required(m, "criterion")));
            w.addAll(expression("value", m.path("value").asText("")));
            return w;
        }
    },

    /** {@code use_backend <name> [if|unless <condition>]}. */
    USE_BACKEND("use_backend") {
        @Override
        public ObjectNode read(Line l) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("name", l.word(1));
            if (l.words().size() > 3) {
                out.put("cond", l.word(2));
                out.put("cond_test", String.join(" ", l.words().subList(3, l.words().size())));
            }
            return out;
        }

        @Override
        public List<String> words(JsonNode m) throws ConfigException {
            List<String> w = new ArrayList<>(List.of("use_backend", required(m, "name")));
            if (m.hasNonNull("cond")) {
                String cond = m.get("cond").asText();
                if (!cond.equals("if") && !cond.equals("unless")) {
                    throw new ConfigException(422, "cond in body should be one of [if unless]");
                }
                w.add(cond);
                w.addAll(expression("cond_test", m.path("cond_test").asText("")));
            }
            return w;
        }
    };

    private final String keyword;

    RuleModel(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    @Override
    public boolean matches(Line l) {
        return l.keyword().equals(keyword);
    }

    static String required(JsonNode m, String field) throws ConfigException {
        if (!m.hasNonNull(field)) {
            throw new ConfigException(422, field + " in body is required");
        }
        return Field.safeWord(field, m.get(field).asText());
    }

    /** An HAProxy expression (several words); nothing that would end the line or start a comment. */
    static List<String> expression(String field, String text) throws ConfigException {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('#') >= 0) {
            throw new ConfigException(400, field + " in body would add directives or a comment to haproxy.cfg");
        }
        return Words.of(text).isEmpty() ? List.of() : List.of(text.strip());
    }
}
