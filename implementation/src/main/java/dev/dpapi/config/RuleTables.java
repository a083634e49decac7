package dev.dpapi.config;

import static dev.dpapi.config.TypedRule.Slot.Kind.INT;
import static dev.dpapi.config.TypedRule.Slot.Kind.TEXT;
import static dev.dpapi.config.TypedRule.Slot.Kind.TIME;
import static dev.dpapi.config.TypedRule.Slot.Kind.WORD;
import static dev.dpapi.config.TypedRule.Slot.after;
import static dev.dpapi.config.TypedRule.Slot.either;
import static dev.dpapi.config.TypedRule.Slot.flag;
import static dev.dpapi.config.TypedRule.Slot.headers;
import static dev.dpapi.config.TypedRule.Slot.integer;
import static dev.dpapi.config.TypedRule.Slot.literal;
import static dev.dpapi.config.TypedRule.Slot.parenText;
import static dev.dpapi.config.TypedRule.Slot.rest;
import static dev.dpapi.config.TypedRule.Slot.suffix;
import static dev.dpapi.config.TypedRule.Slot.time;
import static dev.dpapi.config.TypedRule.Slot.word;
import static dev.dpapi.config.TypedRule.type;

import dev.dpapi.config.TypedRule.Slot;
import java.util.List;
import java.util.function.Function;
import java.util.Map;

/** The rule families' tables: for each type, the model fields its arguments fill, in order. */
final class RuleTables {

    /**
     * The stick counter actions: {@code sc-inc-gpc0(<id>)}, {@code sc-add-gpc(<idx>,<id>) <value>}... Each family
     * names the counter id and the values its own way.
     */
    private static List<Map.Entry<String, List<Slot>>> counters(Function<String, Slot> inParens, String id,
                                                               Slot addValue, Slot gptValue) {
        return List.of(type("sc-inc-gpc0", inParens.apply(id)), type("sc-inc-gpc1", inParens.apply(id)),
                type("sc-inc-gpc", inParens.apply("sc_idx"), inParens.apply(id)),
                type("sc-add-gpc", inParens.apply("sc_idx"), inParens.apply(id), addValue),
                type("sc-set-gpt0", inParens.apply(id), gptValue));
    }

    /** Header edits, shared by the three HTTP rule families. */
    private static final List<Map.Entry<String, List<Slot>>> HEADERS = List.of(
            type("add-header", word("hdr_name"), rest("hdr_format")),
            type("set-header", word("hdr_name"), rest("hdr_format")),
            type("del-header", word("hdr_name"), after("-m", "hdr_method", WORD)),
            type("replace-header", word("hdr_name"), word("hdr_match"), rest("hdr_format")),
            type("replace-value", word("hdr_name"), word("hdr_match"), rest("hdr_format")),
            type("set-var", rest("var_expr")),
            type("set-var-fmt", rest("var_format")),
            type("unset-var"));

    /** Actions of both http-request and http-response. */
    private static final List<Map.Entry<String, List<Slot>>> REQUEST_AND_RESPONSE = List.of(
            type("allow"), type("silent-drop"),
            type("deny", after("deny_status", "deny_status", INT)),
            type("redirect", word("redir_type"), word("redir_value"), after("code", "redir_code", INT),
                    rest("redir_option")),
            type("set-log-level", word("log_level")),
            type("set-map", parenText("map_file"), word("map_keyfmt"), rest("map_valuefmt")),
            type("del-map", parenText("map_file"), rest("map_keyfmt")),
            type("add-acl", parenText("acl_file"), rest("acl_keyfmt")),
            type("del-acl", parenText("acl_file"), rest("acl_keyfmt")),
            type("lua", suffix("lua_action"), rest("lua_params")),
            type("set-mark", word("mark_value")), type("set-nice", integer("nice_value")), type("set-tos", word("tos_value")),
            type("strict-mode", word("strict_mode")),
            type("send-spoe-group", word("spoe_engine"), word("spoe_group")),
            type("track-sc0", word("track-sc0-key"), after("table", "track-sc0-table", WORD)),
            type("track-sc1", word("track-sc1-key"), after("table", "track-sc1-table", WORD)),
            type("track-sc2", word("track-sc2-key"), after("table", "track-sc2-table", WORD)),
            type("set-bandwidth-limit", word("bandwidth_limit_name"), after("limit", "bandwidth_limit_limit", WORD),
                    after("period", "bandwidth_limit_period", WORD)),
            type("wait-for-body", after("time", "wait_time", TIME), after("at-least", "wait_at_least", INT)),
            type("return", after("status", "return_status_code", INT),
                    after("content-type", "return_content_type", WORD),
                    Slot.keyed("return_content_format", "return_content",
                            "errorfile", "errorfiles", "file", "lf-file", "string", "lf-string"),
                    headers("return_hdrs")));

