package dev.dpapi.model;

import static dev.dpapi.model.Arg.either;
import static dev.dpapi.model.Arg.flag;
import static dev.dpapi.model.Arg.headers;
import static dev.dpapi.model.Arg.integer;
import static dev.dpapi.model.Arg.literal;
import static dev.dpapi.model.Arg.param;
import static dev.dpapi.model.Arg.parenText;
import static dev.dpapi.model.Arg.rest;
import static dev.dpapi.model.Arg.suffix;
import static dev.dpapi.model.Arg.time;
import static dev.dpapi.model.Arg.word;
import static dev.dpapi.model.TypedRule.type;
import static dev.dpapi.model.Value.FORMAT;
import static dev.dpapi.model.Value.INTEGER;
import static dev.dpapi.model.Value.SIZE;
import static dev.dpapi.model.Value.TEXT;
import static dev.dpapi.model.Value.TIME;
import static dev.dpapi.model.Value.WORD;

import java.util.List;
import java.util.function.Function;
import java.util.Map;

/** The rule families' tables: for each type, the model fields its arguments fill, in order. */
public final class RuleTables {

    /**
     * The stick counter actions: {@code sc-inc-gpc0(<id>)}, {@code sc-add-gpc(<idx>,<id>) <value>}... Each family
     * names the counter id and the values its own way.
     */
    private static List<Map.Entry<String, List<Arg>>> counters(Function<String, Arg> inParens, String id,
                                                               Arg addValue, Arg gptValue) {
        return List.of(type("sc-inc-gpc0", inParens.apply(id)), type("sc-inc-gpc1", inParens.apply(id)),
                type("sc-inc-gpc", inParens.apply("sc_idx"), inParens.apply(id)),
                type("sc-add-gpc", inParens.apply("sc_idx"), inParens.apply(id), addValue),
                type("sc-set-gpt0", inParens.apply(id), gptValue));
    }

    /** Header edits, shared by the three HTTP rule families. */
    private static final List<Map.Entry<String, List<Arg>>> HEADERS = List.of(
            type("add-header", word("hdr_name"), rest("hdr_format")),
            type("set-header", word("hdr_name"), rest("hdr_format")),
            type("del-header", word("hdr_name"), param("hdr_method", "-m")),
            type("replace-header", word("hdr_name"), word("hdr_match"), rest("hdr_format")),
            type("replace-value", word("hdr_name"), word("hdr_match"), rest("hdr_format")),
            type("set-var", rest("var_expr")),
            type("set-var-fmt", rest("var_format")),
            type("unset-var"));

    /** Map, ACL file, log level and strict mode actions of the three HTTP rule families. */
    private static final List<Map.Entry<String, List<Arg>>> MAPS_AND_MODES = List.of(
            type("set-log-level", word("log_level")),
            type("set-map", parenText("map_file"), word("map_keyfmt"), rest("map_valuefmt")),
            type("del-map", parenText("map_file"), rest("map_keyfmt")),
            type("del-acl", parenText("acl_file"), rest("acl_keyfmt")),
            type("strict-mode", word("strict_mode")));

    /** Actions of both http-request and http-response (http-after-response has no add-acl, as HAProxy). */
    private static final List<Map.Entry<String, List<Arg>>> REQUEST_AND_RESPONSE = List.of(
            type("allow"), type("silent-drop"),
            type("deny", param("deny_status", "deny_status", INTEGER)),
            type("redirect", word("redir_type"), word("redir_value"), param("redir_code", "code", INTEGER),
                    rest("redir_option")),
            type("add-acl", parenText("acl_file"), rest("acl_keyfmt")),
            type("lua", suffix("lua_action"), rest("lua_params")),
            type("set-mark", word("mark_value")), type("set-nice", integer("nice_value")), type("set-tos", word("tos_value")),
            type("send-spoe-group", word("spoe_engine"), word("spoe_group")),
            type("track-sc0", word("track-sc0-key"), param("track-sc0-table", "table")),
            type("track-sc1", word("track-sc1-key"), param("track-sc1-table", "table")),
            type("track-sc2", word("track-sc2-key"), param("track-sc2-table", "table")),
            type("set-bandwidth-limit", word("bandwidth_limit_name"), param("bandwidth_limit_limit", "limit"),
                    param("bandwidth_limit_period", "period")),
            type("wait-for-body", param("wait_time", "time", TIME), param("wait_at_least", "at-least", INTEGER)),
            type("return", param("return_status_code", "status", INTEGER),
                    param("return_content_type", "content-type"),
                    Arg.keyed("return_content_format", "return_content", WORD, "errorfile", "errorfiles", "file", "lf-file").or(TEXT, "string", "lf-string"),
                    headers("return_hdrs")));

