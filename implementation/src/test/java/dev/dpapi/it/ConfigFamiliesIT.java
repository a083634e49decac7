package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** CRUD of the configuration families served so far, with the official status codes and messages. */
class ConfigFamiliesIT {

    private static final String C = "/v2/services/haproxy/configuration/";

    @AutoClose
    final ConfigStage stage = ConfigStage.started();

    /** The file's lines, stripped, in order. */
    private List<String> lines() {
        return FileEffect.read(stage.cfg).lines().map(String::strip).toList();
    }

    @Test
    void frontendFieldsMapToDirectivesBothWays() throws Exception {
        stage.api.admin().body(Map.of("name", "web", "mode", "http", "maxconn", 300, "client_timeout", 20000,
                        "http_request_timeout", 5000, "httplog", true, "dontlognull", "disabled",
                        "http_connection_mode", "http-server-close", "default_backend", "be",
                        "description", "front \"door\" #1"))
                .post(C + "frontends?version=" + stage.api.configurationVersion()).then().statusCode(202);
        String text = Files.readString(stage.cfg);
        assertTrue(text.contains("frontend web\n  mode http\n"), text);
        for (String line : List.of("  maxconn 300\n", "  timeout client 20000\n", "  timeout http-request 5000\n",
                "  option httplog\n", "  no option dontlognull\n", "  option http-server-close\n",
                "  default_backend be\n", "  description \"front \\\"door\\\" #1\"\n")) {
            assertTrue(text.contains(line), line + " in " + text);
        }
        stage.api.admin().get(C + "frontends/web").then().statusCode(200)
                .body("data.maxconn", equalTo(300)).body("data.client_timeout", equalTo(20000))
                .body("data.httplog", equalTo(true)).body("data.dontlognull", equalTo("disabled"))
                .body("data.http_connection_mode", equalTo("http-server-close"))
                .body("data.description", equalTo("front \"door\" #1"));
    }

    @Test
    void putIsAFullReplacementThatKeepsUnmodelledLines() throws Exception {
        Files.writeString(stage.cfg, Files.readString(stage.cfg).replace("\nbackend be\n",
                "\nbackend be\n  timeout server 1m   # one minute\n  acl local src 127.0.0.1\n  retries 3\n"));
        stage.api.admin().body(Map.of("name", "be", "balance", Map.of("algorithm", "leastconn"), "server_timeout", 30000))
                .put(C + "backends/be?version=" + stage.api.configurationVersion()).then().statusCode(202).body("name", equalTo("be"));
        String text = Files.readString(stage.cfg);
        assertTrue(text.contains("  timeout server 30000   # one minute\n"), "rewritten in place: " + text);
        assertTrue(text.contains("  acl local src 127.0.0.1\n"), "unmodelled line kept: " + text);
        assertTrue(!text.contains("retries"), "a field left out of PUT is removed: " + text);
        assertTrue(text.indexOf("timeout server 30000") < text.indexOf("acl local"), "kept its position");
        stage.api.admin().get(C + "backends/be").then().body("data.balance.algorithm", equalTo("leastconn"))
                .body("data.server_timeout", equalTo(30000));
    }

