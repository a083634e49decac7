package dev.dpapi.model;

import static dev.dpapi.model.Field.flag;
import static dev.dpapi.model.Field.integer;
import static dev.dpapi.model.Field.onOff;
import static dev.dpapi.model.Field.text;
import static dev.dpapi.model.Field.time;
import static dev.dpapi.model.Field.word;
import static dev.dpapi.model.TypedRule.type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The field tables of the section models: JSON field name ↔ directive, one table per resource. */
public final class SectionTables {

    private static final List<FieldMapping> COMMON = List.of(
            GroupField.of("compression", Field.wordList("algorithms", "compression algo"),
                    Field.wordList("types", "compression type"), flag("offload", "compression offload")),
            GroupField.of("stats_options", flag("stats_enable", "stats enable"),
                    word("stats_uri_prefix", "stats uri"), time("stats_refresh_delay", "stats refresh"),
                    flag("stats_hide_version", "stats hide-version"), flag("stats_show_legends", "stats show-legends"),
                    flag("stats_show_modules", "stats show-modules"), text("stats_show_desc", "stats show-desc"),
                    word("stats_show_node_name", "stats show-node"), integer("stats_maxconn", "stats maxconn"),
                    ObjectField.flat("stats realm", Arg.flag("stats_realm", ""), Arg.rest("stats_realm_realm", Value.TEXT)),
                    ObjectField.flat("stats admin", Arg.flag("stats_admin", ""), Arg.condition("stats_admin_cond")),
                    ListField.of(ObjectField.of("stats_auths", "stats auth",
                            Arg.pair("user", "passwd"))),
                    ListField.of(ObjectField.of("stats_http_requests",
                            "stats http-request", Arg.word("type"), Arg.param("realm", "realm"), Arg.condition("cond")))),
            GroupField.of("email_alert", word("from", "email-alert from"), word("to", "email-alert to"),
                    word("level", "email-alert level", "emerg", "alert", "crit", "err", "warning", "notice", "info",
                            "debug"),
                    word("mailers", "email-alert mailers"), word("myhostname", "email-alert myhostname")),
            ListField.of("error_files", "errorfile", Arg.integer("code"), Arg.word("file")),
            ListField.of("errorfiles_from_http_errors", "errorfiles", Arg.word("name"), Arg.rest("codes", Value.INTEGER_LIST)),
            ObjectField.enabled("forwardfor", "option forwardfor",
                    Arg.param("except", "except"), Arg.param("header", "header"), Arg.flag("ifnone", "if-none")),
            ObjectField.enabled("originalto", "option originalto",
                    Arg.param("except", "except"), Arg.param("header", "header")),
            ObjectField.of("errorloc302", "errorloc302", Arg.integer("code"), Arg.word("url")),
            ObjectField.of("errorloc303", "errorloc303", Arg.integer("code"), Arg.word("url")),
            word("mode", "mode", "http", "tcp"),
            text("description", "description"),
            integer("id", "id"),
            flag("disabled", "disabled"),
            flag("enabled", "enabled"),
            word("log_tag", "log-tag"),
            word("http_connection_mode", "option", "httpclose", "http-server-close", "http-keep-alive"),
            time("http_request_timeout", "timeout http-request"),
            time("http_keep_alive_timeout", "timeout http-keep-alive"),
            time("tarpit_timeout", "timeout tarpit"),
            onOff("http-buffer-request", "option http-buffer-request"),
            onOff("tcpka", "option tcpka"),
            onOff("nolinger", "option nolinger"),
            onOff("independent_streams", "option independent-streams"),
            onOff("splice_auto", "option splice-auto"),
            onOff("splice_request", "option splice-request"),
            onOff("splice_response", "option splice-response"),
            ObjectField.of("stick_table", "stick-table",
                    Arg.param("type", "type"), Arg.param("keylen", "len", Value.INTEGER),
                    Arg.param("size", "size", Value.SIZE), Arg.param("expire", "expire", Value.TIME),
                    Arg.param("peers", "peers"), Arg.flag("nopurge", "nopurge"), Arg.param("store", "store")),
            word("bind_process", "bind-process"),
            onOff("http-use-htx", "option http-use-htx")); // HAProxy 2.6 refuses it: haproxy -c answers the write

