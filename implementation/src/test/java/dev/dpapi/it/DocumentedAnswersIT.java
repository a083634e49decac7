package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runtime, stats, storage, transaction, SPOE, sites, cluster and service discovery families answer against
 * what our own served document says they answer: every object's fields are documented properties of its model, in
 * the documented order (an allOf model part by part), with the documented JSON types, read from a real HAProxy with
 * maps, an ACL file, a stick table entry, stored files, an SPOE file and a frontend with its farms.
 */
class DocumentedAnswersIT {

    private static final String H = "/services/haproxy";
    private static final ObjectMapper READ = new ObjectMapper();

    @TempDir
    Path dir;
    RuntimeStage stage;

    @BeforeEach
    void start() throws Exception {
        Path spoe = Files.createDirectories(dir.resolve("spoe"));
        Files.writeString(spoe.resolve("mirror.conf"), """
                [mirror]
                spoe-agent mirror-agent
                  messages check
                  groups all
                  log global
                  log 127.0.0.1:514 local0 info
                  option var-prefix mirror
                  option pipelining
                  timeout hello 2s
                  use-backend be
                spoe-message check
                  args ip=src
                  acl local src 127.0.0.1
                  event on-frontend-http-request if local
                spoe-group all
                  messages check
                """);
        // a site with a default farm (balance, forwardfor, servers) and a conditional one
        stage = RuntimeStage.withSections(dir, """

                frontend web
                  mode http
                  maxconn 100
                  bind 127.0.0.1:%2$d name web1
                  use_backend api if { path_beg /api }
                  default_backend app

                backend app
                  balance roundrobin
                  option forwardfor
                  server a1 127.0.0.1:3 weight 3

                backend api
                  mode http
                  balance leastconn
                  server p1 127.0.0.1:4
                """, "--spoe-dir", spoe.toString(), "--spoe-transaction-dir", dir.resolve("spoe-tx").toString());
        Files.writeString(stage.general.resolve("notes.txt"), "hello\n");
        TestCa ca = TestCa.create(dir, "docs-ca");
        Path cert = ca.issue("site.example", true);
        Files.writeString(stage.ssl.resolve("site.pem"), Files.readString(cert) + Files.readString(TestCa.key(cert)));
        stage.runtime("set table be key 10.0.0.9 data.gpc0 3 data.conn_cnt 1");
    }

    @AfterEach
    void stop() throws Exception {
        stage.close();
    }

