package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A directive line with a name, an address and parameters ({@code server s1 10.0.0.1:80 check weight 10},
 * {@code bind 127.0.0.1:80 name web ssl crt x.pem}) mapped to its model through a parameter table.
 * Parameters the table does not know stay on the line, in their order.
 */
record LineModel(String keyword, String nameField, List<String> positional, String addressField, List<Param> params) {

    static final List<Param> SERVER_PARAMS = List.of(
            Param.enabled("check", "check"), Param.enabled("backup", "backup"), Param.enabled("ssl", "ssl"),
            Param.enabled("maintenance", "disabled"), Param.enabled("send-proxy", "send-proxy"),
            Param.enabled("send-proxy-v2", "send-proxy-v2"), Param.enabled("agent-check", "agent-check"),
            Param.enabled("check-ssl", "check-ssl"), Param.enabled("tfo", "tfo"),
            Param.integer("weight", "weight"), Param.integer("maxconn", "maxconn"), Param.integer("minconn", "minconn"),
            Param.integer("maxqueue", "maxqueue"), Param.integer("rise", "rise"), Param.integer("fall", "fall"),
            Param.integer("health_check_port", "port"), Param.integer("agent-port", "agent-port"),
            Param.integer("id", "id"),
            Param.time("inter", "inter"), Param.time("fastinter", "fastinter"), Param.time("downinter", "downinter"),
            Param.time("slowstart", "slowstart"), Param.time("agent-inter", "agent-inter"),
            Param.value("cookie", "cookie"), Param.value("verify", "verify"), Param.value("sni", "sni"),
            Param.value("resolvers", "resolvers"), Param.value("resolve-prefer", "resolve-prefer"),
            Param.value("init-addr", "init-addr"), Param.value("on-error", "on-error"),
            Param.value("observe", "observe"), Param.value("agent-addr", "agent-addr"),
            Param.value("check-sni", "check-sni"), Param.value("ssl_cafile", "ca-file"),
            Param.value("ssl_certificate", "crt"), Param.value("alpn", "alpn"), Param.value("proto", "proto"));

    static final LineModel SERVER = new LineModel("server", "name", List.of(), "address", SERVER_PARAMS);

    /** {@code server-template <prefix> <num_or_range> <fqdn>[:<port>] [params]}. */
    static final LineModel SERVER_TEMPLATE = new LineModel("server-template", "prefix", List.of("num_or_range"),
            "fqdn", SERVER_PARAMS);

    static final LineModel MAILER = new LineModel("mailer", "name", List.of(), "address", List.of());
    static final LineModel PEER = new LineModel("peer", "name", List.of(), "address", List.of());
    static final LineModel NAMESERVER = new LineModel("nameserver", "name", List.of(), "address", List.of());
    static final LineModel DGRAM_BIND = new LineModel("dgram-bind", null, List.of(), "address", List.of(
            Param.value("name", "name"), Param.value("interface", "interface"), Param.value("namespace", "namespace"),
            Param.value("transparent", "transparent")));

    static final LineModel BIND = new LineModel("bind", null, List.of(), "address", List.of(
            Param.value("name", "name"), Param.bool("ssl", "ssl"), Param.value("ssl_certificate", "crt"),
            Param.value("ssl_cafile", "ca-file"), Param.value("alpn", "alpn"), Param.value("verify", "verify"),
            Param.bool("transparent", "transparent"), Param.bool("accept_proxy", "accept-proxy"),
            Param.bool("v4v6", "v4v6"), Param.bool("v6only", "v6only"), Param.bool("defer_accept", "defer-accept"),
            Param.bool("tfo", "tfo"), Param.bool("allow_0rtt", "allow-0rtt"), Param.integer("maxconn", "maxconn"),
            Param.value("process", "process"), Param.value("level", "level"), Param.value("mode", "mode"),
            Param.value("user", "user"), Param.value("group", "group"), Param.value("interface", "interface"),
            Param.value("thread", "thread"), Param.value("ssl_min_ver", "ssl-min-ver"),
            Param.value("ssl_max_ver", "ssl-max-ver")));

    boolean namedByWord() {
        return nameField != null;
    }

    /** Index of the address word: after the keyword, the name word and the positional words. */
    private int addressAt() {
        return (namedByWord() ? 2 : 1) + positional.size();
    }

    boolean matches(Line l) {
        return l.keyword().equals(keyword) && l.words().size() > addressAt();
    }

    /** The API name of the line: its name word, or for binds the name parameter, else address:port. */
    String name(Line l) {
        if (namedByWord()) {
            return l.word(1);
        }
        List<String> w = l.words();
        for (int i = addressAt() + 1; i < w.size() - 1; i++) {
            if (w.get(i).equals("name")) {
                return w.get(i + 1);
            }
        }
        return l.word(1);
    }

    ObjectNode read(Line l) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (namedByWord()) {
            out.put(nameField, l.word(1));
        }
        for (int i = 0; i < positional.size(); i++) {
            out.put(positional.get(i), l.word((namedByWord() ? 2 : 1) + i));
        }
        String address = l.word(addressAt());
        int colon = address.lastIndexOf(':');
        out.put(addressField, colon < 0 ? address : address.substring(0, colon));
        if (colon >= 0) {
            Field.parseLong(address.substring(colon + 1)).ifPresent(p -> out.put("port", p));
        }
        Map<String, Param> byWord = byWord();
        List<String> w = l.words();
        for (int i = addressAt() + 1; i < w.size(); i++) {
            Param p = byWord.get(w.get(i));
            if (p != null) {
                p.read(p.takesValue() && i + 1 < w.size() ? w.get(++i) : "", out);
            }
        }
        if (!namedByWord() && !out.has("name")) {
            out.put("name", l.word(1));
        }
        return out;
    }

    /** The line's words for a model; parameters of {@code old} that no table entry knows are kept. */
    List<String> words(JsonNode model, Line old) throws ConfigException {
        List<String> words = new ArrayList<>(List.of(keyword));
        if (namedByWord()) {
            words.add(Field.safeWord(nameField, model.path(nameField).asText()));
        }
        for (String field : positional) {
            if (!model.hasNonNull(field)) {
                throw new ConfigException(422, field + " in body is required");
            }
            words.add(Field.safeWord(field, model.get(field).asText()));
        }
        if (!model.hasNonNull(addressField)) {
            throw new ConfigException(422, addressField + " in body is required");
        }
        String address = Field.safeWord(addressField, model.get(addressField).asText());
        if (model.hasNonNull("port")) {
            JsonNode port = model.get("port");
            if (!port.isIntegralNumber() || port.asInt() < 1 || port.asInt() > 65535) {
                throw new ConfigException(422, "port in body should be an integer between 1 and 65535");
            }
            address += ":" + port.asInt();
        }
        words.add(address);
        for (Param p : params) {
            words.addAll(p.words(model.get(p.json())));
        }
        if (old != null) {
            words.addAll(unknownParams(old));
        }
        return words;
    }

    private List<String> unknownParams(Line l) {
        Map<String, Param> byWord = byWord();
        List<String> w = l.words();
        List<String> unknown = new ArrayList<>();
        for (int i = addressAt() + 1; i < w.size(); i++) {
            Param p = byWord.get(w.get(i));
            if (p == null) {
                unknown.add(w.get(i));
            } else if (p.takesValue()) {
                i++;
            }
        }
        return unknown;
    }

    private Map<String, Param> byWord() {
        Map<String, Param> byWord = new LinkedHashMap<>();
        params.forEach(p -> byWord.put(p.word(), p));
        return byWord;
    }
}
