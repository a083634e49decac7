package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.restassured.response.Response;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites against a real HAProxy 2.6: a site is a frontend and the backends of its farms, written as one validated
 * change to haproxy.cfg (read back from the file, accepted by {@code haproxy -c}), and once HAProxy has reloaded, its
 * frontend answers on its loopback listener with what the farm's server says.
 */
class SitesIT {

    private static final String SITES = "/v2/services/haproxy/sites";

    private static final String CFG = """
            # _version=1
            global
              stats socket %1$s mode 600 level admin

            defaults
              mode http
              timeout connect 5s
              timeout client 30s
              timeout server 30s

            # the shop, edited by hand too
            frontend shop
              bind 127.0.0.1:%2$d name main   # the public port
              maxconn 500
              option http-keep-alive
              http-request set-header X-Shop 1
              use_backend %%[req.hdr(x-pool)] if { req.hdr(x-pool) -m found }
              use_backend static if { path_beg /static }
              default_backend app

            backend app
              balance roundrobin
              option forwardfor
              server a1 127.0.0.1:%3$d check inter 2s   # first
              server a2 127.0.0.1:%3$d disabled

            backend static
              server st1 127.0.0.1:%3$d

            backend unrelated
              server u1 127.0.0.1:%3$d disabled
            """;