    private static final Map.Entry<String, List<Arg>> SET_STATUS =
            type("set-status", integer("status"), param("status_reason", "reason", FORMAT));

    private static final List<Map.Entry<String, List<Arg>>> HTTP_COUNTERS =
            counters(Arg::paren, "sc_id", either("sc_int", "sc_expr"), either("sc_int", "sc_expr"));

    public static final TypedRule HTTP_REQUEST = TypedRule.of("http-request", "type", true, HEADERS, REQUEST_AND_RESPONSE,
            MAPS_AND_MODES, HTTP_COUNTERS,
            List.of(type("reject"), type("disable-l7-retry"),
                    type("tarpit", param("deny_status", "deny_status", INTEGER)),
                    type("auth", param("auth_realm", "realm")),
                    type("set-path", rest("path_fmt")),
                    type("replace-path", word("path_match"), rest("path_fmt")),
                    type("set-pathq", rest("path_fmt")), type("replace-pathq", word("path_match"), rest("path_fmt")),
                    type("set-query", rest("query-fmt")),
                    type("set-uri", rest("uri-fmt")), type("replace-uri", word("uri-match"), rest("uri-fmt")),
                    type("set-method", rest("method_fmt")),
                    type("set-src", rest("expr")), type("set-dst", rest("expr")),
                    type("set-src-port", rest("expr")), type("set-dst-port", rest("expr")),
                    type("capture", word("capture_sample"), param("capture_len", "len", INTEGER), param("capture_id", "id", INTEGER)),
                    type("use-service", word("service_name")),
                    type("cache-use", word("cache_name")),
                    type("set-timeout", word("timeout_type"), rest("timeout")),
                    type("early-hint", word("hint_name"), rest("hint_format")),
                    type("set-priority-class", rest("expr")), type("set-priority-offset", rest("expr")),
                    type("wait-for-handshake"),
                    type("do-resolve", parenText("var_name"), parenText("resolvers"), parenText("protocol"),
                            rest("expr")),
                    type("normalize-uri", word("normalizer"), flag("normalizer_full", "full"),
                            flag("normalizer_strict", "strict"))));

    public static final TypedRule HTTP_RESPONSE = TypedRule.of("http-response", "type", true, HEADERS, REQUEST_AND_RESPONSE,
            MAPS_AND_MODES, HTTP_COUNTERS,
            List.of(SET_STATUS,
                    type("capture", word("capture_sample"), param("capture_id", "id", INTEGER)),
                    type("cache-store", word("cache_name"))));

    public static final TypedRule HTTP_AFTER_RESPONSE = TypedRule.of("http-after-response", "type", true, HEADERS,
            MAPS_AND_MODES, HTTP_COUNTERS, List.of(type("allow"), SET_STATUS));

    /** Actions of tcp-request connection, session and content. */
    private static final List<Map.Entry<String, List<Arg>>> TCP_REQUEST_ACTIONS = List.of(
            type("accept"), type("reject"), type("silent-drop"),
            type("expect-proxy", literal("layer4")), type("expect-netscaler-cip", literal("layer4")),
            type("capture", word("capture_sample"), param("capture_len", "len", INTEGER)),
            type("do-resolve", parenText("resolve_var"), parenText("resolve_resolvers"),
                    parenText("resolve_protocol"), rest("expr")),
            type("send-spoe-group", word("spoe_engine_name"), word("spoe_group_name")),
            type("set-dst", rest("expr")), type("set-dst-port", rest("expr")),
            type("set-src", rest("expr")), type("set-src-port", rest("expr")),
            type("set-var", rest("expr")), type("set-var-fmt", rest("var_format")), type("unset-var"),
            type("track-sc0", word("track_key"), param("track_table", "table")),
            type("track-sc1", word("track_key"), param("track_table", "table")),
            type("track-sc2", word("track_key"), param("track_table", "table")),
            type("use-service", word("service_name")),
            type("lua", suffix("lua_action"), rest("lua_params")),
            type("set-bandwidth-limit", word("bandwidth_limit_name"), param("bandwidth_limit_limit", "limit"),
                    param("bandwidth_limit_period", "period")),
            type("set-mark", word("mark_value")), type("set-tos", word("tos_value")),
            type("set-log-level", word("log_level")), type("set-nice", integer("nice_value")),
            type("set-priority", Arg.suffix("priority_type", "-", Value.choice("class", "offset")), rest("expr")),
            type("switch-mode", literal("http"), param("switch_mode_proto", "proto")));

