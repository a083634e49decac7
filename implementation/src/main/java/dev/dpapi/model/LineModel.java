package dev.dpapi.model;

import static dev.dpapi.model.Arg.enabled;
import static dev.dpapi.model.Arg.flag;
import static dev.dpapi.model.Arg.param;
import static dev.dpapi.model.Value.COMMA_LIST;
import static dev.dpapi.model.Value.INTEGER;
import static dev.dpapi.model.Value.TIME;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import dev.dpapi.text.Words;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A directive line with a name, an address and parameters ({@code server s1 10.0.0.1:80 check weight 10},
 * {@code bind 127.0.0.1:80 name web ssl crt x.pem}) mapped to its model through a parameter table.
 * Parameters the table does not know stay on the line, in their order. {@code required}: the fields the official's
 * model requires (a bind's and a dgram bind's none: such a line is named by its address when it has no name).
 */
public record LineModel(String keyword, String nameField, List<String> positional, String addressField, ArgList params,
                        List<String> required) implements NamedCodec {

    static final ArgList SERVER_PARAMS = ArgList.of(List.of(
            enabled("check", "check"), enabled("backup", "backup"), enabled("ssl", "ssl"),
            enabled("maintenance", "disabled"), enabled("send-proxy", "send-proxy"),
            enabled("send-proxy-v2", "send-proxy-v2"), param("proxy-v2-options", "proxy-v2-options", COMMA_LIST), enabled("agent-check", "agent-check"),
            enabled("check-ssl", "check-ssl"), enabled("tfo", "tfo"),
            param("weight", "weight", INTEGER), param("maxconn", "maxconn", INTEGER), param("minconn", "minconn", INTEGER),
            param("maxqueue", "maxqueue", INTEGER), param("rise", "rise", INTEGER), param("fall", "fall", INTEGER),
            param("health_check_port", "port", INTEGER), param("agent-port", "agent-port", INTEGER),
            param("id", "id", INTEGER),
            param("inter", "inter", TIME), param("fastinter", "fastinter", TIME), param("downinter", "downinter", TIME),
            param("slowstart", "slowstart", TIME), param("agent-inter", "agent-inter", TIME),
            param("cookie", "cookie"), param("verify", "verify"), param("sni", "sni"),
            param("resolvers", "resolvers"), param("resolve-prefer", "resolve-prefer"),
            param("init-addr", "init-addr"), param("on-error", "on-error"),
            param("observe", "observe"), param("agent-addr", "agent-addr"),
            param("check-sni", "check-sni"), param("ssl_cafile", "ca-file"),
            param("ssl_certificate", "crt"), param("alpn", "alpn"), param("proto", "proto"),
            // the rest of the model's server parameters: the haproxy word is the field name with dashes, but for
            // a few (health_check_address: addr)
            param("agent-send", "agent-send"),
            flag("allow_0rtt", "allow-0rtt"),
            enabled("check-send-proxy", "check-send-proxy"),
            param("check_alpn", "check-alpn"),
            param("check_proto", "check-proto"),
            enabled("check_via_socks4", "check-via-socks4"),
            param("ciphers", "ciphers"),
            param("ciphersuites", "ciphersuites"),
            param("crl_file", "crl-file"),
            param("error_limit", "error-limit", INTEGER),
            enabled("force_sslv3", "force-sslv3"),
            enabled("force_tlsv10", "force-tlsv10"),
            enabled("force_tlsv11", "force-tlsv11"),
            enabled("force_tlsv12", "force-tlsv12"),
            enabled("force_tlsv13", "force-tlsv13"),
            param("health_check_address", "addr"),
            param("log_proto", "log-proto"),
            param("max_reuse", "max-reuse", INTEGER),
            param("namespace", "namespace"),
            enabled("no_sslv3", "no-sslv3"),
            enabled("no_tlsv10", "no-tlsv10"),
            enabled("no_tlsv11", "no-tlsv11"),
            enabled("no_tlsv12", "no-tlsv12"),
            enabled("no_tlsv13", "no-tlsv13"),
            enabled("no_verifyhost", "no-verifyhost"),
            param("npn", "npn"),
            param("on-marked-down", "on-marked-down"),
            param("on-marked-up", "on-marked-up"),
            param("pool_low_conn", "pool-low-conn", INTEGER),
            param("pool_max_conn", "pool-max-conn", INTEGER),
            param("pool_purge_delay", "pool-purge-delay", TIME),
            param("redir", "redir"),
            param("resolve-net", "resolve-net"),
            param("resolve_opts", "resolve-opts"),
            enabled("send_proxy_v2_ssl", "send-proxy-v2-ssl"),
            enabled("send_proxy_v2_ssl_cn", "send-proxy-v2-ssl-cn"),
            param("shard", "shard", INTEGER),
            param("socks4", "socks4"),
            param("source", "source"),
            param("ssl_max_ver", "ssl-max-ver"),
            param("ssl_min_ver", "ssl-min-ver"),
            enabled("ssl_reuse", "ssl-reuse"),
            enabled("stick", "stick"),
            param("tcp_ut", "tcp-ut", TIME),
            enabled("tls_tickets", "tls-tickets"),
            param("track", "track"),
            param("verifyhost", "verifyhost"),
            param("ws", "ws")));

    public static final LineModel SERVER = new LineModel("server", "name", List.of(), "address", SERVER_PARAMS,
            List.of("address", "name"));

    /** {@code server-template <prefix> <num_or_range> <fqdn>[:<port>] [params]}. */
    public static final LineModel SERVER_TEMPLATE = new LineModel("server-template", "prefix", List.of("num_or_range"),
            "fqdn", SERVER_PARAMS, List.of("fqdn", "num_or_range", "prefix"));

    public static final LineModel MAILER = new LineModel("mailer", "name", List.of(), "address", ArgList.of(List.of()),
            List.of("address", "name", "port"));
    public static final LineModel PEER = new LineModel("peer", "name", List.of(), "address", ArgList.of(List.of(
            param("shard", "shard", INTEGER))), List.of("address", "name", "port"));
    public static final LineModel NAMESERVER = new LineModel("nameserver", "name", List.of(), "address", ArgList.of(List.of()),
            List.of("address", "name"));
    public static final LineModel DGRAM_BIND = new LineModel("dgram-bind", null, List.of(), "address", ArgList.of(List.of(
            param("name", "name"), param("interface", "interface"), param("namespace", "namespace"),
            flag("transparent", "transparent"))), List.of());

    public static final LineModel BIND = new LineModel("bind", null, List.of(), "address", ArgList.of(List.of(
            param("name", "name"), flag("ssl", "ssl"), param("ssl_certificate", "crt"),
            param("ssl_cafile", "ca-file"), param("alpn", "alpn"), param("verify", "verify"),
            flag("transparent", "transparent"), flag("accept_proxy", "accept-proxy"),
            flag("v4v6", "v4v6"), flag("v6only", "v6only"), flag("defer_accept", "defer-accept"),
            flag("tfo", "tfo"), flag("allow_0rtt", "allow-0rtt"), param("maxconn", "maxconn", INTEGER),
            param("process", "process"), param("level", "level"), param("mode", "mode"),
            param("user", "user"), param("group", "group"), param("interface", "interface"),
            param("thread", "thread"), param("ssl_min_ver", "ssl-min-ver"),
            param("ssl_max_ver", "ssl-max-ver"),
            param("expose_fd_listeners", "expose-fd", Value.fixed("listeners")),
            param("accept_netscaler_cip", "accept-netscaler-cip", INTEGER),
            param("backlog", "backlog"),
            param("ca_ignore_err", "ca-ignore-err"),
            param("ca_sign_file", "ca-sign-file"),
            param("ca_sign_pass", "ca-sign-pass"),
            param("ca_verify_file", "ca-verify-file"),
            param("ciphers", "ciphers"),
            param("ciphersuites", "ciphersuites"),
            param("client_sigalgs", "client-sigalgs"),
            param("crl_file", "crl-file"),
            param("crt_ignore_err", "crt-ignore-err"),
            param("crt_list", "crt-list"),
            param("curves", "curves"),
            param("ecdhe", "ecdhe"),
            flag("force_sslv3", "force-sslv3"),
            flag("force_tlsv10", "force-tlsv10"),
            flag("force_tlsv11", "force-tlsv11"),
            flag("force_tlsv12", "force-tlsv12"),
            flag("force_tlsv13", "force-tlsv13"),
            flag("generate_certificates", "generate-certificates"),
            param("gid", "gid", INTEGER),
            param("id", "id"),
            param("mss", "mss"),
            param("namespace", "namespace"),
            param("nice", "nice", INTEGER),
            flag("no_alpn", "no-alpn"),
            flag("no_ca_names", "no-ca-names"),
            flag("no_sslv3", "no-sslv3"),
            flag("no_tls_tickets", "no-tls-tickets"),
            flag("no_tlsv10", "no-tlsv10"),
            flag("no_tlsv11", "no-tlsv11"),
            flag("no_tlsv12", "no-tlsv12"),
            flag("no_tlsv13", "no-tlsv13"),
            param("npn", "npn"),
            param("ocsp_update", "ocsp-update"),
            flag("prefer_client_ciphers", "prefer-client-ciphers"),
            param("proto", "proto"),
            param("quic-cc-algo", "quic-cc-algo"),
            flag("quic-force-retry", "quic-force-retry"),
            param("severity_output", "severity-output"),
            param("sigalgs", "sigalgs"),
            flag("strict_sni", "strict-sni"),
            param("tcp_user_timeout", "tcp-ut", INTEGER),
            param("tls_ticket_keys", "tls-ticket-keys"),
            param("uid", "uid"))), List.of());

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
        ObjectNode out = JsonNodeFactory.instance.objectNode();
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
            Value.parseLong(range[0]).ifPresent(p -> out.put("port", p));
            if (range.length == 2) {
                Value.parseLong(range[1]).ifPresent(p -> out.put("port-range-end", p));
            }
        }
                List<String> w = l.words();
        for (int i = addressAt() + 1; i < w.size(); i++) {
            Arg p = params.byKeyword().get(w.get(i));
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
            words.add(Value.WORD.write(nameField, model.path(nameField)));
        }
        for (String field : positional) {
            if (!model.hasNonNull(field)) {
                throw ConfigException.schema(602, field + " in body is required");
            }
            words.add(Value.WORD.write(field, model.get(field)));
        }
        if (!model.hasNonNull(addressField)) {
            throw ConfigException.schema(602, addressField + " in body is required");
        }
        String address = Value.WORD.write(addressField, model.get(addressField));
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
        Set<Arg> written = new HashSet<>();
        if (old != null) {
            List<String> w = old.words();
            for (int i = addressAt() + 1; i < w.size(); i++) {
                Arg p = params.byKeyword().get(w.get(i));
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
        for (Arg p : params.args()) {
            if (written.add(p)) {
                words.addAll(paramWords(p, model, address));
            }
        }
        return words;
    }

    /** A parameter's words; a bind's name that is its address is the default name, not written. */
    private List<String> paramWords(Arg p, JsonNode model, String address) throws ConfigException {
        JsonNode v = model.get(p.json());
        if (!namedByWord() && p.json().equals("name") && v != null && v.asText().equals(address)) {
            return List.of();
        }
        return p.words(p.json(), v);
    }
}
