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
 * What the runtime, stats, storage, transaction, SPOE file and service discovery families answer against what our own served document says
 * they answer: every object's fields are documented properties of its model, in the documented order, with the
 * documented JSON types, read from a real HAProxy with maps, an ACL file, a stick table entry and stored files.
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
        Files.writeString(spoe.resolve("mirror.conf"), "[mirror]\nspoe-agent mirror-agent\n  messages check\n");
        stage = RuntimeStage.start(dir, "--spoe-dir", spoe.toString(), "--spoe-transaction-dir",
                dir.resolve("spoe-tx").toString());
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

    private static void assertShape(JsonNode spec, String where, JsonNode answer, JsonNode schema) {
        while (schema.has("$ref")) {
            schema = spec.path("definitions").path(schema.path("$ref").asText().substring("#/definitions/".length()));
        }
        String type = schema.path("type").asText("object");
        if (answer.isArray()) {
            assertEquals("array", type, where);
            for (JsonNode item : answer) {
                assertShape(spec, where + "[]", item, schema.path("items"));
            }
        } else if (answer.isObject()) {
            assertEquals("object", type, where);
            List<String> documented = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(documented::add);
            int last = -1;
            for (var it = answer.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                int at = documented.indexOf(field);
                assertTrue(at >= 0, where + "." + field + " is not documented; documented: " + documented);
                assertTrue(at > last, where + "." + field + " comes out of the documented order " + documented);
                last = at;
                assertShape(spec, where + "." + field, answer.path(field), schema.path("properties").path(field));
            }
        } else {
            String actual = answer.isTextual() ? "string" : answer.isIntegralNumber() ? "integer"
                    : answer.isBoolean() ? "boolean" : answer.getNodeType().toString();
            assertEquals(type, actual, where);
        }
    }
}