    /** What HAProxy does with header names it does not take: frontends and backends both have it. */
    private static final FieldMapping HEADER_NAME_POLICY = word("http_restrict_req_hdr_names",
            "option http-restrict-req-hdr-names", "preserve", "delete", "reject");

    private static final List<FieldMapping> FRONTEND_ONLY = List.of(
            integer("maxconn", "maxconn"),
            integer("backlog", "backlog"),
            word("default_backend", "default_backend"),
            time("client_timeout", "timeout client"),
            time("client_fin_timeout", "timeout client-fin"),
            flag("httplog", "option httplog"),
            Field.present("httpslog", "option httpslog"),
            flag("tcplog", "option tcplog"),
            text("log_format", "log-format"),
            text("log_format_sd", "log-format-sd"),
            text("error_log_format", "error-log-format"),
            text("unique_id_format", "unique-id-format"),
            word("unique_id_header", "unique-id-header"),
            word("monitor_uri", "monitor-uri"),
            ObjectField.condition("monitor_fail", "monitor fail"),
            onOff("dontlognull", "option dontlognull"),
            onOff("dontlog_normal", "option dontlog-normal"),
            onOff("logasap", "option logasap"),
            onOff("log_separate_errors", "option log-separate-errors"),
            onOff("contstats", "option contstats"),
            onOff("clitcpka", "option clitcpka"),
            onOff("socket_stats", "option socket-stats"),
            onOff("tcp_smart_accept", "option tcp-smart-accept"),
            onOff("http_ignore_probes", "option http-ignore-probes"),
            onOff("http_no_delay", "option http-no-delay"),
            onOff("http_use_proxy_header", "option http-use-proxy-header"),
            onOff("idle_close_on_response", "option idle-close-on-response"),
            onOff("accept_invalid_http_request", "option accept-invalid-http-request"),
            flag("clflog", "option httplog clf"),
            integer("clitcpka_cnt", "clitcpka-cnt"),
            Field.secondsTime("clitcpka_idle", "clitcpka-idle"),
            Field.secondsTime("clitcpka_intvl", "clitcpka-intvl"),
            onOff("disable_h2_upgrade", "option disable-h2-upgrade"),
            onOff("h1_case_adjust_bogus_client", "option h1-case-adjust-bogus-client"),
            HEADER_NAME_POLICY);

    /** {@code balance <algorithm>[(<argument>)] [<parameters>]}: each algorithm's own arguments. */
    private static final TypedRule BALANCE = TypedRule.of("balance", "algorithm", false,
            type("roundrobin"), type("static-rr"), type("leastconn"), type("first"), type("source"),
            type("uri", Arg.param("uri_len", "len", Value.INTEGER), Arg.param("uri_depth", "depth", Value.INTEGER),
                    Arg.flag("uri_whole", "whole"), Arg.flag("uri_path_only", "path-only")),
            type("url_param", Arg.word("url_param"),
                    Arg.param("url_param_check_post", "check_post", Value.INTEGER),
                    Arg.param("url_param_max_wait", "max_wait", Value.INTEGER)),
            type("hdr", Arg.parenText("hdr_name"), Arg.flag("hdr_use_domain_only", "use_domain_only")),
            type("random", Arg.optionalParen("random_draws", Value.INTEGER)),
            type("rdp-cookie", Arg.optionalParen("rdp_cookie_name", Value.WORD)),
            type("hash", Arg.rest("hash_expression")));

    /** {@code default-server}: a server's parameters but its id, which is its own. */
    private static final ObjectField DEFAULT_SERVER = ObjectField.of("default_server", "default-server",
            LineModel.SERVER_PARAMS.args().stream().filter(a -> !a.json().equals("id")).toList());