    @Test
    void sectionsAreCreatedListedAndDeleted() {
        FileEffect.hasLineAfter(stage.cfg, "defaults d2", () -> stage.api.admin().body(Map.of("name", "d2", "mode", "tcp",
                "connect_timeout", 4000)).post(C + "named_defaults?version=" + stage.api.configurationVersion()).then().statusCode(202));
        stage.api.admin().get(C + "named_defaults").then().body("data.name", hasItem("d2"))
                .body("data.name", hasItem("unnamed_defaults_1"));
        stage.api.admin().get(C + "defaults").then().statusCode(200).body("data.name", equalTo("d2"))
                .body("data.connect_timeout", equalTo(4000));
        stage.api.admin().delete(C + "named_defaults/d2?version=" + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().get(C + "named_defaults").then().body("data.name", not(hasItem("d2")));
        assertTrue(!lines().contains("defaults d2"), FileEffect.read(stage.cfg));
        FileEffect.unchangedBy(stage.cfg, () -> {
            stage.api.admin().delete(C + "backends/ghost?version=" + stage.api.configurationVersion()).then().statusCode(404)
                    .body("message", equalTo("30: backend ghost does not exist"));
            stage.api.admin().get(C + "frontends/ghost").then().statusCode(404)
                    .body("message", equalTo("30: Frontend ghost does not exist"));
            stage.api.admin().body(Map.of("name", "fe")).post(C + "frontends?version=" + stage.api.configurationVersion()).then().statusCode(409)
                    .body("message", equalTo("31: frontend fe already exists"));
            stage.api.admin().body(Map.of("name", "fe", "mode", "udp")).put(C + "frontends/fe?version=" + stage.api.configurationVersion()).then().statusCode(422);
        });
        // the same replacement with a mode HAProxy has is accepted
        FileEffect.hasLineAfter(stage.cfg, "mode tcp", () -> stage.api.admin().body(Map.of("name", "fe", "mode", "tcp"))
                .put(C + "frontends/fe?version=" + stage.api.configurationVersion()).then().statusCode(202));
    }

    @Test
    void forceReloadAnswers201200And204() {
        FileEffect.hasLineAfter(stage.cfg, "backend b9", () -> stage.api.admin().body(Map.of("name", "b9"))
                .post(C + "backends?force_reload=true&version=" + stage.api.configurationVersion()).then().statusCode(201));
        String put = FileEffect.hasLineAfter(stage.cfg, "mode tcp", () -> stage.api.admin().body(Map.of("name", "b9", "mode", "tcp"))
                .put(C + "backends/b9?force_reload=true&version=" + stage.api.configurationVersion()).then().statusCode(200));
        assertTrue(put.contains("backend b9\n  mode tcp\n"), put);
        stage.api.admin().delete(C + "backends/b9?force_reload=true&version=" + stage.api.configurationVersion()).then().statusCode(204);
        assertTrue(!lines().contains("backend b9"), FileEffect.read(stage.cfg));
    }

    @Test
    void serversAndBindsByName() {
        stage.api.admin().body(Map.of("name", "s2", "address", "127.0.0.1", "port", 8082, "check", "enabled", "weight", 7,
                "inter", 3000)).post(C + "servers?backend=be&version=" + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().get(C + "servers/s2?backend=be").then().statusCode(200)
                .body("data.weight", equalTo(7)).body("data.inter", equalTo(3000)).body("data.check", equalTo("enabled"));
        assertTrue(lines().stream().anyMatch(l -> l.startsWith("server s2 127.0.0.1:8082 ")), FileEffect.read(stage.cfg));
        FileEffect.hasLineAfter(stage.cfg, "server s2 127.0.0.1:8083", () -> stage.api.admin()
                .body(Map.of("name", "s2", "address", "127.0.0.1", "port", 8083)).put(C + "servers/s2?backend=be&version=" + stage.api.configurationVersion())
                .then().statusCode(202));
        stage.api.admin().get(C + "servers/s2?backend=be").then().body("data.port", equalTo(8083)).body("data.weight", equalTo(null));
        stage.api.admin().delete(C + "servers/s2?backend=be&version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertTrue(lines().stream().noneMatch(l -> l.startsWith("server s2 ")), FileEffect.read(stage.cfg));
        stage.api.admin().get(C + "servers/s2?backend=be").then().statusCode(404)
                .body("message", equalTo("30: server s2 does not exist in be backend"));
        stage.api.admin().get(C + "servers?backend=ghost").then().statusCode(200).body("data", equalTo(List.of()));

        FileEffect.hasLineAfter(stage.cfg, "bind 127.0.0.1:18099 name alt maxconn 10", () -> stage.api.admin()
                .body(Map.of("name", "alt", "address", "127.0.0.1", "port", 18099, "maxconn", 10))
                .post(C + "binds?frontend=fe&version=" + stage.api.configurationVersion()).then().statusCode(202));
        stage.api.admin().get(C + "binds?parent_type=frontend&parent_name=fe").then()
                .body("data.name", hasItem("alt")).body("data.name", hasItem("127.0.0.1:" + bindPort()));
    }

    private String bindPort() {
        List<String> names = stage.api.admin().get(C + "binds?frontend=fe").then().extract().path("data.name");
        return names.stream().filter(n -> n.startsWith("127.0.0.1:")).findFirst().orElseThrow().split(":")[1];
    }

    @Test
    void rulesFollowIndexSemantics() {
        String acls = C + "acls?parent_type=frontend&parent_name=fe&version=";
        stage.api.admin().body(Map.of("index", 0, "acl_name", "b", "criterion", "path_beg", "value", "/b"))
                .post(acls + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().body(Map.of("index", 0, "acl_name", "a", "criterion", "path_beg", "value", "/a"))
                .post(acls + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().body(Map.of("index", 2, "acl_name", "c", "criterion", "src", "value", "127.0.0.1"))
                .post(acls + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().get(C + "acls?parent_type=frontend&parent_name=fe").then()
                .body("data.acl_name", equalTo(List.of("a", "b", "c"))).body("data.index", equalTo(List.of(0, 1, 2)));
        assertEquals(List.of("acl a path_beg /a", "acl b path_beg /b", "acl c src 127.0.0.1"),
                lines().stream().filter(l -> l.startsWith("acl ")).toList(), "the file holds them in index order");
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().body(Map.of("index", 9, "acl_name", "z", "criterion", "src", "value", "127.0.0.2"))
                .post(acls + stage.api.configurationVersion()).then().statusCode(400)
                .body("message", equalTo("32: Object with id 9 in frontend fe out of range")));
        stage.api.admin().body(Map.of("index", 7, "acl_name", "bb", "criterion", "path_beg", "value", "/bb"))
                .put(C + "acls/1?parent_type=frontend&parent_name=fe&version=" + stage.api.configurationVersion()).then().statusCode(202)
                .body("index", equalTo(1));
        stage.api.admin().delete(C + "acls/0?parent_type=frontend&parent_name=fe&version=" + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().get(C + "acls?parent_type=frontend&parent_name=fe").then()
                .body("data.acl_name", equalTo(List.of("bb", "c")));
        assertEquals(List.of("acl bb path_beg /bb", "acl c src 127.0.0.1"),
                lines().stream().filter(l -> l.startsWith("acl ")).toList());
        stage.api.admin().get(C + "acls/5?parent_type=frontend&parent_name=fe").then().statusCode(404)
                .body("message", equalTo("30: Object 5 does not exist in frontend fe"));
        stage.api.admin().get(C + "acls/0?parent_type=frontend&parent_name=ghost").then().statusCode(400)
                .body("message", equalTo("11: frontend ghost does not exist"));
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin()
                .body(Map.of("index", 0, "acl_name", "x", "criterion", "src", "value", "127.0.0.1\nbind :80"))
                .post(acls + stage.api.configurationVersion()).then().statusCode(400));

        FileEffect.hasLineAfter(stage.cfg, "use_backend be if c", () -> stage.api.admin()
                .body(Map.of("index", 0, "name", "be", "cond", "if", "cond_test", "c"))
                .post(C + "backend_switching_rules?frontend=fe&version=" + stage.api.configurationVersion()).then().statusCode(202));
        stage.api.admin().get(C + "backend_switching_rules?frontend=fe").then()
                .body("data[0].name", equalTo("be")).body("data[0].cond_test", equalTo("c"));
    }

    @Test
    void concurrentWritersOnOneVersionExactlyOneWins() throws Exception {
        long v = stage.api.configurationVersion();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                Callable<Integer> write = () -> stage.api.admin().body(Map.of("name", "race" + n))
                        .post(C + "backends?version=" + v).statusCode();
                outcomes.add(pool.submit(write));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : outcomes) {
                codes.add(f.get());
            }
            assertEquals(1, codes.stream().filter(c -> c == 202).count(), codes.toString());
            assertEquals(7, codes.stream().filter(c -> c == 409).count(), codes.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(v + 1, stage.api.configurationVersion());
        FileEffect.haproxyAccepts(stage.cfg);
    }

    @Test
    void globalIsReadAndReplacedKeepingUnmodelledLines() throws Exception {
        Files.writeString(stage.cfg, Files.readString(stage.cfg).replace("global\n", "global\n  log stdout format raw local0 # ours\n"));
        stage.api.admin().body(Map.of("maxconn", 5000, "daemon", "enabled", "hard_stop_after", 30000,
                        "ssl_default_bind_options", "no-sslv3 no-tlsv10"))
                .put(C + "global?version=" + stage.api.configurationVersion()).then().statusCode(202);
        String text = Files.readString(stage.cfg);
        for (String line : List.of("  maxconn 5000\n", "  daemon\n", "  hard-stop-after 30000\n",
                "  ssl-default-bind-options no-sslv3 no-tlsv10\n", "  log stdout format raw local0 # ours\n")) {
            assertTrue(text.contains(line), line + " in " + text);
        }
        stage.api.admin().get(C + "global").then().statusCode(200).body("data.maxconn", equalTo(5000))
                .body("data.daemon", equalTo("enabled")).body("data.name", equalTo(null))
                .body("data.ssl_default_bind_options", equalTo("no-sslv3 no-tlsv10"));
        Files.writeString(stage.cfg, text.replace("global\n", "global\n  stats socket 127.0.0.1:1 mode 600 level user\n"));
        text = Files.readString(stage.cfg);
        Map<String, Object> read = stage.api.admin().get(C + "global").then().extract().path("data");
        stage.api.admin().body(read).put(C + "global?version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertEquals(text.replaceFirst("_version=\\d+", ""), Files.readString(stage.cfg).replaceFirst("_version=\\d+", ""),
                "what GET returns writes back to the same bytes");
        stage.api.admin().body(Map.of()).put(C + "global?version=" + stage.api.configurationVersion()).then().statusCode(202);
        text = Files.readString(stage.cfg);
        assertTrue(!text.contains("maxconn 5000") && !text.contains("daemon") && !text.contains("stats socket")
                && text.contains("log stdout"), text);
    }

    @Test
    void serverTemplatesByPrefix() throws Exception {
        stage.api.admin().body(Map.of("prefix", "web", "num_or_range", "1-3", "fqdn", "127.0.0.1", "port", 9100, "check", "enabled"))
                .post(C + "server_templates?backend=be&version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("server-template web 1-3 127.0.0.1:9100 check\n"));
        stage.api.admin().get(C + "server_templates/web?backend=be").then().statusCode(200)
                .body("data.num_or_range", equalTo("1-3")).body("data.fqdn", equalTo("127.0.0.1"))
                .body("data.port", equalTo(9100));
        stage.api.admin().delete(C + "server_templates/web?backend=be&version=" + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().get(C + "server_templates?backend=be").then().body("data", equalTo(List.of()));
    }

    @Test
    void objectFieldsMapToOneDirectiveEach() throws Exception {
        Map<String, Object> model = new java.util.LinkedHashMap<>();
        model.put("name", "be");
        model.put("forwardfor", Map.of("enabled", "enabled", "header", "X-Client", "ifnone", true));
        model.put("redispatch", Map.of("enabled", "enabled", "interval", 3));
        model.put("hash_type", Map.of("method", "consistent", "function", "sdbm"));
        model.put("cookie", Map.of("name", "SRV", "type", "insert", "indirect", true, "nocache", true));
        model.put("stick_table", Map.of("type", "ip", "size", 102400, "expire", 1800000, "store", "conn_cur"));
        model.put("default_server", Map.of("inter", 3000, "rise", 2, "fall", 3));
        stage.api.admin().body(model).put(C + "backends/be?version=" + stage.api.configurationVersion()).then().statusCode(202);
        String text = Files.readString(stage.cfg);
        for (String line : List.of("  option forwardfor header X-Client if-none\n", "  option redispatch 3\n",
                "  hash-type consistent sdbm\n", "  cookie SRV insert indirect nocache\n",
                "  stick-table type ip size 102400 expire 1800000 store conn_cur\n",
                "  default-server rise 2 fall 3 inter 3000\n")) {
            assertTrue(text.contains(line), line + " in " + text);
        }
        Map<String, Object> read = stage.api.admin().get(C + "backends/be").then().statusCode(200).extract().path("data");
        model.forEach((field, value) -> assertEquals(value, read.get(field), field));
    }

    @Test
    void manyServerAndBindParamsRoundTrip() throws Exception {
        Map<String, Object> server = new java.util.LinkedHashMap<>(Map.of("name", "full", "address", "127.0.0.1",
                "port", 9200, "check", "enabled", "inter", 2000, "rise", 3, "fall", 2, "weight", 50, "maxconn", 100));
        server.putAll(Map.of("maxqueue", 10, "slowstart", 5000, "agent-check", "enabled", "agent-port", 9201,
                "agent-inter", 3000, "on-marked-down", "shutdown-sessions", "observe", "layer7", "error_limit", 10,
                "on-error", "mark-down", "pool_max_conn", 20));
        server.put("pool_purge_delay", 5000);
        server.put("backup", "enabled");
        server.put("proxy-v2-options", List.of("ssl", "cert-cn"));
        stage.api.admin().body(server).post(C + "servers?backend=be&version=" + stage.api.configurationVersion()).then().statusCode(202);
        Map<String, Object> read = stage.api.admin().get(C + "servers/full?backend=be").then().statusCode(200).extract().path("data");
        assertEquals(server, read);

        Map<String, Object> bind = new java.util.LinkedHashMap<>(Map.of("name", "tuned", "address", "127.0.0.1",
                "port", 19000, "maxconn", 100, "backlog", "64", "defer_accept", true, "nice", 5, "tcp_user_timeout", 1000));
        bind.put("port-range-end", 19002);
        stage.api.admin().body(bind).post(C + "binds?frontend=fe&version=" + stage.api.configurationVersion()).then().statusCode(202);
        Map<String, Object> readBind = stage.api.admin().get(C + "binds/tuned?frontend=fe").then().statusCode(200).extract().path("data");
        assertEquals(bind, readBind);
        // what a fresh process reads from the file is the same: the file holds every parameter
        stage.restart(); // what it reads back is what the file holds, not what memory kept
        assertEquals(server, stage.api.admin().get(C + "servers/full?backend=be").then().statusCode(200).extract().path("data"));
        assertEquals(bind, stage.api.admin().get(C + "binds/tuned?frontend=fe").then().statusCode(200).extract().path("data"));
    }

    @Test
    void moreSectionFieldsRoundTrip() throws Exception {
        Map<String, Object> backend = Map.of("name", "be", "srvtcpka_idle", 30000, "adv_check", "ssl-hello-chk",
                "retry_on", "conn-failure empty-response", "max_keep_alive_queue", 5);
        stage.api.admin().body(backend).put(C + "backends/be?version=" + stage.api.configurationVersion()).then().log().ifValidationFails().statusCode(202);
        Map<String, Object> frontend = Map.of("name", "fe", "clflog", true, "clitcpka_idle", 60000, "default_backend", "be",
                "originalto", Map.of("enabled", "enabled", "header", "X-Orig"),
                "errorloc302", Map.of("code", 503, "url", "/maintenance"));
        stage.api.admin().body(frontend).put(C + "frontends/fe?version=" + stage.api.configurationVersion()).then().statusCode(202);
        Map<String, Object> global = Map.of("tune_ssl_default_dh_param", 2048, "profiling_tasks", "auto");
        stage.api.admin().body(global).put(C + "global?version=" + stage.api.configurationVersion()).then().statusCode(202);
        String text = Files.readString(stage.cfg);
        for (String line : List.of("  srvtcpka-idle 30000ms\n", "  option ssl-hello-chk\n",
                "  retry-on conn-failure empty-response\n", "  option httplog clf\n", "  clitcpka-idle 60000ms\n",
                "  tune.ssl.default-dh-param 2048\n", "  profiling.tasks auto\n", "  option originalto header X-Orig\n",
                "  errorloc302 503 /maintenance\n")) {
            assertTrue(text.contains(line), line + " in " + text);
        }
        Map<String, Object> readBackend = stage.api.admin().get(C + "backends/be").then().extract().path("data");
        backend.forEach((k, v) -> assertEquals(v, readBackend.get(k), k));
        Map<String, Object> readFrontend = stage.api.admin().get(C + "frontends/fe").then().extract().path("data");
        frontend.forEach((k, v) -> assertEquals(v, readFrontend.get(k), k));
        Map<String, Object> readGlobal = stage.api.admin().get(C + "global").then().extract().path("data");
        global.forEach((k, v) -> assertEquals(v, readGlobal.get(k), k));
    }

    @Test
    void multiLineObjectsRewriteInPlaceAndShrink() throws Exception {
        Map<String, Object> compression = Map.of("algorithms", List.of("gzip", "deflate"),
                "types", List.of("text/html", "text/plain"), "offload", true);
        Map<String, Object> stats = Map.of("stats_enable", true, "stats_uri_prefix", "/s", "stats_refresh_delay", 10000);
        stage.api.admin().body(Map.of("name", "be", "compression", compression, "stats_options", stats))
                .put(C + "backends/be?version=" + stage.api.configurationVersion()).then().statusCode(202);
        String text = Files.readString(stage.cfg);
        assertTrue(text.contains("  compression algo gzip deflate\n  compression type text/html text/plain\n"
                + "  compression offload\n"), text);
        assertTrue(text.contains("  stats enable\n  stats uri /s\n  stats refresh 10000\n"), text);
        Map<String, Object> read = stage.api.admin().get(C + "backends/be").then().extract().path("data");
        assertEquals(compression, read.get("compression"));
        assertEquals(stats, read.get("stats_options"));

        stage.api.admin().body(Map.of("name", "be", "compression", Map.of("algorithms", List.of("gzip"))))
                .put(C + "backends/be?version=" + stage.api.configurationVersion()).then().statusCode(202);
        text = Files.readString(stage.cfg);
        assertTrue(text.contains("  compression algo gzip\n") && !text.contains("compression type")
                && !text.contains("compression offload") && !text.contains("stats enable"), text);
    }

    @Test
    void listsConditionsAndCheckOptionsRoundTrip() throws Exception {
        Path page = Files.writeString(stage.dir.resolve("503.http"), "HTTP/1.0 503 Service Unavailable\r\n\r\nbusy\n");
        Files.writeString(stage.cfg, Files.readString(stage.cfg) + "\nmailers ops\n  mailer smtp1 127.0.0.1:1\n"
                + "\nhttp-errors site\n  errorfile 503 " + page + "\n");
        Map<String, Object> stats = new java.util.LinkedHashMap<>();
        stats.put("stats_enable", true);
        stats.put("stats_uri_prefix", "/s");
        stats.put("stats_realm", true);
        stats.put("stats_realm_realm", "Ops area");
        stats.put("stats_admin", true);
        stats.put("stats_admin_cond", "if");
        stats.put("stats_admin_cond_test", "TRUE");
        stats.put("stats_auths", List.of(Map.of("user", "ops", "passwd", "s3cret"), Map.of("user", "ro", "passwd", "x")));
        Map<String, Object> backend = new java.util.LinkedHashMap<>();
        backend.put("name", "be");
        backend.put("stats_options", stats);
        backend.put("email_alert", Map.of("from", "haproxy@localhost", "to", "ops@localhost", "mailers", "ops",
                "level", "warning"));
        backend.put("error_files", List.of(Map.of("code", 503, "file", page.toString())));
        backend.put("errorfiles_from_http_errors", List.of(Map.of("name", "site", "codes", List.of(503))));
        backend.put("adv_check", "httpchk");
        backend.put("httpchk_params", Map.of("method", "GET", "uri", "/health", "version", "HTTP/1.1"));
        backend.put("force_persist", Map.of("cond", "if", "cond_test", "{ src 127.0.0.1 }"));
        stage.api.admin().body(backend).put(C + "backends/be?version=" + stage.api.configurationVersion()).then().log().ifValidationFails().statusCode(202);
        String text = Files.readString(stage.cfg);
        for (String line : List.of("  stats realm \"Ops area\"\n", "  stats admin if TRUE\n",
                "  stats auth ops:s3cret\n  stats auth ro:x\n",
                "  email-alert from haproxy@localhost\n", "  email-alert mailers ops\n",
                "  errorfile 503 " + page + "\n", "  errorfiles site 503\n",
                "  option httpchk GET /health HTTP/1.1\n", "  force-persist if { src 127.0.0.1 }\n")) {
            assertTrue(text.contains(line), line + " in " + text);
        }
        Map<String, Object> read = stage.api.admin().get(C + "backends/be").then().statusCode(200).extract().path("data");
        backend.forEach((k, v) -> assertEquals(v, read.get(k), k));

        stage.api.admin().body(Map.of("name", "be", "adv_check", "mysql-check",
                        "mysql_check_params", Map.of("username", "probe", "client_version", "post-41")))
                .put(C + "backends/be?version=" + stage.api.configurationVersion()).then().statusCode(202);
        text = Files.readString(stage.cfg);
        assertTrue(text.contains("  option mysql-check user probe post-41\n") && !text.contains("stats auth")
                && !text.contains("errorfile 503 " + page + "\n  ") && !text.contains("httpchk"), text);
        stage.api.admin().get(C + "backends/be").then().body("data.mysql_check_params.username", equalTo("probe"))
                .body("data.adv_check", equalTo("mysql-check"));

        Map<String, Object> requests = Map.of("stats_enable", true, "stats_http_requests", List.of(
                Map.of("type", "allow", "cond", "if", "cond_test", "{ src 127.0.0.1 }"),
                Map.of("type", "auth", "realm", "ops")));
        stage.api.admin().body(Map.of("name", "fe", "default_backend", "be", "monitor_uri", "/alive", "stats_options", requests,
                        "monitor_fail", Map.of("cond", "unless", "cond_test", "TRUE")))
                .put(C + "frontends/fe?version=" + stage.api.configurationVersion()).then().statusCode(202);
        text = Files.readString(stage.cfg);
        assertTrue(text.contains("  monitor fail unless TRUE\n")
                && text.contains("  stats http-request allow if { src 127.0.0.1 }\n  stats http-request auth realm ops\n"), text);
        stage.api.admin().get(C + "frontends/fe").then().body("data.monitor_fail.cond", equalTo("unless"))
                .body("data.stats_options", equalTo(requests));
    }

    @Test
    void globalListsAndTuneOptionsRoundTrip() throws Exception {
        Map<String, Object> global = new java.util.LinkedHashMap<>();
        global.put("runtime_apis", List.of(Map.of("address", stage.dir.resolve("h.sock").toString(), "mode", "660",
                "level", "admin", "expose_fd_listeners", true)));
        global.put("setenv", List.of(Map.of("name", "APP_ENV", "value", "two words")));
        global.put("presetenv", List.of(Map.of("name", "APP_TIER", "value", "web")));
        global.put("set_var", List.of(Map.of("name", "proc.limit", "expr", "int(100)")));
        global.put("set_var_fmt", List.of(Map.of("name", "proc.where", "format", "%[env(APP_ENV)] here")));
        global.put("h1_case_adjust", List.of(Map.of("from", "content-length", "to", "Content-Length")));
        global.put("log_send_hostname", Map.of("enabled", "enabled", "param", "node1"));
        global.put("tune_options", Map.of("bufsize", 32768, "maxrewrite", 1024, "sched_low_latency", "enabled",
                "ssl_force_private_cache", true, "idletimer", 1000));
        stage.api.admin().body(global).put(C + "global?version=" + stage.api.configurationVersion()).then().statusCode(202);
        String text = Files.readString(stage.cfg);
        for (String line : List.of("  stats socket " + stage.dir.resolve("h.sock") + " mode 660 level admin expose-fd listeners\n",
                "  setenv APP_ENV \"two words\"\n", "  presetenv APP_TIER \"web\"\n", "  set-var proc.limit int(100)\n",
                "  set-var-fmt proc.where \"%[env(APP_ENV)] here\"\n", "  h1-case-adjust content-length Content-Length\n",
                "  log-send-hostname node1\n", "  tune.bufsize 32768\n", "  tune.sched.low-latency on\n",
                "  tune.ssl.force-private-cache\n")) {
            assertTrue(text.contains(line), line + " in " + text);
        }
        Map<String, Object> read = stage.api.admin().get(C + "global").then().statusCode(200).extract().path("data");
        global.forEach((k, v) -> assertEquals(v, read.get(k), k));
        // a line break in a value stays inside its word, escaped: it cannot add a directive
        stage.api.admin().body(Map.of("setenv", List.of(Map.of("name", "A", "value", "x\n  daemon"))))
                .put(C + "global?version=" + stage.api.configurationVersion()).then().statusCode(202);
        String escaped = Files.readString(stage.cfg);
        assertTrue(escaped.contains("  setenv A \"x\\n  daemon\"\n") && !escaped.contains("\n  daemon\n"), escaped);
        stage.api.admin().get(C + "global").then().body("data.setenv[0].value", equalTo("x\n  daemon"));
    }

    @Test
    void persistAndSourceOfATcpBackend() throws Exception {
        Map<String, Object> model = Map.of("name", "rdp", "mode", "tcp",
                "persist_rule", Map.of("type", "rdp-cookie", "rdp_cookie_name", "msts"),
                "source", Map.of("address", "127.0.0.1", "usesrc", "clientip", "interface", "lo"));
        stage.api.admin().body(model).post(C + "backends?version=" + stage.api.configurationVersion()).then().statusCode(202);
        String text = Files.readString(stage.cfg);
        assertTrue(text.contains("backend rdp\n  mode tcp\n") && text.contains("  persist rdp-cookie(msts)\n")
                && text.contains("  source 127.0.0.1 usesrc clientip interface lo\n"), text);
        Map<String, Object> read = stage.api.admin().get(C + "backends/rdp").then().statusCode(200).extract().path("data");
        model.forEach((k, v) -> assertEquals(v, read.get(k), k));
    }
}