    private static final List<Map.Entry<String, List<Arg>>> TCP_COUNTERS =
            counters(Arg::parenText, "sc_inc_id", either("sc_int", "expr"), rest("gpt_value"));

    public static final TwoLevelRule TCP_REQUEST = new TwoLevelRule("tcp-request", Map.of(
            "inspect-delay", TypedRule.of("tcp-request", "type", false, type("inspect-delay", time("timeout"))),
            "connection", TypedRule.of("tcp-request connection", "action", true, TCP_REQUEST_ACTIONS, TCP_COUNTERS),
            "session", TypedRule.of("tcp-request session", "action", true, TCP_REQUEST_ACTIONS, TCP_COUNTERS),
            "content", TypedRule.of("tcp-request content", "action", true, TCP_REQUEST_ACTIONS, TCP_COUNTERS)));

    public static final TwoLevelRule TCP_RESPONSE = new TwoLevelRule("tcp-response", Map.of(
            "inspect-delay", TypedRule.of("tcp-response", "type", false, type("inspect-delay", time("timeout"))),
            "content", TypedRule.of("tcp-response content", "action", true, List.of(
                    type("accept"), type("reject"), type("close"), type("silent-drop"),
                    type("lua", suffix("lua_action"), rest("lua_params")),
                    type("set-bandwidth-limit", word("bandwidth_limit_name"),
                            param("bandwidth_limit_limit", "limit"), param("bandwidth_limit_period", "period")),
                    type("send-spoe-group", word("spoe_engine"), word("spoe_group")),
                    type("set-log-level", word("log_level")), type("set-mark", word("mark_value")),
                    type("set-nice", integer("nice_value")), type("set-tos", word("tos_value")),
                    type("unset-var")),
                    counters(Arg::paren, "sc_id", either("sc_int", "sc_expr"), rest("expr")))));

    public static final TypedRule ACL = TypedRule.of("acl", null, false,
            type("acl", word("acl_name").mandatory(), word("criterion").mandatory(),
                    rest("value").mandatory()));

    public static final TypedRule USE_BACKEND = TypedRule.of("use_backend", null, true,
            type("use_backend", word("name").mandatory()));

    public static final TypedRule USE_SERVER = TypedRule.of("use-server", null, true,
            type("use-server", word("target_server").mandatory()));

    public static final TypedRule STICK = TypedRule.of("stick", "type", true,
            type("on", word("pattern").mandatory(), param("table", "table")),
            type("match", word("pattern").mandatory(), param("table", "table")),
            type("store-request", word("pattern").mandatory(), param("table", "table")),
            type("store-response", word("pattern").mandatory(), param("table", "table")));

    public static final TypedRule CAPTURE = TypedRule.of("declare capture", null, false,
            type("capture", word("type").mandatory(), param("length", "len", INTEGER).mandatory()));

    /** {@code filter bwlim-in|bwlim-out <name> ...}: per-stream (default-*) or shared (limit, key, table). */
    private static final List<Arg> BANDWIDTH_LIMIT = List.of(word("bandwidth_limit_name"),
            param("default_limit", "default-limit", SIZE), param("default_period", "default-period", TIME),
            param("limit", "limit", SIZE), param("key", "key"), param("table", "table"),
            param("period", "period", TIME), param("min_size", "min-size", INTEGER));

    public static final TypedRule FILTER = TypedRule.of("filter", "type", false,
            type("trace", param("trace_name", "name"), flag("trace_rnd_parsing", "random-parsing"),
                    flag("trace_rnd_forwarding", "random-forwarding"), flag("trace_hexdump", "hexdump")),
            type("compression"),
            type("spoe", param("spoe_engine", "engine"), param("spoe_config", "config")),
            type("cache", word("cache_name")),
            type("fcgi-app", word("app_name")),
            type("bwlim-in", BANDWIDTH_LIMIT.toArray(Arg[]::new)),
            type("bwlim-out", BANDWIDTH_LIMIT.toArray(Arg[]::new)));