    private static final List<FieldMapping> BACKEND_ONLY = List.of(
            ObjectField.enabled("redispatch", "option redispatch", Arg.integer("interval")),
            ObjectField.of("hash_type", "hash-type",
                    Arg.word("method"), Arg.word("function"), Arg.word("modifier")),
            ObjectField.condition("force_persist", "force-persist"),
            ObjectField.of("persist_rule", "persist", Arg.call("type", "rdp_cookie_name")),
            ObjectField.of("source", "source", Arg.hostPort("address", "port").mandatory(),
                    Arg.variant("usesrc", "usesrc", TypedRule.type("address", Arg.hostPort("address_second", "port_second")),
                            TypedRule.type("client"), TypedRule.type("clientip"),
                            TypedRule.type("hdr_ip", Arg.parenText("hdr"), Arg.parenText("occ"))),
                    Arg.param("interface", "interface")),
            ObjectField.condition("ignore_persist", "ignore-persist"),
            ObjectField.of("cookie", "cookie", Arg.word("name"),
                    Arg.oneOf("type", "insert", "rewrite", "prefix"),
                    Arg.flag("indirect", "indirect"), Arg.flag("nocache", "nocache"),
                    Arg.flag("postonly", "postonly"), Arg.flag("preserve", "preserve"),
                    Arg.flag("httponly", "httponly"), Arg.flag("secure", "secure"),
                    Arg.flag("dynamic", "dynamic"), Arg.param("maxidle", "maxidle", Value.INTEGER),
                    Arg.param("maxlife", "maxlife", Value.INTEGER), Arg.repeated("attr", "attr", Value.WORD),
                    Arg.repeated("domain", "domain", Value.WORD)),
            DEFAULT_SERVER,
            new TypedField("balance", BALANCE),
            integer("retries", "retries"),
            integer("fullconn", "fullconn"),
            time("connect_timeout", "timeout connect"),
            time("server_timeout", "timeout server"),
            time("server_fin_timeout", "timeout server-fin"),
            time("queue_timeout", "timeout queue"),
            time("check_timeout", "timeout check"),
            time("tunnel_timeout", "timeout tunnel"),
            word("http_reuse", "http-reuse", "aggressive", "always", "never", "safe"),
            word("load_server_state_from_file", "load-server-state-from-file", "global", "local", "none"),
            word("server_state_file_name", "server-state-file-name"),
            onOff("abortonclose", "option abortonclose"),
            onOff("allbackups", "option allbackups"),
            onOff("checkcache", "option checkcache"),
            onOff("log_health_checks", "option log-health-checks"),
            onOff("persist", "option persist"),
            onOff("prefer_last_server", "option prefer-last-server"),
            onOff("srvtcpka", "option srvtcpka"),
            onOff("transparent", "option transparent"),
            onOff("external_check", "option external-check"),
            onOff("tcp_smart_connect", "option tcp-smart-connect"),
            onOff("http_pretend_keepalive", "option http-pretend-keepalive"),
            onOff("accept_invalid_http_response", "option accept-invalid-http-response"),
            integer("max_keep_alive_queue", "max-keep-alive-queue"),
            integer("srvtcpka_cnt", "srvtcpka-cnt"),
            Field.secondsTime("srvtcpka_idle", "srvtcpka-idle"),
            Field.secondsTime("srvtcpka_intvl", "srvtcpka-intvl"),
            word("dynamic_cookie_key", "dynamic-cookie-key"),
            word("external_check_command", "external-check command"),
            word("external_check_path", "external-check path"),
            word("http_send_name_header", "http-send-name-header"),
            Field.words("retry_on", "retry-on"),
            word("use_fcgi_app", "use-fcgi-app"),
            onOff("h1_case_adjust_bogus_server", "option h1-case-adjust-bogus-server"),
            onOff("spop_check", "option spop-check"),
            onOff("http_proxy", "option http_proxy"),
            TypedField.flat(RuleTables.CHECK_OPTION));

    /**
     * The backend's own switches for the connection modes that {@code http_connection_mode} also reads (both name
     * {@code option httpclose}...), and its header-name policy; the defaults model has neither.
     */
    private static final List<FieldMapping> BACKEND_NOT_DEFAULTS = List.of(
            onOff("http-keep-alive", "option http-keep-alive"),
            onOff("http-server-close", "option http-server-close"),
            onOff("httpclose", "option httpclose"),
            onOff("http-no-delay", "option http-no-delay"),
            HEADER_NAME_POLICY);

    /** {@code tune.ssl.default-dh-param}, a tune option that the global model also names on its own (deprecated). */
    private static final Field DH_PARAM = integer("ssl_default_dh_param", "tune.ssl.default-dh-param");