    private static final Map.Entry<String, List<Slot>> SET_STATUS =
            type("set-status", integer("status"), after("reason", "status_reason", TEXT));

    private static final List<Map.Entry<String, List<Slot>>> HTTP_COUNTERS =
            counters(Slot::paren, "sc_id", either("sc_int", "sc_expr"), either("sc_int", "sc_expr"));

    static final TypedRule HTTP_REQUEST = TypedRule.of("http-request", "type", true, HEADERS, REQUEST_AND_RESPONSE,
            HTTP_COUNTERS,
            List.of(type("reject"), type("disable-l7-retry"),
                    type("tarpit", after("deny_status", "deny_status", INT)),
                    type("auth", after("realm", "auth_realm", WORD)),
                    type("set-path", rest("path_fmt")),
                    type("replace-path", word("path_match"), rest("path_fmt")),
                    type("set-pathq", rest("path_fmt")), type("replace-pathq", word("path_match"), rest("path_fmt")),
                    type("set-query", rest("query-fmt")),
                    type("set-uri", rest("uri-fmt")), type("replace-uri", word("uri-match"), rest("uri-fmt")),
                    type("set-method", rest("method_fmt")),
                    type("set-src", rest("expr")), type("set-dst", rest("expr")),
                    type("set-src-port", rest("expr")), type("set-dst-port", rest("expr")),
                    type("capture", word("capture_sample"), after("len", "capture_len", INT), after("id", "capture_id", INT)),
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

    static final TypedRule HTTP_RESPONSE = TypedRule.of("http-response", "type", true, HEADERS, REQUEST_AND_RESPONSE,
            HTTP_COUNTERS,
            List.of(SET_STATUS,
                    type("capture", word("capture_sample"), after("id", "capture_id", INT)),
                    type("cache-store", word("cache_name"))));

    static final TypedRule HTTP_AFTER_RESPONSE = TypedRule.of("http-after-response", "type", true, HEADERS,
            List.of(type("allow"), SET_STATUS));

    /** Actions of tcp-request connection, session and content. */
    private static final List<Map.Entry<String, List<Slot>>> TCP_REQUEST_ACTIONS = List.of(
            type("accept"), type("reject"), type("silent-drop"),
            type("expect-proxy", literal("layer4")), type("expect-netscaler-cip", literal("layer4")),
            type("capture", word("capture_sample"), after("len", "capture_len", INT)),
            type("do-resolve", parenText("resolve_var"), parenText("resolve_resolvers"),
                    parenText("resolve_protocol"), rest("expr")),
            type("send-spoe-group", word("spoe_engine_name"), word("spoe_group_name")),
            type("set-dst", rest("expr")), type("set-dst-port", rest("expr")),
            type("set-src", rest("expr")), type("set-src-port", rest("expr")),
            type("set-var", rest("expr")), type("set-var-fmt", rest("var_format")), type("unset-var"),
            type("track-sc0", word("track_key"), after("table", "track_table", WORD)),
            type("track-sc1", word("track_key"), after("table", "track_table", WORD)),
            type("track-sc2", word("track_key"), after("table", "track_table", WORD)),
            type("use-service", word("service_name")),
            type("lua", suffix("lua_action"), rest("lua_params")),
            type("set-bandwidth-limit", word("bandwidth_limit_name"), after("limit", "bandwidth_limit_limit", WORD),
                    after("period", "bandwidth_limit_period", WORD)),
            type("set-mark", word("mark_value")), type("set-tos", word("tos_value")),
            type("set-log-level", word("log_level")), type("set-nice", integer("nice_value")),
            type("switch-mode", literal("http"), after("proto", "switch_mode_proto", WORD)));

    private static final List<Map.Entry<String, List<Slot>>> TCP_COUNTERS =
            counters(Slot::parenText, "sc_inc_id", either("sc_int", "expr"), rest("gpt_value"));

    static final TwoLevelRule TCP_REQUEST = new TwoLevelRule("tcp-request", Map.of(
            "inspect-delay", TypedRule.of("tcp-request", "type", false, type("inspect-delay", time("timeout"))),
            "connection", TypedRule.of("tcp-request connection", "action", true, TCP_REQUEST_ACTIONS, TCP_COUNTERS),
            "session", TypedRule.of("tcp-request session", "action", true, TCP_REQUEST_ACTIONS, TCP_COUNTERS),
            "content", TypedRule.of("tcp-request content", "action", true, TCP_REQUEST_ACTIONS, TCP_COUNTERS)));

    static final TwoLevelRule TCP_RESPONSE = new TwoLevelRule("tcp-response", Map.of(
            "inspect-delay", TypedRule.of("tcp-response", "type", false, type("inspect-delay", time("timeout"))),
            "content", TypedRule.of("tcp-response content", "action", true, List.of(
                    type("accept"), type("reject"), type("close"), type("silent-drop"),
                    type("lua", suffix("lua_action"), rest("lua_params")),
                    type("set-bandwidth-limit", word("bandwidth_limit_name"),
                            after("limit", "bandwidth_limit_limit", WORD), after("period", "bandwidth_limit_period", WORD)),
                    type("send-spoe-group", word("spoe_engine"), word("spoe_group")),
                    type("set-log-level", word("log_level")), type("set-mark", word("mark_value")),
                    type("set-nice", integer("nice_value")), type("set-tos", word("tos_value")),
                    type("unset-var")),
                    counters(Slot::paren, "sc_id", either("sc_int", "sc_expr"), rest("expr")))));

    static final TypedRule ACL = TypedRule.of("acl", null, false,
            type("acl", word("acl_name").mandatory(), word("criterion").mandatory(), rest("value")));

    static final TypedRule USE_BACKEND = TypedRule.of("use_backend", null, true,
            type("use_backend", word("name").mandatory()));

    static final TypedRule USE_SERVER = TypedRule.of("use-server", null, true,
            type("use-server", word("target_server")));

    static final TypedRule STICK = TypedRule.of("stick", "type", true,
            type("on", word("pattern"), after("table", "table", WORD)),
            type("match", word("pattern"), after("table", "table", WORD)),
            type("store-request", word("pattern"), after("table", "table", WORD)),
            type("store-response", word("pattern"), after("table", "table", WORD)));

    static final TypedRule CAPTURE = TypedRule.of("declare capture", null, false,
            type("capture", word("type"), after("len", "length", INT)));

    /** {@code filter bwlim-in|bwlim-out <name> ...}: per-stream (default-*) or shared (limit, key, table). */
    private static final List<Slot> BANDWIDTH_LIMIT = List.of(word("bandwidth_limit_name"),
            after("default-limit", "default_limit", WORD), after("default-period", "default_period", WORD),
            after("limit", "limit", WORD), after("key", "key", WORD), after("table", "table", WORD),
            after("period", "period", WORD), after("min-size", "min_size", INT));

    static final TypedRule FILTER = TypedRule.of("filter", "type", false,
            type("trace", after("name", "trace_name", WORD), flag("trace_rnd_parsing", "random-parsing"),
                    flag("trace_rnd_forwarding", "random-forwarding"), flag("trace_hexdump", "hexdump")),
            type("compression"),
            type("spoe", after("engine", "spoe_engine", WORD), after("config", "spoe_config", WORD)),
            type("cache", word("cache_name")),
            type("fcgi-app", word("app_name")),
            type("bwlim-in", BANDWIDTH_LIMIT.toArray(Slot[]::new)),
            type("bwlim-out", BANDWIDTH_LIMIT.toArray(Slot[]::new)));

    static final TypedRule LOG_TARGET = TypedRule.of("log", null, false,
            type("log", word("address"), after("len", "length", INT), after("format", "format", WORD),
                    after("sample", "sample_range", WORD), word("facility"), word("level"), word("minlevel")));

    /** Options of http-check and tcp-check connect. */
    private static final List<Slot> CHECK_CONNECT = List.of(flag("default", "default"), after("port", "port", INT),
            after("addr", "addr", WORD), flag("send_proxy", "send-proxy"), flag("via_socks4", "via-socks4"),
            flag("ssl", "ssl"), after("sni", "sni", WORD), after("alpn", "alpn", WORD), flag("linger", "linger"),
            after("proto", "proto", WORD), after("comment", "check_comment", TEXT));

    /** Options of http-check and tcp-check expect, then the match (after an optional '!') and its pattern. */
    private static List<Slot> checkExpect(String... matches) {
        return List.of(after("min-recv", "min_recv", INT), after("comment", "check_comment", TEXT),
                after("ok-status", "ok_status", WORD), after("error-status", "error_status", WORD),
                after("tout-status", "tout_status", WORD), after("on-success", "on_success", TEXT),
                after("on-error", "on_error", TEXT), after("status-code", "status-code", WORD),
                flag("exclamation_mark", "!"), Slot.keyed("match", "pattern", matches));
    }

    /** Variables, shared by both check families. */
    private static final List<Map.Entry<String, List<Slot>>> CHECK_VARIABLES = List.of(
            type("set-var", rest("var_expr")), type("unset-var"));

    static final TypedRule HTTP_CHECK = TypedRule.of("http-check", "type", false, CHECK_VARIABLES, List.of(
            type("send", after("meth", "method", WORD), after("uri", "uri", WORD),
                    after("uri-lf", "uri_log_format", TEXT), after("ver", "version", WORD), headers("headers"),
                    after("body", "body", TEXT), after("body-lf", "body_log_format", TEXT),
                    after("comment", "check_comment", TEXT)),
            Map.entry("expect", checkExpect("status", "rstatus", "hdr", "fhdr", "string", "rstring")),
            Map.entry("connect", CHECK_CONNECT),
            type("set-var-fmt", rest("var_format")),
            type("disable-on-404"), type("send-state"),
            type("comment", rest("check_comment"))));

    static final TypedRule TCP_CHECK = TypedRule.of("tcp-check", "action", false, CHECK_VARIABLES, List.of(
            Map.entry("connect", CHECK_CONNECT),
            type("send", Slot.text("data")),
            type("send-lf", Slot.text("fmt")),
            type("send-binary", rest("hex_string")),
            type("send-binary-lf", rest("hex_fmt")),
            Map.entry("expect", checkExpect("string", "rstring", "string-lf", "binary", "rbinary", "binary-lf")),
            type("set-var-fmt", rest("var_fmt")),
            type("comment", rest("log_message"))));

    /** {@code http-error status <code> ...}: the type word is {@code status}, its argument the code. */
    static final TypedRule HTTP_ERROR = TypedRule.of("http-error", "type", false,
            type("status", Slot.integer("status").mandatory(),
                    after("content-type", "return_content_type", WORD),
                    Slot.keyed("return_content_format", "return_content",
                            "errorfile", "errorfiles", "file", "lf-file", "string", "lf-string"),
                    headers("return_hdrs")));

    private RuleTables() {
    }
}
