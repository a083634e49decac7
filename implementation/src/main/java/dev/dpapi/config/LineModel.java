package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A directive line with a name, an address and parameters ({@code server s1 10.0.0.1:80 check weight 10},
 * {@code bind 127.0.0.1:80 name web ssl crt x.pem}) mapped to its model through a parameter table.
 * Parameters the table does not know stay on the line, in their order.
 */
record LineModel(String keyword, String nameField, List<String> positional, String addressField, List<Param> params)
        implements NamedCodec {

    static final List<Param> SERVER_PARAMS = List.of(
            Param.enabled("check", "check"), Param.enabled("backup", "backup"), Param.enabled("ssl", "ssl"),
            Param.enabled("maintenance", "disabled"), Param.enabled("send-proxy", "send-proxy"),
            Param.enabled("send-proxy-v2", "send-proxy-v2"), Param.list("proxy-v2-options", "proxy-v2-options"), Param.enabled("agent-check", "agent-check"),
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
            Param.value("ssl_certificate", "crt"), Param.value("alpn", "alpn"), Param.value("proto", "proto"),
            // the rest of the model's server parameters: the haproxy word is the field name with dashes, but for
            // a few (health_check_address: addr)
            Param.value("agent-send", "agent-send"),
            Param.bool("allow_0rtt", "allow-0rtt"),
            Param.enabled("check-send-proxy", "check-send-proxy"),
            Param.value("check_alpn", "check-alpn"),
            Param.value("check_proto", "check-proto"),
            Param.enabled("check_via_socks4", "check-via-socks4"),
            Param.value("ciphers", "ciphers"),
            Param.value("ciphersuites", "ciphersuites"),
            Param.value("crl_file", "crl-file"),
            Param.integer("error_limit", "error-limit"),
            Param.enabled("force_sslv3", "force-sslv3"),
            Param.enabled("force_tlsv10", "force-tlsv10"),
            Param.enabled("force_tlsv11", "force-tlsv11"),
            Param.enabled("force_tlsv12", "force-tlsv12"),
            Param.enabled("force_tlsv13", "force-tlsv13"),
            Param.value("health_check_address", "addr"),
            Param.value("log_proto", "log-proto"),
            Param.integer("max_reuse", "max-reuse"),
            Param.value("namespace", "namespace"),
            Param.enabled("no_sslv3", "no-sslv3"),
            Param.enabled("no_tlsv10", "no-tlsv10"),
            Param.enabled("no_tlsv11", "no-tlsv11"),
            Param.enabled("no_tlsv12", "no-tlsv12"),
            Param.enabled("no_tlsv13", "no-tlsv13"),
            Param.enabled("no_verifyhost", "no-verifyhost"),
            Param.value("npn", "npn"),
            Param.value("on-marked-down", "on-marked-down"),
            Param.value("on-marked-up", "on-marked-up"),
            Param.integer("pool_low_conn", "pool-low-conn"),
            Param.integer("pool_max_conn", "pool-max-conn"),
            Param.time("pool_purge_delay", "pool-purge-delay"),
            Param.value("redir", "redir"),
            Param.value("resolve-net", "resolve-net"),
            Param.value("resolve_opts", "resolve-opts"),
            Param.enabled("send_proxy_v2_ssl", "send-proxy-v2-ssl"),
            Param.enabled("send_proxy_v2_ssl_cn", "send-proxy-v2-ssl-cn"),
            Param.integer("shard", "shard"),
            Param.value("socks4", "socks4"),
            Param.value("source", "source"),
            Param.value("ssl_max_ver", "ssl-max-ver"),
            Param.value("ssl_min_ver", "ssl-min-ver"),
            Param.enabled("ssl_reuse", "ssl-reuse"),
            Param.enabled("stick", "stick"),
            Param.time("tcp_ut", "tcp-ut"),
            Param.enabled("tls_tickets", "tls-tickets"),
            Param.value("track", "track"),
            Param.value("verifyhost", "verifyhost"),
            Param.value("ws", "ws"));

    static final LineModel SERVER = new LineModel("server", "name", List.of(), "address", SERVER_PARAMS);

    /** {@code server-template <prefix> <num_or_range> <fqdn>[:<port>] [params]}. */
    static final LineModel SERVER_TEMPLATE = new LineModel("server-template", "prefix", List.of("num_or_range"),
            "fqdn", SERVER_PARAMS);

    static final LineModel MAILER = new LineModel("mailer", "name", List.of(), "address", List.of());
    static final LineModel PEER = new LineModel("peer", "name", List.of(), "address", List.of());
    static final LineModel NAMESERVER = new LineModel("nameserver", "name", List.of(), "address", List.of());
    static final LineModel DGRAM_BIND = new LineModel("dgram-bind", null, List.of(), "address", List.of(
            Param.value("name", "name"), Param.value("interface", "interface"), Param.value("namespace", "namespace"),
            Param.bool("transparent", "transparent")));

    static final LineModel BIND = new LineModel("bind", null, List.of(), "address", List.of(
            Param.value("name", "name"), Param.bool("ssl", "ssl"), Param.value("ssl_certificate", "crt"),
            Param.value("ssl_cafile", "ca-file"), Param.value("alpn", "alpn"), Param.value("verify", "verify"),
            Param.bool("transparent", "transparent"), Param.bool("accept_proxy", "accept-proxy"),
            Param.bool("v4v6", "v4v6"), Param.bool("v6only", "v6only"), Param.bool("defer_accept", "defer-accept"),
            Param.bool("tfo", "tfo"), Param.bool("allow_0rtt", "allow-0rtt"), Param.integer("maxconn", "maxconn"),
            Param.value("process", "process"), Param.value("level", "level"), Param.value("mode", "mode"),
            Param.value("user", "user"), Param.value("group", "group"), Param.value("interface", "interface"),
            Param.value("thread", "thread"), Param.value("ssl_min_ver", "ssl-min-ver"),
            Param.value("ssl_max_ver", "ssl-max-ver"),
            Param.boolPair("expose_fd_listeners", "expose-fd", "listeners"),
            Param.integer("accept_netscaler_cip", "accept-netscaler-cip"),
            Param.value("backlog", "backlog"),
            Param.value("ca_ignore_err", "ca-ignore-err"),
            Param.value("ca_sign_file", "ca-sign-file"),
            Param.value("ca_sign_pass", "ca-sign-pass"),
            Param.value("ca_verify_file", "ca-verify-file"),
            Param.value("ciphers", "ciphers"),
            Param.value("ciphersuites", "ciphersuites"),
            Param.value("client_sigalgs", "client-sigalgs"),
            Param.value("crl_file", "crl-file"),
            Param.value("crt_ignore_err", "crt-ignore-err"),
            Param.value("crt_list", "crt-list"),
            Param.value("curves", "curves"),
            Param.value("ecdhe", "ecdhe"),
            Param.bool("force_sslv3", "force-sslv3"),
            Param.bool("force_tlsv10", "force-tlsv10"),
            Param.bool("force_tlsv11", "force-tlsv11"),
            Param.bool("force_tlsv12", "force-tlsv12"),
            Param.bool("force_tlsv13", "force-tlsv13"),
            Param.bool("generate_certificates", "generate-certificates"),
            Param.integer("gid", "gid"),
            Param.value("id", "id"),
            Param.value("mss", "mss"),
            Param.value("namespace", "namespace"),
            Param.integer("nice", "nice"),
            Param.bool("no_alpn", "no-alpn"),
            Param.bool("no_ca_names", "no-ca-names"),
            Param.bool("no_sslv3", "no-sslv3"),
            Param.bool("no_tls_tickets", "no-tls-tickets"),
            Param.bool("no_tlsv10", "no-tlsv10"),
            Param.bool("no_tlsv11", "no-tlsv11"),
            Param.bool("no_tlsv12", "no-tlsv12"),
            Param.bool("no_tlsv13", "no-tlsv13"),
            Param.value("npn", "npn"),
            Param.value("ocsp_update", "ocsp-update"),
            Param.bool("prefer_client_ciphers", "prefer-client-ciphers"),
            Param.value("proto", "proto"),
            Param.value("quic-cc-algo", "quic-cc-algo"),
            Param.bool("quic-force-retry", "quic-force-retry"),
            Param.value("severity_output", "severity-output"),
            Param.value("sigalgs", "sigalgs"),
            Param.bool("strict_sni", "strict-sni"),
            Param.integer("tcp_user_timeout", "tcp-ut"),
            Param.value("tls_ticket_keys", "tls-ticket-keys"),
            Param.value("uid", "uid")));

    /** Index of the address word: after the keyword, the name word and the positional words. */
    private int addressAt() {
        return (namedByWord() ? 2 : 1) + positional.size();
    }

    @Override
    public boolean matches(Line l) {
        return l.keyword().equals(keyword) && l.words().size() > addressAt();
    }

    /** The API name of the line: its name word, or for binds the name parameter, else address:port. */
    @Override
    public String name(Line l) {
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

    @Override
    public ObjectNode read(Line l) {
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
        if (colon >= 0) { // a port, or a port range as binds have: 8080-8089
            String[] range = address.substring(colon + 1).split("-", 2);
            Field.parseLong(range[0]).ifPresent(p -> out.put("port", p));
            if (range.length == 2) {
                Field.parseLong(range[1]).ifPresent(p -> out.put("port-range-end", p));
            }
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
    @Override
    public List<String> words(JsonNode model, Line old) throws ConfigException {
        List<String> words = new ArrayList<>(List.of(keyword));
        if (namedByWord()) {
            words.add(Field.safeWord(nameField, model.path(nameField).asText()));
        }
        for (String field : positional) {
            if (!model.hasNonNull(field)) {
                throw ConfigException.schema(602, field + " in body is required");
            }
            words.add(Field.safeWord(field, model.get(field).asText()));
        }
        if (!model.hasNonNull(addressField)) {
            throw ConfigException.schema(602, addressField + " in body is required");
        }
        String address = Field.safeWord(addressField, model.get(addressField).asText());
        if (model.hasNonNull("port")) {
            JsonNode port = model.get("port");
            if (!port.isIntegralNumber() || port.asInt() < 1 || port.asInt() > 65535) {
                throw new ConfigException(422, "port in body should be an integer between 1 and 65535");
            }
            address += ":" + port.asInt();
            JsonNode end = model.get("port-range-end");
            if (end != null && !end.isNull()) {
                if (!end.isIntegralNumber() || end.asInt() < port.asInt() || end.asInt() > 65535) {
                    throw new ConfigException(422, "port-range-end in body should be an integer between port and 65535");
                }
                address += "-" + end.asInt();
            }
        }
        words.add(address);
        // parameters in the old line's order, unknown ones kept in place; new ones at the end
        Map<String, Param> byWord = byWord();
        Set<Param> written = new HashSet<>();
        if (old != null) {
            List<String> w = old.words();
            for (int i = addressAt() + 1; i < w.size(); i++) {
                Param p = byWord.get(w.get(i));
                if (p == null) {
                    words.add(Words.encode(w.get(i)));
                    continue;
                }
                if (p.takesValue()) {
                    i++;
                }
                if (written.add(p)) {
                    words.addAll(paramWords(p, model, address));
                }
            }
        }
        for (Param p : params) {
            if (written.add(p)) {
                words.addAll(paramWords(p, model, address));
            }
        }
        return words;
    }

    /** A parameter's words; a bind's name that is its address is the default name, not written. */
    private List<String> paramWords(Param p, JsonNode model, String address) throws ConfigException {
        JsonNode v = model.get(p.json());
        if (!namedByWord() && p.json().equals("name") && v != null && v.asText().equals(address)) {
            return List.of();
        }
        return p.words(v);
    }

    private Map<String, Param> byWord() {
        Map<String, Param> byWord = new LinkedHashMap<>();
        params.forEach(p -> byWord.put(p.word(), p));
        return byWord;
    }
}