    public static final List<FieldMapping> GLOBAL = List.of(
            Field.present("daemon", "daemon"), flag("master-worker", "master-worker"), flag("quiet", "quiet"),
            flag("zero_warning", "zero-warning"), flag("busy_polling", "busy-polling"),
            flag("noreuseport", "noreuseport"), flag("noepoll", "noepoll"), flag("nopoll", "nopoll"),
            flag("nosplice", "nosplice"), flag("nogetaddrinfo", "nogetaddrinfo"),
            flag("insecure_fork_wanted", "insecure-fork-wanted"), flag("insecure_setuid_wanted", "insecure-setuid-wanted"),
            flag("set_dumpable", "set-dumpable"), flag("strict_limits", "strict-limits"),
            flag("external_check", "external-check"),
            integer("maxconn", "maxconn"), integer("nbthread", "nbthread"), integer("ulimit_n", "ulimit-n"),
            integer("maxconnrate", "maxconnrate"), integer("maxsessrate", "maxsessrate"),
            integer("maxsslconn", "maxsslconn"), integer("maxsslrate", "maxsslrate"), integer("maxpipes", "maxpipes"),
            integer("maxcomprate", "maxcomprate"), integer("maxcompcpuusage", "maxcompcpuusage"),
            integer("maxzlibmem", "maxzlibmem"), integer("spread_checks", "spread-checks"),
            integer("uid", "uid"), integer("gid", "gid"), integer("stats_maxconn", "stats maxconn"),
            integer("mworker_max_reloads", "mworker-max-reloads"),
            time("hard_stop_after", "hard-stop-after"), time("stats_timeout", "stats timeout"), time("grace", "grace"),
            time("close_spread_time", "close-spread-time"),
            word("chroot", "chroot"), word("user", "user"), word("group", "group"), word("pidfile", "pidfile"),
            word("localpeer", "localpeer"), word("node", "node"), word("ca_base", "ca-base"),
            word("crt_base", "crt-base"), word("server_state_base", "server-state-base"),
            word("server_state_file", "server-state-file"), word("ssl_server_verify", "ssl-server-verify", "none", "required"),
            word("ssl_dh_param_file", "ssl-dh-param-file"), text("description", "description"),
            word("ssl_default_bind_ciphers", "ssl-default-bind-ciphers"),
            word("ssl_default_bind_ciphersuites", "ssl-default-bind-ciphersuites"),
            Field.words("ssl_default_bind_options", "ssl-default-bind-options"),
            word("ssl_default_server_ciphers", "ssl-default-server-ciphers"),
            word("ssl_default_server_ciphersuites", "ssl-default-server-ciphersuites"),
            Field.words("ssl_default_server_options", "ssl-default-server-options"),
            time("max_spread_checks", "max-spread-checks"), integer("thread_groups", "thread-groups"),
            integer("anonkey", "anonkey"),
            word("cluster_secret", "cluster-secret"), word("h1_case_adjust_file", "h1-case-adjust-file"),
            word("httpclient_resolvers_id", "httpclient.resolvers.id"),
            word("httpclient_ssl_ca_file", "httpclient.ssl.ca-file"),
            word("issuers_chain_path", "issuers-chain-path"), word("lua_load_per_thread", "lua-load-per-thread"),
            word("ssl_default_bind_client_sigalgs", "ssl-default-bind-client-sigalgs"),
            word("ssl_default_bind_curves", "ssl-default-bind-curves"),
            word("ssl_default_bind_sigalgs", "ssl-default-bind-sigalgs"),
            Field.words("ssl_load_extra_files", "ssl-load-extra-files"),
            flag("expose_experimental_directives", "expose-experimental-directives"),
            flag("h2_workaround_bogus_websocket_clients", "h2-workaround-bogus-websocket-clients"),
            flag("no-quic", "no-quic"), flag("noevports", "noevports"), flag("nokqueue", "nokqueue"),
            flag("pp2_never_send_local", "pp2-never-send-local"), flag("prealloc-fd", "prealloc-fd"),
            flag("ssl_skip_self_issued_ca", "ssl-skip-self-issued-ca"),
            onOff("numa_cpu_mapping", "numa-cpu-mapping"), Field.present("ssl_mode_async", "ssl-mode-async"),
            Field.toggle("httpclient_resolvers_disabled", "httpclient.resolvers.disabled"),
            word("httpclient_resolvers_prefer", "httpclient.resolvers.prefer", "ipv4", "ipv6"),
            word("httpclient_ssl_verify", "httpclient.ssl.verify", "none", "required"),
            word("profiling_tasks", "profiling.tasks", "auto", "on", "off"),
            ListField.of(ObjectField.of("runtime_apis", "stats socket",
                    concat(List.of(Arg.word("address")), LineModel.BIND.params().args()))),
            ListField.of("lua_loads", "lua-load", Arg.word("file")),
            ListField.of("lua_prepend_path", "lua-prepend-path", Arg.word("path"), Arg.word("type")),
            ListField.of("setenv", "setenv", Arg.word("name"), Arg.rest("value", Value.TEXT)),
            ListField.of("presetenv", "presetenv", Arg.word("name"), Arg.rest("value", Value.TEXT)),
            Field.words("resetenv", "resetenv"), Field.words("unsetenv", "unsetenv"),
            ListField.of("set_var", "set-var", Arg.word("name"), Arg.rest("expr")),
            ListField.of("set_var_fmt", "set-var-fmt", Arg.word("name"), Arg.rest("format", Value.TEXT)),
            ListField.of("cpu_maps", "cpu-map", Arg.word("process"), Arg.rest("cpu_set")),
            ListField.of("h1_case_adjust", "h1-case-adjust", Arg.word("from"), Arg.word("to")),
            ListField.of("ssl_engines", "ssl-engine", Arg.word("name"), Arg.rest("algorithms")),
            ListField.of("thread_group_lines", "thread-group", Arg.word("group"), Arg.word("num_or_range")),
            ObjectField.enabled("log_send_hostname", "log-send-hostname", Arg.word("param")),
            ObjectField.of("default_path", "default-path", Arg.word("type"), Arg.word("path")),
            integer("nbproc", "nbproc"),
            word("load_server_state_from_file", "load-server-state-from-file", "global", "local", "none"),
            // the device detection modules' settings, written whether or not this HAProxy has the module
            GroupField.of("device_atlas_options", word("json_file", "deviceatlas-json-file"),
                    word("log_level", "deviceatlas-log-level"), word("separator", "deviceatlas-separator"),
                    word("properties_cookie", "deviceatlas-properties-cookie")),
            GroupField.of("fifty_one_degrees_options", word("data_file", "51degrees-data-file"),
                    Field.words("property_name_list", "51degrees-property-name-list"),
                    word("property_separator", "51degrees-property-separator"),
                    integer("cache_size", "51degrees-cache-size")),
            GroupField.of("wurfl_options", word("data_file", "wurfl-data-file"),
                    Field.words("information_list", "wurfl-information-list"),
                    word("information_list_separator", "wurfl-information-list-separator"),
                    word("patch_file", "wurfl-patch-file"), integer("cache_size", "wurfl-cache-size")),
            // before its group, so that the line it writes when the group leaves it out stays where it is
            FieldMapping.alias("tune_ssl_default_dh_param", "tune_options", DH_PARAM),
            GroupField.of("tune_options",
                    integer("buffers_limit", "tune.buffers.limit"), integer("buffers_reserve", "tune.buffers.reserve"),
                    integer("bufsize", "tune.bufsize"), integer("comp_maxlevel", "tune.comp.maxlevel"),
                    flag("fail_alloc", "tune.fail-alloc"),
                    Field.toggle("fd_edge_triggered", "tune.fd.edge-triggered"),
                    integer("h2_be_initial_window_size", "tune.h2.be.initial-window-size"),
                    integer("h2_be_max_concurrent_streams", "tune.h2.be.max-concurrent-streams"),
                    integer("h2_fe_initial_window_size", "tune.h2.fe.initial-window-size"),
                    integer("h2_fe_max_concurrent_streams", "tune.h2.fe.max-concurrent-streams"),
                    integer("h2_header_table_size", "tune.h2.header-table-size"),
                    integer("h2_initial_window_size", "tune.h2.initial-window-size"),
                    integer("h2_max_concurrent_streams", "tune.h2.max-concurrent-streams"),
                    integer("h2_max_frame_size", "tune.h2.max-frame-size"),
                    integer("http_cookielen", "tune.http.cookielen"), integer("http_logurilen", "tune.http.logurilen"),
                    integer("http_maxhdr", "tune.http.maxhdr"), Field.toggle("idle_pool_shared", "tune.idle-pool.shared"),
                    time("idletimer", "tune.idletimer"),
                    word("listener_default_shards", "tune.listener.default-shards", "by-process", "by-thread", "by-group"),
                    Field.toggle("listener_multi_queue", "tune.listener.multi-queue"),
                    time("lua_burst_timeout", "tune.lua.burst-timeout"),
                    integer("lua_forced_yield", "tune.lua.forced-yield"),
                    flag("lua_maxmem", "tune.lua.maxmem"), // a boolean in the model: the keyword alone
                    time("lua_service_timeout", "tune.lua.service-timeout"),
                    time("lua_session_timeout", "tune.lua.session-timeout"),
                    time("lua_task_timeout", "tune.lua.task-timeout"),
                    integer("maxaccept", "tune.maxaccept"), integer("maxpollevents", "tune.maxpollevents"),
                    integer("maxrewrite", "tune.maxrewrite"), integer("memory_hot_size", "tune.memory.hot-size"),
                    integer("pattern_cache_size", "tune.pattern.cache-size"),
                    integer("peers_max_updates_at_once", "tune.peers.max-updates-at-once"),
                    integer("pipesize", "tune.pipesize"), integer("pool_high_fd_ratio", "tune.pool-high-fd-ratio"),
                    integer("pool_low_fd_ratio", "tune.pool-low-fd-ratio"),
                    integer("quic_frontend_conn_tc_buffers_limit", "tune.quic.frontend.conn-tx-buffers.limit"),
                    time("quic_frontend_max_idle_timeout", "tune.quic.frontend.max-idle-timeout"),
                    integer("quic_frontend_max_streams_bidi", "tune.quic.frontend.max-streams-bidi"),
                    integer("quic_max_frame_loss", "tune.quic.max-frame-loss"),
                    integer("quic_retry_threshold", "tune.quic.retry-threshold"),
                    word("quic_socket_owner", "tune.quic.socket-owner", "listener", "connection"),
                    integer("rcvbuf_client", "tune.rcvbuf.client"), integer("rcvbuf_server", "tune.rcvbuf.server"),
                    integer("recv_enough", "tune.recv_enough"), integer("runqueue_depth", "tune.runqueue-depth"),
                    Field.toggle("sched_low_latency", "tune.sched.low-latency"),
                    integer("sndbuf_client", "tune.sndbuf.client"), integer("sndbuf_server", "tune.sndbuf.server"),
                    integer("ssl_cachesize", "tune.ssl.cachesize"),
                    integer("ssl_capture_buffer_size", "tune.ssl.capture-buffer-size"),
                    integer("ssl_ctx_cache_size", "tune.ssl.ssl-ctx-cache-size"), DH_PARAM,
                    flag("ssl_force_private_cache", "tune.ssl.force-private-cache"),
                    Field.toggle("ssl_keylog", "tune.ssl.keylog"),
                    integer("ssl_lifetime", "tune.ssl.lifetime"),
                    integer("ssl_maxrecord", "tune.ssl.maxrecord"),
                    integer("ssl_ocsp_update_max_delay", "tune.ssl.ocsp-update.maxdelay"),
                    integer("ssl_ocsp_update_min_delay", "tune.ssl.ocsp-update.mindelay"),
                    integer("stick_counters", "tune.stick-counters"),
                    integer("vars_global_max_size", "tune.vars.global-max-size"),
                    integer("vars_proc_max_size", "tune.vars.proc-max-size"),
                    integer("vars_reqres_max_size", "tune.vars.reqres-max-size"),
                    integer("vars_sess_max_size", "tune.vars.sess-max-size"),
                    integer("vars_txn_max_size", "tune.vars.txn-max-size"),
                    integer("zlib_memlevel", "tune.zlib.memlevel"), integer("zlib_windowsize", "tune.zlib.windowsize")));