    @TempDir
    Path dir;
    Path cfg;
    HaproxyProcess haproxy;
    ApiProcess api;
    HttpServer farmServer;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        // the farms' server: a real HTTP server on a loopback port, saying who answered
        farmServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        farmServer.createContext("/", exchange -> {
            byte[] body = ("farm server, path " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        farmServer.start();
        Path socket = dir.resolve("h.sock");
        cfg = Files.writeString(dir.resolve("haproxy.cfg"),
                CFG.formatted(socket, ApiProcess.freePort(), farmServer.getAddress().getPort()));
        haproxy = HaproxyProcess.start(cfg, socket);
        api = ApiProcess.seedLike(dir, cfg, "--reload-cmd", haproxy.reloadCommand(), "--reload-delay", "1");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (api != null) {
                api.close();
            }
            if (haproxy != null) {
                haproxy.close();
            }
        } finally {
            farmServer.stop(0);
        }
    }

    private static String withoutVersion(String text) {
        return text.replaceFirst("# _version=\\d+\n", "");
    }

    private Map<String, Object> site(int listenPort, int serverPort) {
        return Map.of(
                "name", "blog",
                "service", Map.of("mode", "http", "maxconn", 100, "http_connection_mode", "http-server-close",
                        "listeners", List.of(Map.of("name", "pub", "address", "127.0.0.1", "port", listenPort))),
                "farms", List.of(
                        Map.of("name", "blog_app", "use_as", "default", "mode", "http",
                                "balance", Map.of("algorithm", "roundrobin"),
                                "forwardfor", Map.of("enabled", "enabled"),
                                "servers", List.of(Map.of("name", "b1", "address", "127.0.0.1", "port", serverPort))),
                        Map.of("name", "blog_media", "use_as", "conditional", "cond", "if",
                                "cond_test", "{ path_beg /media }",
                                "servers", List.of(Map.of("name", "m1", "address", "127.0.0.1", "port", serverPort,
                                        "weight", 10)))));
    }

    @Test
    void aCreatedSiteIsOneChangeThatHaproxyServes() throws Exception {
        int listen = ApiProcess.freePort();
        String before = Files.readString(cfg);
        Response created = api.admin().body(site(listen, farmServer.getAddress().getPort()))
                .post(SITES + "?version=1&force_reload=true");
        created.then().statusCode(201);
        // the echo is the decoded model in the official field order: a server's parameters before its own fields
        assertEquals("{\"farms\":[{\"balance\":{\"algorithm\":\"roundrobin\"},\"forwardfor\":{\"enabled\":\"enabled\"},"
                + "\"mode\":\"http\",\"name\":\"blog_app\",\"servers\":[{\"address\":\"127.0.0.1\",\"name\":\"b1\","
                + "\"port\":" + farmServer.getAddress().getPort() + "}],\"use_as\":\"default\"},"
                + "{\"cond\":\"if\",\"cond_test\":\"{ path_beg /media }\",\"name\":\"blog_media\",\"servers\":"
                + "[{\"weight\":10,\"address\":\"127.0.0.1\",\"name\":\"m1\",\"port\":" + farmServer.getAddress().getPort()
                + "}],\"use_as\":\"conditional\"}],\"name\":\"blog\",\"service\":{\"http_connection_mode\":"
                + "\"http-server-close\",\"listeners\":[{\"name\":\"pub\",\"address\":\"127.0.0.1\",\"port\":" + listen
                + "}],\"maxconn\":100,\"mode\":\"http\"}}\n", created.asString());

        // one change: one version step, the file as it was plus the three new sections at its end
        String after = Files.readString(cfg);
        assertEquals(2, api.configurationVersion());
        assertTrue(withoutVersion(after).startsWith(withoutVersion(before)), after);
        String added = withoutVersion(after).substring(withoutVersion(before).length());
        int port = farmServer.getAddress().getPort();
        for (String line : List.of("frontend blog", "mode http", "maxconn 100", "option http-server-close",
                "default_backend blog_app", "bind 127.0.0.1:" + listen + " name pub",
                "use_backend blog_media if { path_beg /media }", "backend blog_app", "balance roundrobin",
                "option forwardfor", "server b1 127.0.0.1:" + port, "backend blog_media",
                "server m1 127.0.0.1:" + port + " weight 10")) {
            assertTrue(added.lines().anyMatch(l -> l.strip().equals(line)), "expected '" + line + "' in:\n" + added);
        }
        FileEffect.haproxyAccepts(cfg);

        // read back as it was written
        JsonNode read = json.readTree(api.admin().get(SITES + "/blog").then().statusCode(200).extract().asString());
        assertEquals(2, read.path("_version").asInt());
        assertEquals(json.readTree(created.asString()), read.path("data"));

        // the reload was forced: HAProxy now serves the site on its listener, through the default farm and the rule
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/media/cat.png")) {
            String answer = Poll.until("the site's frontend to answer " + path + " on 127.0.0.1:" + listen,
                    Duration.ofSeconds(20),
                    () -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + path)).build(),
                            HttpResponse.BodyHandlers.ofString()),
                    r -> r.statusCode() == 200).body();
            assertEquals("farm server, path " + path, answer);
        }
    }

    @Test
    void everySitePutBackAsReadChangesNothing() throws Exception {
        api.admin().body(site(ApiProcess.freePort(), farmServer.getAddress().getPort()))
                .post(SITES + "?version=1").then().statusCode(202);
        String before = Files.readString(cfg);
        JsonNode sites = json.readTree(api.admin().get(SITES).then().statusCode(200).extract().asString()).path("data");
        List<String> names = new java.util.ArrayList<>();
        sites.forEach(site -> names.add(site.path("name").asText()));
        assertEquals(List.of("shop", "blog"), names);
        for (JsonNode site : sites) {
            api.admin().body(site.toString()).put(SITES + "/" + site.path("name").asText() + "?version=" + api.configurationVersion())
                    .then().statusCode(202);
        }
        assertEquals(withoutVersion(before), withoutVersion(Files.readString(cfg)));
        assertEquals(2 + sites.size(), api.configurationVersion());
    }

    @Test
    void theShopReadsAsItsFrontendAndFarms() throws Exception {
        JsonNode shop = json.readTree(api.admin().get(SITES + "/shop").then().statusCode(200).extract().asString())
                .path("data");
        int port = farmServer.getAddress().getPort();
        // the rule with a name built at run time names no backend section: no farm
        assertEquals(json.readTree("""
                {"farms":[
                  {"balance":{"algorithm":"roundrobin"},"forwardfor":{"enabled":"enabled"},"name":"app",
                   "servers":[{"check":"enabled","inter":2000,"address":"127.0.0.1","name":"a1","port":%1$d},
                              {"maintenance":"enabled","address":"127.0.0.1","name":"a2","port":%1$d}],
                   "use_as":"default"},
                  {"cond":"if","cond_test":"{ path_beg /static }","name":"static",
                   "servers":[{"address":"127.0.0.1","name":"st1","port":%1$d}],"use_as":"conditional"}],
                 "name":"shop",
                 "service":{"http_connection_mode":"http-keep-alive",
                            "listeners":[{"name":"main","address":"127.0.0.1","port":%2$d}],"maxconn":500}}
                """.formatted(port, listenPortOfShop())), shop);
    }

    private int listenPortOfShop() throws Exception {
        return Integer.parseInt(Files.readString(cfg).lines().filter(l -> l.strip().startsWith("bind 127.0.0.1:"))
                .findFirst().orElseThrow().strip().split("[: ]")[2]);
    }

    @Test
    void aReplacedSiteRewritesOnlyItsWordsAndDropsTheFarmsItLeaves() throws Exception {
        String before = Files.readString(cfg);
        JsonNode shop = json.readTree(api.admin().get(SITES + "/shop").asString()).path("data");
        com.fasterxml.jackson.databind.node.ObjectNode changed = shop.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.path("service")).put("maxconn", 800);
        com.fasterxml.jackson.databind.node.ArrayNode farms = (com.fasterxml.jackson.databind.node.ArrayNode) changed.path("farms");
        com.fasterxml.jackson.databind.node.ObjectNode app = (com.fasterxml.jackson.databind.node.ObjectNode) farms.get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) app.path("servers").get(0)).put("weight", 5);
        farms.remove(1); // the static farm goes: its rule and (used by no one else) its backend
        api.admin().body(changed.toString()).put(SITES + "/shop?version=1").then().statusCode(202)
                .header("Reload-ID", org.hamcrest.Matchers.notNullValue());
        String expected = before.replace("# _version=1", "# _version=2")
                .replace("  maxconn 500\n", "  maxconn 800\n")
                .replace("  use_backend static if { path_beg /static }\n", "")
                .replaceFirst("(server a1 127.0.0.1:\\d+ check inter 2s)", "$1 weight 5")
                .replaceFirst("backend static\n  server st1 127.0.0.1:\\d+\n\n", "");
        assertEquals(expected, Files.readString(cfg));
        FileEffect.haproxyAccepts(cfg);
    }

    @Test
    void aDeletedSiteTakesItsUnsharedBackendsWithIt() throws Exception {
        api.admin().body(site(ApiProcess.freePort(), farmServer.getAddress().getPort()))
                .post(SITES + "?version=1").then().statusCode(202);
        // blog_media is also used by the shop now: it stays when the blog goes
        String shared = Files.readString(cfg).replace("  default_backend app\n",
                "  use_backend blog_media if { path_beg /blog }\n  default_backend app\n");
        Files.writeString(cfg, shared);
        long v = api.configurationVersion();
        Response deleted = api.admin().delete(SITES + "/blog?version=" + v);
        deleted.then().statusCode(202);
        assertNotNull(deleted.header("Reload-ID"));
        String after = Files.readString(cfg);
        assertFalse(after.contains("frontend blog"), after);
        assertFalse(after.contains("backend blog_app"), after);
        assertTrue(after.contains("backend blog_media"), after);
        assertEquals(v + 1, api.configurationVersion());
        FileEffect.haproxyAccepts(cfg);
        api.admin().get(SITES + "/blog").then().statusCode(404).body("message", equalTo("30: Site blog does not exist"));
    }

    @Test
    void refusalsWriteNothingAndTheSameRequestMadeValidIsAccepted() throws Exception {
        int port = farmServer.getAddress().getPort();
        JsonNode shop = json.readTree(api.admin().get(SITES + "/shop").asString()).path("data");
        com.fasterxml.jackson.databind.node.ArrayNode servers = (com.fasterxml.jackson.databind.node.ArrayNode)
                shop.path("farms").get(0).path("servers");
        servers.add(((com.fasterxml.jackson.databind.node.ObjectNode) servers.get(0).deepCopy()).put("weight", 7));
        String serverTwice = shop.toString();
        FileEffect.unchangedBy(cfg, () -> {
            api.admin().get(SITES + "/ghost").then()
                    .statusCode(404).body("message", equalTo("30: Site ghost does not exist"));
            api.admin().body(Map.of("name", "ghost")).put(SITES + "/ghost?version=1").then()
                    .statusCode(404).body("message", equalTo("30: Site ghost does not exist"));
            api.admin().delete(SITES + "/ghost?version=1").then()
                    .statusCode(404).body("message", equalTo("30: Site ghost does not exist"));
            api.admin().body(Map.of("name", "shop")).post(SITES + "?version=1").then()
                    .statusCode(409).body("message", equalTo("31: frontend shop already exists"));
            api.admin().body(Map.of("name", "new", "farms", List.of(Map.of("name", "app", "use_as", "default"))))
                    .post(SITES + "?version=1").then()
                    .statusCode(409).body("message", equalTo("31: backend app already exists"));
            api.admin().body(Map.of("name", "new", "farms", List.of(Map.of("name", "nb"))))
                    .post(SITES + "?version=1").then()
                    .statusCode(422).body("code", equalTo(602)).body("message", equalTo("farms.0.use_as in body is required"));
            api.admin().body(Map.of("name", "new", "farms", List.of(Map.of("name", "nb", "use_as", "sometimes"))))
                    .post(SITES + "?version=1").then().statusCode(422)
                    .body("message", equalTo("farms.0.use_as in body should be one of [default conditional]"));
            api.admin().body(Map.of("name", "new", "service", Map.of("mode", "udp")))
                    .post(SITES + "?version=1").then().statusCode(422)
                    .body("message", equalTo("service.mode in body should be one of [http tcp]"));
            api.admin().body(Map.of("name", "new", "farms", Map.of("name", "nb"))).post(SITES + "?version=1").then()
                    .statusCode(400).body("message", org.hamcrest.Matchers.startsWith(
                            "parsing data body from \"\" failed, because json: cannot unmarshal object into"));
            api.admin().body(Map.of("name", "new", "service", Map.of("maxconn", "many"))).post(SITES + "?version=1")
                    .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("cannot unmarshal"));
            api.admin().body(Map.of("name", "new", "service", Map.of("http_connection_mode", "http-tunnel")))
                    .post(SITES + "?version=1").then().statusCode(422).body("message", org.hamcrest.Matchers
                            .startsWith("http_connection_mode in body should be one of"));
            api.admin().body(Map.of("name", "no way")).post(SITES + "?version=1").then().statusCode(422)
                    .body("message", equalTo("name in body should match '^[A-Za-z0-9-_.:]+$'"));
            // JSON that is no object cannot be decoded into the model; null decodes as the empty model, which lacks a name
            api.admin().body("[]").post(SITES + "?version=1").then().statusCode(400).body("message", equalTo(
                    "parsing data body from \"\" failed, because json: cannot unmarshal array into Go value of type models.Site"));
            api.admin().body("null").post(SITES + "?version=1").then().statusCode(422)
                    .body("message", equalTo("name in body is required"));
            // a server named twice: neither entry silently wins
            api.admin().body(serverTwice).put(SITES + "/shop?version=1").then().statusCode(400)
                    .body("message", org.hamcrest.Matchers.endsWith(" is given twice"));
            // one site, one change: a farm whose condition HAProxy refuses takes the frontend and the other farm
            // down with it
            api.admin().body(Map.of("name", "new", "farms", List.of(
                            Map.of("name", "nb", "use_as", "default",
                                    "servers", List.of(Map.of("name", "ok", "address", "127.0.0.1", "port", port))),
                            Map.of("name", "nb2", "use_as", "conditional", "cond", "if",
                                    "cond_test", "{ no_such_fetch_method }",
                                    "servers", List.of(Map.of("name", "other", "address", "127.0.0.1", "port", port))))))
                    .post(SITES + "?version=1").then().statusCode(400)
                    .body("message", org.hamcrest.Matchers.startsWith("14: "));
        });
        // made valid, the same creation is accepted
        api.admin().body(Map.of("name", "new", "farms", List.of(
                        Map.of("name", "nb", "use_as", "default",
                                "servers", List.of(Map.of("name", "ok", "address", "127.0.0.1", "port", port))))))
                .post(SITES + "?version=1").then().statusCode(202);
        assertTrue(Files.readString(cfg).contains("frontend new"));
        FileEffect.haproxyAccepts(cfg);
    }

    @Test
    void aSiteInATransactionIsWrittenAtCommit() throws Exception {
        String before = Files.readString(cfg);
        String tx = api.admin().post("/v2/services/haproxy/transactions?version=1").then().statusCode(201)
                .extract().path("id");
        api.admin().body(site(ApiProcess.freePort(), farmServer.getAddress().getPort()))
                .post(SITES + "?transaction_id=" + tx).then().statusCode(202);
        assertEquals(before, Files.readString(cfg), "a staged site is not in haproxy.cfg yet");
        api.admin().get(SITES + "/blog?transaction_id=" + tx).then().statusCode(200).body("data.name", equalTo("blog"));
        api.admin().get(SITES + "/blog").then().statusCode(404);
        api.admin().put("/v2/services/haproxy/transactions/" + tx).then().statusCode(202);
        assertTrue(Files.readString(cfg).contains("frontend blog"));
        assertEquals(2, api.configurationVersion());
        FileEffect.haproxyAccepts(cfg);
    }
}
