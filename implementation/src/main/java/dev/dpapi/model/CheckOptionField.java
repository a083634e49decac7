package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import dev.dpapi.text.Words;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code option <check> [arguments]}: the check in {@code adv_check}, its arguments in the model's
 * {@code httpchk_params}, {@code mysql_check_params}, {@code pgsql_check_params} or {@code smtpchk_params}.
 */
record CheckOptionField() implements LineField {

    private static final Value.Choice CHECKS = new Value.Choice(List.of("ssl-hello-chk", "smtpchk", "ldap-check", "mysql-check",
            "pgsql-check", "tcp-check", "redis-check", "httpchk"));
    private static final Value CLIENT_VERSIONS = Value.choice("pre-41", "post-41");
    private static final Value.Choice METHODS = new Value.Choice(List.of("HEAD", "PUT", "POST", "GET", "TRACE", "PATCH", "OPTIONS",
            "DELETE", "CONNECT"));

    /** The check and its parameter objects, as schema properties of the section model. */
    void schema(Map<String, JsonNode> properties) {
        properties.put("adv_check", CHECKS.schema());
        properties.put("httpchk_params", object(Map.of("method", METHODS, "uri", Value.WORD, "version", Value.TEXT)));
        properties.put("mysql_check_params", object(Map.of("username", Value.WORD, "client_version", CLIENT_VERSIONS)));
        properties.put("pgsql_check_params", object(Map.of("username", Value.WORD)));
        properties.put("smtpchk_params", object(Map.of("hello", Value.WORD, "domain", Value.WORD)));
    }

    /** An object schema of fields (alphabetical). */
    static ObjectNode object(Map<String, Value> fields) {
        ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        new TreeMap<>(fields).forEach((name, value) -> props.set(name, value.schema()));
        return schema;
    }

    @Override
    public String json() {
        return "adv_check";
    }

    @Override
    public Set<String> firstWords() {
        return Set.of("option");
    }

    @Override
    public boolean owns(Line line) {
        List<String> w = line.words();
        return w.size() >= 2 && w.get(0).equals("option") && CHECKS.contains(w.get(1));
    }

    @Override
    public JsonNode valueIn(JsonNode model) {
        return model; // the check and its parameters are siblings in the section model
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        Line line = lastOwned(directives).orElse(null);
        if (line == null) {
            return;
        }
        String check = line.word(1);
        out.put("adv_check", check);
        List<String> args = line.words().subList(2, line.words().size());
        switch (check) {
            case "httpchk" -> {
                if (args.isEmpty()) {
                    return;
                }
                ObjectNode p = out.putObject("httpchk_params");
                if (args.size() == 1) {
                    p.put("uri", args.get(0));
                } else {
                    p.put("method", args.get(0));
                    p.put("uri", args.get(1));
                    if (args.size() > 2) {
                        p.put("version", String.join(" ", args.subList(2, args.size())));
                    }
                }
            }
            case "mysql-check", "pgsql-check" -> {
                if (args.size() >= 2 && args.get(0).equals("user")) {
                    ObjectNode p = out.putObject(check.replace('-', '_') + "_params");
                    p.put("username", args.get(1));
                    if (check.equals("mysql-check") && args.size() > 2) {
                        p.put("client_version", args.get(2));
                    }
                }
            }
            case "smtpchk" -> {
                if (args.size() >= 2) {
                    out.putObject("smtpchk_params").put("hello", args.get(0)).put("domain", args.get(1));
                }
            }
            default -> {
            }
        }
    }

    @Override
    public Optional<List<String>> words(JsonNode model) throws ConfigException {
        JsonNode checkNode = model == null ? null : model.get("adv_check");
        if (checkNode == null || checkNode.isNull()) {
            return Optional.empty();
        }
        String check = checkNode.asText();
        CHECKS.write("adv_check", checkNode);
        List<String> words = new ArrayList<>(List.of("option", check));
        switch (check) {
            case "httpchk" -> {
                JsonNode p = model.path("httpchk_params");
                String method = p.path("method").asText("");
                String uri = p.path("uri").asText("");
                String version = p.path("version").asText("");
                if (!method.isEmpty()) {
                    METHODS.write("httpchk_params.method", p.path("method"));
                    words.add(method);
                    words.add(Value.word("httpchk_params.uri", uri.isEmpty() ? "/" : uri));
                    if (!version.isEmpty()) {
                        words.add(Words.encode(version)); // any text, CR LF included: the schema has no pattern
                    }
                } else if (!uri.isEmpty()) {
                    words.add(Value.word("httpchk_params.uri", uri));
                }
            }
            case "mysql-check", "pgsql-check" -> {
                JsonNode p = model.path(check.replace('-', '_') + "_params");
                String user = p.path("username").asText("");
                if (!user.isEmpty()) {
                    words.add("user");
                    words.add(Value.word("username", user));
                    String version = p.path("client_version").asText("");
                    if (check.equals("mysql-check") && !version.isEmpty()) {
                        CLIENT_VERSIONS.write("client_version", p.path("client_version"));
                        words.add(version);
                    }
                }
            }
            case "smtpchk" -> {
                JsonNode p = model.path("smtpchk_params");
                if (p.hasNonNull("hello") && p.hasNonNull("domain")) {
                    words.add(Value.WORD.write("smtpchk_params.hello", p.get("hello")));
                    words.add(Value.WORD.write("smtpchk_params.domain", p.get("domain")));
                }
            }
            default -> {
            }
        }
        return Optional.of(words);
    }
}