    public static final List<FieldMapping> PROGRAM = List.of(
            FieldMapping.required(Field.words("command", "command")), word("user", "user"), word("group", "group"),
            onOff("start-on-reload", "option start-on-reload"));

    public static final List<FieldMapping> CACHE = List.of(
            integer("total_max_size", "total-max-size"), integer("max_age", "max-age"),
            integer("max_object_size", "max-object-size"), integer("max_secondary_entries", "max-secondary-entries"),
            Field.toggle("process_vary", "process-vary", Value.ON_OFF_BOOLEAN));

    public static final List<FieldMapping> RING = List.of(
            text("description", "description"), word("format", "format"), integer("maxlen", "maxlen"),
            integer("size", "size"), time("timeout_connect", "timeout connect"), time("timeout_server", "timeout server"));

    public static final List<FieldMapping> RESOLVERS = List.of(
            integer("accepted_payload_size", "accepted_payload_size"), integer("resolve_retries", "resolve_retries"),
            time("timeout_resolve", "timeout resolve"), time("timeout_retry", "timeout retry"),
            time("hold_nx", "hold nx"), time("hold_obsolete", "hold obsolete"), time("hold_other", "hold other"),
            time("hold_refused", "hold refused"), time("hold_timeout", "hold timeout"), time("hold_valid", "hold valid"),
            flag("parse-resolv-conf", "parse-resolv-conf"));

