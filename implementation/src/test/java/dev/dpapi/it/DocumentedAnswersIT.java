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
 * What the runtime, stats, storage and transaction families answer against what our own served document says
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
        stage = RuntimeStage.start(dir);
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
        // the operation's path template, and a request of it that answers something
        Map<String, String> reads = new LinkedHashMap<>();
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