    @Test
    void everyAnswerHasTheDocumentedFieldsInTheDocumentedOrder() throws Exception {
        JsonNode spec = READ.readTree(stage.api.admin().get("/v2/specification").then().statusCode(200)
                .extract().asString());
        stage.api.admin().post("/v2" + H + "/transactions?version=1").then().statusCode(201);
        String aclId = READ.readTree(stage.api.admin().get("/v2" + H + "/runtime/acls").then().statusCode(200)
                .extract().asString()).path(0).path("id").asText();
        // discovery definitions with every field set (disabled: nothing is dialled); the writes answer them too
        Map<String, Object> consul = new LinkedHashMap<>();
        consul.put("address", "127.0.0.1");
        consul.put("defaults", "be");
        consul.put("description", "docs");
        consul.put("enabled", false);
        consul.put("health_check_policy", "min");
        consul.put("health_check_policy_min", 2);
        consul.put("name", "c1");
        consul.put("namespace", "ns");
        consul.put("port", 8500);
        consul.put("retry_timeout", 10);
        consul.put("server_slots_base", 12);
        consul.put("server_slots_growth_increment", 3);
        consul.put("server_slots_growth_type", "linear");
        consul.put("service-blacklist", List.of("old"));
        consul.put("service-whitelist", List.of("web"));
        consul.put("service_allowlist", List.of("web"));
        consul.put("service_denylist", List.of("old"));
        consul.put("service_name_regexp", "^w");
        consul.put("token", "secret-token");
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("access_key_id", "AKIDDOCS");
        aws.put("allowlist", List.of(Map.of("key", "tag:app", "value", "web")));
        aws.put("denylist", List.of(Map.of("key", "tag:env", "value", "old")));
        aws.put("description", "docs");
        aws.put("enabled", false);
        aws.put("ipv4_address", "private");
        aws.put("name", "a1");
        aws.put("region", "eu-west-3");
        aws.put("retry_timeout", 10);
        aws.put("secret_access_key", "docs-secret");
        aws.put("server_slots_base", 12);
        aws.put("server_slots_growth_increment", 3);
        aws.put("server_slots_growth_type", "linear");
        Map<String, String> ids = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> kind : Map.of("consul", consul, "aws", aws).entrySet()) {
            String path = "/service_discovery/" + kind.getKey();
            JsonNode created = READ.readTree(stage.api.admin().body(kind.getValue()).post("/v2" + path).then()
                    .statusCode(201).extract().asString());
            assertShape(spec, "POST " + path, created,
                    spec.path("paths").path(path).path("post").path("responses").path("201").path("schema"));
            JsonNode replaced = READ.readTree(stage.api.admin().body(kind.getValue())
                    .put("/v2" + path + "/" + created.path("id").asText()).then().statusCode(200).extract().asString());
            assertShape(spec, "PUT " + path, replaced,
                    spec.path("paths").path(path + "/{id}").path("put").path("responses").path("200").path("schema"));
            assertEquals(kind.getValue().size() + 1, replaced.size(), "every field set is answered: " + replaced);
            ids.put(kind.getKey(), created.path("id").asText());
        }
        // the operation's path template, and a request of it that answers something
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("/service_discovery/consul", "");
        reads.put("/service_discovery/consul/{id}", ids.get("consul"));
        reads.put("/service_discovery/aws", "");
        reads.put("/service_discovery/aws/{id}", ids.get("aws"));
        reads.put(H + "/runtime/servers", "?backend=be");
        reads.put(H + "/runtime/servers/{name}", "s2?backend=be");
        reads.put(H + "/runtime/maps", "");
        reads.put(H + "/runtime/maps/{name}", "hosts");
        reads.put(H + "/runtime/maps_entries", "?map=hosts");
        reads.put(H + "/runtime/maps_entries/{id}", "a.example?map=hosts");
        reads.put(H + "/runtime/acls", "");
        reads.put(H + "/runtime/acls/{id}", aclId);
        reads.put(H + "/runtime/acl_file_entries", "?acl_id=" + aclId);
        reads.put(H + "/runtime/acl_file_entries/{id}", "10.0.0.1?acl_id=" + aclId);
        reads.put(H + "/runtime/stick_tables", "");
        reads.put(H + "/runtime/stick_tables/{name}", "be?process=1");
        reads.put(H + "/runtime/stick_table_entries", "?stick_table=be&process=1");
        reads.put(H + "/stats/native", "");
        reads.put(H + "/storage/maps", "");
        reads.put(H + "/storage/general", "");
        reads.put(H + "/storage/ssl_certificates", "");
        reads.put(H + "/storage/ssl_certificates/{name}", "site.pem");
        reads.put(H + "/transactions", "");
        reads.put(H + "/spoe/spoe_files", "");
        reads.put(H + "/spoe/spoe_files/{name}", "mirror.conf");
        reads.put(H + "/spoe/spoe_scopes", "?spoe=mirror.conf");
        reads.put(H + "/spoe/spoe_scopes/{name}", "[mirror]?spoe=mirror.conf");
        for (String kind : List.of("agents", "messages", "groups")) {
            String name = Map.of("agents", "mirror-agent", "messages", "check", "groups", "all").get(kind);
            reads.put(H + "/spoe/spoe_" + kind, "?spoe=mirror.conf&scope=[mirror]");
            reads.put(H + "/spoe/spoe_" + kind + "/{name}", name + "?spoe=mirror.conf&scope=[mirror]");
        }
        reads.put(H + "/sites", "");
        reads.put(H + "/sites/{name}", "web");
        reads.put("/cluster", "");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, String> read : reads.entrySet()) {
            String template = read.getKey();
            String url = "/v2" + (template.contains("{") ? template.replaceAll("\\{[^}]+}$", "") + read.getValue()
                    : template + read.getValue());
            JsonNode answer = READ.readTree(stage.api.admin().get(url).then().statusCode(200).extract().asString());
            JsonNode schema = spec.path("paths").path(template).path("get").path("responses").path("200").path("schema");
            assertFalse(schema.isMissingNode() || schema.equals(READ.readTree("{\"type\":\"object\"}")),
                    template + " has no documented model");
            assertFalse(answer.isEmpty(), url + " answered nothing to check: " + answer);
            assertShape(spec, url, answer, schema);
            checked.add(template);
        }
        assertEquals(reads.size(), checked.size());
        // a file's version is a bare number
        JsonNode version = READ.readTree(stage.api.admin().get("/v2" + H + "/spoe/version?spoe=mirror.conf").then()
                .statusCode(200).extract().asString());
        assertShape(spec, H + "/spoe/version", version,
                spec.path("paths").path(H + "/spoe/version").path("get").path("responses").path("200").path("schema"));
    }

    /**
     * The changes of the same families: each answer against its operation's documented answer, the body it was
     * given against the documented body, and the effect read where it lives (haproxy.cfg, the SPOE file, the
     * running HAProxy). SPOE changes answer an empty body, as the official does, and are documented with none.
     */
    @Test
    void everyChangeAnswersItsDocumentedModel() throws Exception {
        JsonNode spec = READ.readTree(stage.api.admin().get("/v2/specification").then().statusCode(200)
                .extract().asString());
        // a site with every field of a service and a farm, then the same site replaced
        Map<String, Object> listener = Map.of("name", "shop1", "address", "127.0.0.1", "port", ApiProcess.freePort());
        Map<String, Object> shop = new LinkedHashMap<>();
        shop.put("name", "shop");
        shop.put("service", Map.of("mode", "http", "maxconn", 50, "http_connection_mode", "http-keep-alive",
                "listeners", List.of(listener)));
        shop.put("farms", List.of(
                Map.of("name", "shop_app", "use_as", "default", "mode", "http", "balance", Map.of("algorithm", "roundrobin"),
                        "forwardfor", Map.of("enabled", "enabled"),
                        "servers", List.of(Map.of("name", "w1", "address", "127.0.0.1", "port", 5, "weight", 2))),
                Map.of("name", "shop_api", "use_as", "conditional", "cond", "if", "cond_test", "{ path_beg /api }",
                        "servers", List.of(Map.of("name", "w2", "address", "127.0.0.1", "port", 6)))));
        change(spec, "post", H + "/sites", H + "/sites?version=1", shop, 202);
        change(spec, "put", H + "/sites/{name}", H + "/sites/shop?version=2", shop, 202);
        String cfg = Files.readString(stage.haproxy.config);
        assertTrue(cfg.contains("frontend shop") && cfg.contains("backend shop_api") && cfg.contains("server w1 127.0.0.1:5"),
                cfg);

        // a server added to the running HAProxy, with the server line's fields
        Map<String, Object> server = Map.of("name", "s9", "address", "127.0.0.1", "port", 9, "weight", 7, "maxconn", 10);
        change(spec, "post", H + "/runtime/servers", H + "/runtime/servers?backend=be", server, 201);
        assertTrue(stage.runtime("show servers state be").contains(" s9 127.0.0.1 "), "s9 runs in be");

        // the cluster settings of a single node, posted without a key
        change(spec, "post", "/cluster", "/cluster", Map.of(), 200);

        // SPOE sections: created and replaced with the documented body, answered with no body
        String spoe = "?spoe=mirror.conf&scope=[mirror]&version=";
        Map<String, Object> agent = Map.of("name", "other-agent", "messages", "check", "use-backend", "be",
                "processing_timeout", 500, "log", List.of(Map.of("global", true)));
        Map<String, Object> message = Map.of("name", "other-msg", "args", "path=path",
                "acl", List.of(Map.of("acl_name", "api", "criterion", "path_beg", "value", "/api")),
                "event", Map.of("name", "on-frontend-http-request", "cond", "if", "cond_test", "api"));
        Map<String, Object> group = Map.of("name", "others", "messages", "other-msg");
        int version = Integer.parseInt(stage.api.admin().get("/v2" + H + "/spoe/version?spoe=mirror.conf").then()
                .statusCode(200).extract().asString().strip());
        for (Map.Entry<String, Map<String, Object>> kind : List.of(Map.entry("agents", agent),
                Map.entry("messages", message), Map.entry("groups", group))) {
            String list = H + "/spoe/spoe_" + kind.getKey();
            String name = (String) kind.getValue().get("name");
            change(spec, "post", list, list + spoe + version++, kind.getValue(), 201);
            change(spec, "put", list + "/{name}", list + "/" + name + spoe + version++, kind.getValue(), 200);
        }
        String file = Files.readString(dir.resolve("spoe/mirror.conf"));
        assertTrue(file.contains("spoe-agent other-agent") && file.contains("acl api path_beg /api")
                && file.contains("spoe-group others"), file);
    }

    /** One change: its body against the documented body, its answer against the documented answer. */
    private void change(JsonNode spec, String method, String template, String url, Map<String, Object> body,
                        int status) throws Exception {
        JsonNode operation = spec.path("paths").path(template).path(method);
        JsonNode sent = READ.valueToTree(body);
        JsonNode documentedBody = null;
        for (JsonNode p : operation.path("parameters")) {
            if (p.path("in").asText().equals("body")) {
                documentedBody = p.path("schema");
            }
        }
        assertTrue(documentedBody != null, method + " " + template + " documents no body");
        assertDocumented(spec, method + " " + template + " body", sent, documentedBody);
        String text = stage.api.admin().body(body).request(method.toUpperCase(), "/v2" + url).then().statusCode(status)
                .extract().asString();
        JsonNode schema = operation.path("responses").path(Integer.toString(status)).path("schema");
        if (schema.isMissingNode()) {
            assertEquals("", text, method + " " + url + " documents no answer");
            return;
        }
        assertFalse(schema.equals(READ.readTree("{\"type\":\"object\"}")), template + " has no documented model");
        JsonNode answer = READ.readTree(text);
        assertShape(spec, method + " " + url, answer, schema);
        assertDocumented(spec, method + " " + url, answer, schema);
    }

    /** Every field of {@code value}, at any depth, is a documented one (whatever its order: a request's is free). */
    private static void assertDocumented(JsonNode spec, String where, JsonNode value, JsonNode documentedSchema) {
        JsonNode schema = resolve(spec, documentedSchema);
        if (value.isArray()) {
            value.forEach(item -> assertDocumented(spec, where + "[]", item, schema.path("items")));
        } else if (value.isObject()) {
            Map<String, JsonNode> documented = properties(spec, schema);
            value.fields().forEachRemaining(f -> {
                assertTrue(documented.containsKey(f.getKey()), where + "." + f.getKey() + " is not documented");
                assertDocumented(spec, where + "." + f.getKey(), f.getValue(), documented.get(f.getKey()));
            });
        }
    }

    private static JsonNode resolve(JsonNode spec, JsonNode schema) {
        while (schema.has("$ref")) {
            schema = spec.path("definitions").path(schema.path("$ref").asText().substring("#/definitions/".length()));
        }
        return schema;
    }

    /** The properties of an object schema in the order they are written: an allOf model's parts in turn. */
    private static Map<String, JsonNode> properties(JsonNode spec, JsonNode schema) {
        Map<String, JsonNode> props = new LinkedHashMap<>();
        schema.path("properties").fields().forEachRemaining(f -> props.put(f.getKey(), f.getValue()));
        for (JsonNode part : schema.path("allOf")) {
            props.putAll(properties(spec, resolve(spec, part)));
        }
        return props;
    }

    private static void assertShape(JsonNode spec, String where, JsonNode answer, JsonNode schema) {
        schema = resolve(spec, schema);
        String type = schema.path("type").asText("object");
        if (answer.isArray()) {
            assertEquals("array", type, where);
            for (JsonNode item : answer) {
                assertShape(spec, where + "[]", item, schema.path("items"));
            }
        } else if (answer.isObject()) {
            assertEquals("object", type, where);
            Map<String, JsonNode> properties = properties(spec, schema);
            List<String> documented = new ArrayList<>(properties.keySet());
            int last = -1;
            for (var it = answer.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                int at = documented.indexOf(field);
                assertTrue(at >= 0, where + "." + field + " is not documented; documented: " + documented);
                assertTrue(at > last, where + "." + field + " comes out of the documented order " + documented);
                last = at;
                assertShape(spec, where + "." + field, answer.path(field), properties.get(field));
            }
        } else {
            String actual = answer.isTextual() ? "string" : answer.isIntegralNumber() ? "integer"
                    : answer.isBoolean() ? "boolean" : answer.getNodeType().toString();
            assertEquals(type, actual, where);
        }
    }
}