    public static final List<FieldMapping> MAILERS = List.of(time("timeout", "timeout mail"));

    public static final List<FieldMapping> LOG_FORWARD = List.of(
            integer("maxconn", "maxconn"), integer("backlog", "backlog"), time("timeout_client", "timeout client"));

    public static final List<FieldMapping> FCGI_APP = List.of(
            FieldMapping.required(word("docroot", "docroot")), word("index", "index"), word("path_info", "path-info"),
            onOff("get_values", "option get-values"), onOff("keep_conn", "option keep-conn"),
            onOff("mpxs_conns", "option mpxs-conns"), integer("max_reqs", "option max-reqs"),
            ListField.of("log_stderrs", "log-stderr", Arg.flag("global", "global"), Arg.word("address"),
                    Arg.param("len", "len", Value.INTEGER), Arg.param("format", "format"),
                    Arg.param("sample", "sample", Value.pair(":", "ranges", Value.WORD, "size", Value.INTEGER)),
                    Arg.word("facility"), Arg.word("level"), Arg.word("minlevel")),
            ListField.of("pass_headers", "pass-header", Arg.word("name"), Arg.condition("cond")),
            ListField.of("set_params", "set-param", Arg.word("name"), Arg.positional("format", Value.FORMAT),
                    Arg.condition("cond")));

