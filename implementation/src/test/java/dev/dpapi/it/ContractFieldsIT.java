package dev.dpapi.it;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The contract's less common fields set through the API: each is written as its directive in haproxy.cfg, reads
 * back the same, and HAProxy 2.6 accepts the file. Directives this HAProxy refuses (removed ones, modules not
 * built in, keywords of later versions) are written as the official writes them, and the commit that would put
 * them in haproxy.cfg is refused with HAProxy's own words, leaving the file as it was.
 */
class ContractFieldsIT {

    private static final String C = "/v2/services/haproxy/configuration/";

    @AutoClose
    final ConfigStage stage = ConfigStage.started();

    /** The file's lines, stripped. */
    private List<String> lines() {
        return FileEffect.read(stage.cfg).lines().map(String::strip).toList();
    }

    private void assertLines(String... wanted) {
        List<String> now = lines();
        for (String line : wanted) {
            assertTrue(now.contains(line), "expected the line '" + line + "' in:\n" + String.join("\n", now));
        }
    }

    @Test
    void peersSectionsWithTheirDefaultsAndFcgiAppLines() throws Exception {
        Map<String, Object> peers = new LinkedHashMap<>();
        peers.put("name", "mesh");
        peers.put("default_bind", Map.of("v4v6", true, "maxconn", 100));
        peers.put("default_server", Map.of("fall", 3, "inter", 2000));
        peers.put("enabled", true);
        stage.api.admin().body(peers).post(C + "peer_section?version=" + stage.api.configurationVersion()).then().statusCode(202)
                .body("default_bind.maxconn", equalTo(100));
        stage.api.admin().body(Map.of("name", "local", "address", "127.0.0.1", "port", ApiProcess.freePort()))
                .post(C + "peer_entries?peer_section=mesh&version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertLines("peers mesh", "default-bind v4v6 maxconn 100", "default-server fall 3 inter 2000", "enabled");
        Map<String, Object> read = stage.api.admin().get(C + "peer_section/mesh").then().statusCode(200).extract().path("data");
        assertEquals(peers, read);

        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", "php");
        app.put("docroot", "/var/www");
        app.put("log_stderrs", List.of(Map.of("global", true), Map.of("address", "127.0.0.1:514", "len", 1024,
                "format", "rfc5424", "sample", Map.of("ranges", "1-2", "size", 4), "facility", "local0",
                "level", "info")));
        app.put("pass_headers", List.of(Map.of("name", "X-Request-Id"),
                Map.of("name", "Authorization", "cond", "if", "cond_test", "{ req.hdr(authorization) -m found }")));
        app.put("set_params", List.of(Map.of("name", "SERVER_NAME", "format", "%[hdr(host)] x")));
        stage.api.admin().body(app).post(C + "fcgi_apps?version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertLines("log-stderr global", "log-stderr 127.0.0.1:514 len 1024 format rfc5424 sample 1-2:4 local0 info",
                "pass-header X-Request-Id", "pass-header Authorization if { req.hdr(authorization) -m found }",
                "set-param SERVER_NAME \"%[hdr(host)] x\"");
        assertEquals(app, stage.api.admin().get(C + "fcgi_apps/php").then().statusCode(200).extract().path("data"));
        FileEffect.haproxyAccepts(stage.cfg);

        // a sample without its size is refused by the schema, before any text is built; with it, accepted
        Map<String, Object> broken = new LinkedHashMap<>(app);
        broken.put("log_stderrs", List.of(Map.of("address", "127.0.0.1:514", "sample", Map.of("ranges", "1"),
                "facility", "local0")));
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().body(broken).put(C + "fcgi_apps/php?version=" + stage.api.configurationVersion())
                .then().statusCode(422).body("code", equalTo(602)));
        broken.put("log_stderrs", List.of(Map.of("address", "127.0.0.1:514", "sample", Map.of("ranges", "1", "size", 2),
                "facility", "local0")));
        FileEffect.hasLineAfter(stage.cfg, "log-stderr 127.0.0.1:514 sample 1:2 local0", () -> stage.api.admin().body(broken)
                .put(C + "fcgi_apps/php?version=" + stage.api.configurationVersion()).then().statusCode(202));
        FileEffect.haproxyAccepts(stage.cfg);
    }