    static final TypedRule LOG_TARGET = TypedRule.of("log", null, false,
            type("log", flag("global", "global"), word("address"), param("length", "len", INTEGER), param("format", "format"),
                    param("sample", Value.pair(":", "sample_range", WORD, "sample_size", INTEGER)), word("facility"),
                    word("level"), word("minlevel")));

    /** {@code option <check> [<arguments>]}: the check of a backend, its arguments in an object of their own. */
    static final TypedRule CHECK_OPTION = TypedRule.of("option", "adv_check", false,
            type("ssl-hello-chk"),
            type("smtpchk", rest("smtpchk_params", Value.object(word("hello"), word("domain")))),
            type("ldap-check"),
            type("mysql-check", rest("mysql_check_params", Value.object(param("username", "user"),
                    Arg.positional("client_version", Value.choice("pre-41", "post-41"))))),
            type("pgsql-check", rest("pgsql_check_params", Value.object(param("username", "user")))),
            type("tcp-check"), type("redis-check"),
            type("httpchk", rest("httpchk_params", Value.object(
                    Arg.leading("method", Value.choice("HEAD", "PUT", "POST", "GET", "TRACE", "PATCH", "OPTIONS",
                            "DELETE", "CONNECT"), "/"),
                    word("uri"), rest("version", Value.FORMAT)))));

    /** Options of http-check and tcp-check connect. */
    private static final List<Arg> CHECK_CONNECT = List.of(flag("default", "default"), either("port", "port", "port_string"),
            param("addr", "addr"), flag("send_proxy", "send-proxy"), flag("via_socks4", "via-socks4"),
            flag("ssl", "ssl"), param("sni", "sni"), param("alpn", "alpn"), flag("linger", "linger"),
            param("proto", "proto"), param("check_comment", "comment", TEXT));

    /** Options of http-check and tcp-check expect, then the match (after an optional '!') and its pattern. */
    private static List<Arg> checkExpect(String... matches) {
        Arg match = Arg.keyed("match", "pattern", WORD); // a string match is free text, the others one word
        for (String m : matches) {
            match = match.or(m.endsWith("string") ? TEXT : WORD, m);
        }
        return List.of(param("min_recv", "min-recv", INTEGER), param("check_comment", "comment", TEXT),
                param("ok_status", "ok-status"), param("error_status", "error-status"),
                param("tout_status", "tout-status"), param("on_success", "on-success", TEXT),
                param("on_error", "on-error", TEXT), param("status-code", "status-code"),
                flag("exclamation_mark", "!"), match);
    }

    /** Variables, shared by both check families. */
    private static final List<Map.Entry<String, List<Arg>>> CHECK_VARIABLES = List.of(
            type("set-var", rest("var_expr")), type("unset-var"));

    public static final TypedRule HTTP_CHECK = TypedRule.of("http-check", "type", false, CHECK_VARIABLES, List.of(
            type("send", param("method", "meth"), param("uri", "uri"),
                    param("uri_log_format", "uri-lf", TEXT), param("version", "ver"), headers("headers"),
                    param("body", "body", TEXT), param("body_log_format", "body-lf", TEXT),
                    param("check_comment", "comment", TEXT)),
            Map.entry("expect", checkExpect("status", "rstatus", "hdr", "fhdr", "string", "rstring")),
            Map.entry("connect", CHECK_CONNECT),
            type("set-var-fmt", rest("var_format")),
            type("disable-on-404"), type("send-state"),
            type("comment", rest("check_comment"))));

    public static final TypedRule TCP_CHECK = TypedRule.of("tcp-check", "action", false, CHECK_VARIABLES, List.of(
            Map.entry("connect", CHECK_CONNECT),
            type("send", Arg.text("data")),
            type("send-lf", Arg.text("fmt")),
            type("send-binary", rest("hex_string")),
            type("send-binary-lf", rest("hex_fmt")),
            Map.entry("expect", checkExpect("string", "rstring", "string-lf", "binary", "rbinary", "binary-lf")),
            type("set-var-fmt", rest("var_fmt")),
            type("comment", rest("log_message"))));

    /** {@code http-error status <code> ...}: the type word is {@code status}, its argument the code. */
    public static final TypedRule HTTP_ERROR = TypedRule.of("http-error", "type", false,
            type("status", integer("status").mandatory(),
                    param("return_content_type", "content-type"),
                    Arg.keyed("return_content_format", "return_content", WORD, "errorfile", "errorfiles", "file", "lf-file").or(TEXT, "string", "lf-string"),
                    headers("return_hdrs")));

    private RuleTables() {
    }
}