    public static final List<FieldMapping> PEERS = List.of(
            ObjectField.of("default_bind", "default-bind", LineModel.BIND.params().args()), DEFAULT_SERVER,
            flag("disabled", "disabled"), flag("enabled", "enabled"), integer("shards", "shards"));

    public static final List<FieldMapping> NAME_ONLY = List.of();

    public static final List<FieldMapping> HTTP_ERRORS = List.of(FieldMapping.required(
            ListField.of("error_files", "errorfile", Arg.integer("code"), Arg.word("file"))));

    public static final List<FieldMapping> FRONTEND = concat(COMMON, FRONTEND_ONLY);
    public static final List<FieldMapping> BACKEND = concat(COMMON, BACKEND_ONLY, BACKEND_NOT_DEFAULTS);
    public static final List<FieldMapping> DEFAULTS = concat(COMMON, FRONTEND_ONLY, BACKEND_ONLY);

    private SectionTables() {
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @SafeVarargs
    private static List<FieldMapping> concat(List<FieldMapping>... tables) {
        Map<String, FieldMapping> byName = new LinkedHashMap<>(); // a field in two tables is the same field
        for (List<FieldMapping> t : tables) {
            t.forEach(f -> byName.putIfAbsent(f.json(), f));
        }
        return List.copyOf(new ArrayList<>(byName.values()));
    }
}