    @Test
    void ruleAndTargetFieldsWriteTheirWords() throws Exception {
        String fe = "parent_type=frontend&parent_name=fe&version=";
        stage.api.admin().body(Map.of("index", 0, "address", "127.0.0.1:514", "sample_range", "1-2", "sample_size", 5,
                "facility", "local0")).post(C + "log_targets?" + fe + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().body(Map.of("index", 0, "type", "content", "action", "set-priority", "priority_type", "offset",
                "expr", "int(-100)")).post(C + "tcp_request_rules?" + fe + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().body(Map.of("index", 0, "type", "strict-mode", "strict_mode", "off"))
                .post(C + "http_after_response_rules?" + fe + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().body(Map.of("index", 0, "type", "connect", "port", 8080))
                .post(C + "http_checks?parent_type=backend&parent_name=be&version=" + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().body(Map.of("name", "relay")).post(C + "log_forwards?version=" + stage.api.configurationVersion()).then().statusCode(202);
        int port = ApiProcess.freePort();
        stage.api.admin().body(Map.of("name", "udp", "address", "127.0.0.1", "port", port, "port-range-end", port))
                .post(C + "dgram_binds?log_forward=relay&version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertLines("log 127.0.0.1:514 sample 1-2:5 local0", "tcp-request content set-priority-offset int(-100)",
                "http-after-response strict-mode off", "http-check connect port 8080",
                "dgram-bind 127.0.0.1:" + port + "-" + port + " name udp");
        stage.api.admin().get(C + "log_targets/0?parent_type=frontend&parent_name=fe").then().statusCode(200)
                .body("data.sample_range", equalTo("1-2")).body("data.sample_size", equalTo(5));
        stage.api.admin().get(C + "tcp_request_rules/0?parent_type=frontend&parent_name=fe").then().statusCode(200)
                .body("data.action", equalTo("set-priority")).body("data.priority_type", equalTo("offset"));
        FileEffect.haproxyAccepts(stage.cfg);

        // a port that is not a number is HAProxy's sample expression, written as given: HAProxy refuses an unknown
        // fetch (its refusal is the answer), and takes a valid one
        String be = "parent_type=backend&parent_name=be&version=";
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().body(Map.of("index", 0, "type", "connect", "port_string", "web"))
                .put(C + "http_checks/0?" + be + stage.api.configurationVersion()).then().statusCode(400)
                .body("message", containsString("unknown fetch method 'web'")));
        FileEffect.hasLineAfter(stage.cfg, "http-check connect port int(8443)", () -> stage.api.admin()
                .body(Map.of("index", 0, "type", "connect", "port_string", "int(8443)"))
                .put(C + "http_checks/0?" + be + stage.api.configurationVersion()).then().statusCode(202));
        stage.api.admin().get(C + "http_checks/0?parent_type=backend&parent_name=be").then()
                .body("data.port_string", equalTo("int(8443)"));
        FileEffect.haproxyAccepts(stage.cfg);
    }

    @Test
    void aclListsFilterByName() throws Exception {
        String fe = "parent_type=frontend&parent_name=fe";
        for (String[] acl : List.of(new String[] {"local", "src", "127.0.0.1"}, new String[] {"api", "path_beg", "/api"},
                new String[] {"local", "src", "::1"})) {
            stage.api.admin().body(Map.of("index", 0, "acl_name", acl[0], "criterion", acl[1], "value", acl[2]))
                    .post(C + "acls?" + fe + "&version=" + stage.api.configurationVersion()).then().statusCode(202);
        }
        List<Map<String, Object>> local = stage.api.admin().get(C + "acls?" + fe + "&acl_name=local").then().statusCode(200)
                .extract().path("data");
        assertEquals(List.of(Map.of("acl_name", "local", "criterion", "src", "index", 0, "value", "::1"),
                Map.of("acl_name", "local", "criterion", "src", "index", 2, "value", "127.0.0.1")), local);
        stage.api.admin().get(C + "acls?" + fe + "&acl_name=none").then().statusCode(200).body("data.size()", equalTo(0));
        stage.api.admin().get(C + "acls?" + fe).then().statusCode(200).body("data.size()", equalTo(3));
    }

    @Test
    void globalTuneOptionsAndTheirDeprecatedName() throws Exception {
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("tune_options", Map.of("fail_alloc", true, "ssl_default_dh_param", 2048));
        stage.api.admin().body(global).put(C + "global?version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertLines("tune.fail-alloc", "tune.ssl.default-dh-param 2048");
        stage.api.admin().get(C + "global").then().statusCode(200).body("data.tune_ssl_default_dh_param", equalTo(2048))
                .body("data.tune_options.ssl_default_dh_param", equalTo(2048));
        FileEffect.haproxyAccepts(stage.cfg);
        // the deprecated name alone still sets the directive, once
        FileEffect.hasLineAfter(stage.cfg, "tune.ssl.default-dh-param 4096", () -> stage.api.admin()
                .body(Map.of("tune_ssl_default_dh_param", 4096)).put(C + "global?version=" + stage.api.configurationVersion())
                .then().statusCode(202));
        assertEquals(1, lines().stream().filter(l -> l.startsWith("tune.ssl.default-dh-param")).count());
        FileEffect.haproxyAccepts(stage.cfg);
    }

    /**
     * Fields whose directives HAProxy 2.6 refuses: written as the contract describes them inside a transaction (the
     * transaction's text shows them), and the commit refused with HAProxy's message; without them, accepted.
     */
    @Test
    void directivesThisHaproxyRefusesAreWrittenAndRefusedAtCommit() throws Exception {
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("device_atlas_options", Map.of("json_file", "/etc/da.json", "log_level", "1"));
        global.put("fifty_one_degrees_options", Map.of("data_file", "/etc/51d.dat", "cache_size", 1000,
                "property_name_list", "IsMobile DeviceType"));
        global.put("load_server_state_from_file", "global");
        global.put("nbproc", 1);
        global.put("tune_options", Map.of("lua_maxmem", true));
        global.put("wurfl_options", Map.of("data_file", "/etc/wurfl.xml", "cache_size", 100000));
        String tx = stage.api.admin().post("/v2/services/haproxy/transactions?version=" + stage.api.configurationVersion()).then().statusCode(201)
                .extract().path("id");
        stage.api.admin().body(global).put(C + "global?transaction_id=" + tx).then().statusCode(202);
        stage.api.admin().body(Map.of("name", "mesh", "shards", 2)).post(C + "peer_section?transaction_id=" + tx)
                .then().statusCode(202);
        stage.api.admin().body(Map.of("name", "local", "address", "127.0.0.1", "port", ApiProcess.freePort(), "shard", 1))
                .post(C + "peer_entries?peer_section=mesh&transaction_id=" + tx).then().statusCode(202);
        stage.api.admin().body(Map.of("index", 0, "type", "set-map", "map_file", "/etc/a.map", "map_keyfmt", "%[src]",
                "map_valuefmt", "%[dst]")).post(C + "http_after_response_rules?parent_type=frontend&parent_name=fe"
                + "&transaction_id=" + tx).then().statusCode(202);
        String text = stage.api.admin().get(C + "raw?transaction_id=" + tx).then().statusCode(200).extract().path("data");
        for (String line : List.of("deviceatlas-json-file /etc/da.json", "deviceatlas-log-level 1",
                "51degrees-data-file /etc/51d.dat", "51degrees-property-name-list IsMobile DeviceType",
                "51degrees-cache-size 1000", "load-server-state-from-file global", "nbproc 1", "tune.lua.maxmem",
                "wurfl-data-file /etc/wurfl.xml", "wurfl-cache-size 100000", "shards 2", "peer local 127.0.0.1:",
                "http-after-response set-map(/etc/a.map) %[src] %[dst]")) {
            assertTrue(text.lines().anyMatch(l -> l.strip().startsWith(line)), line + " in " + text);
        }
        assertEquals(1, text.lines().filter(l -> l.contains(" shard 1")).count(), text);
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().put("/v2/services/haproxy/transactions/" + tx).then()
                .statusCode(400).body("message", containsString("nbproc")));

        // the same changes without what this HAProxy lacks are accepted
        Response valid = stage.api.admin().body(Map.of("tune_options", Map.of("fail_alloc", true)))
                .put(C + "global?version=" + stage.api.configurationVersion());
        assertEquals(202, valid.statusCode(), valid.asString());
        stage.api.admin().body(Map.of("name", "mesh")).post(C + "peer_section?version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertLines("tune.fail-alloc", "peers mesh");
        assertTrue(Files.readString(stage.cfg).lines().noneMatch(l -> l.strip().startsWith("nbproc")));
        FileEffect.haproxyAccepts(stage.cfg);
    }
}
