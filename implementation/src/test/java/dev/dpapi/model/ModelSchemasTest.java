package dev.dpapi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.configuration.ConfigurationService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration models' schemas come from the tables: fields, types, enums, required fields and order. */
class ModelSchemasTest {

    private static final Map<String, JsonNode> DEFS = ConfigurationService.definitions();

    private static JsonNode property(String model, String path) {
        JsonNode at = DEFS.get(model);
        for (String name : path.split("\\.")) {
            at = at.path("properties").path(name);
        }
        return at;
    }

    /** The fields in written order: a composed model's parts in turn. */
    private static List<String> fields(JsonNode schema) {
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        schema.path("allOf").forEach(part -> names.addAll(fields(part)));
        return names;
    }

    @Test
    void typesAndEnumsComeFromTheValueTypes() {
        assertEquals("integer", property("backend", "connect_timeout").path("type").asText());
        assertEquals("[\"http\",\"tcp\"]", property("backend", "mode").path("enum").toString());
        assertEquals("[\"enabled\",\"disabled\"]", property("backend", "tcpka").path("enum").toString());
        assertEquals("[\"insert\",\"rewrite\",\"prefix\"]", property("backend", "cookie.type").path("enum").toString());
        assertEquals("boolean", property("backend", "cookie.indirect").path("type").asText());
        assertEquals("string", property("backend", "balance.algorithm").path("type").asText());
        assertEquals("array", property("global", "runtime_apis").path("type").asText());
        assertEquals("integer", property("frontend", "errorfiles_from_http_errors").path("items").path("properties")
                .path("codes").path("items").path("type").asText());
        assertEquals("boolean", property("cache", "process_vary").path("type").asText());
        assertEquals("[\"if\",\"unless\"]", property("http_request_rule", "cond").path("enum").toString());
        assertTrue(property("http_request_rule", "type").path("enum").toString().contains("\"redirect\""));
        assertEquals("integer", property("http_request_rule", "sc_id").path("type").asText());
        assertEquals("array", property("http_request_rule", "return_hdrs").path("type").asText());
        assertEquals("[\"connection\",\"content\",\"inspect-delay\",\"session\"]",
                property("tcp_request_rule", "type").path("enum").toString());
    }

    /** What the official contract's models require, model by model (its facts; a body lacking one is refused 422). */
    private static final Map<String, List<String>> CONTRACT_REQUIRED = Map.ofEntries(
            Map.entry("frontend", List.of("name")), Map.entry("backend", List.of("name")),
            Map.entry("defaults", List.of()), Map.entry("global", List.of()),
            Map.entry("program", List.of("command", "name")), Map.entry("cache", List.of("name")),
            Map.entry("ring", List.of("name")), Map.entry("resolver", List.of("name")),
            Map.entry("mailers_section", List.of("name")), Map.entry("log_forward", List.of("name")),
            Map.entry("fcgi_app", List.of("docroot", "name")),
            Map.entry("http_errors_section", List.of("error_files", "name")),
            Map.entry("peer_section", List.of("name")), Map.entry("userlist", List.of("name")),
            Map.entry("server", List.of("address", "name")),
            Map.entry("server_template", List.of("fqdn", "num_or_range", "prefix")),
            Map.entry("bind", List.of()), Map.entry("dgram_bind", List.of()), Map.entry("table", List.of()),
            Map.entry("mailer_entry", List.of("address", "name", "port")),
            Map.entry("peer_entry", List.of("address", "name", "port")),
            Map.entry("nameserver", List.of("address", "name")),
            Map.entry("user", List.of("password", "secure_password", "username")), Map.entry("group", List.of("name")),
            Map.entry("acl", List.of("acl_name", "criterion", "index", "value")),
            Map.entry("backend_switching_rule", List.of("index", "name")),
            Map.entry("server_switching_rule", List.of("index", "target_server")),
            Map.entry("http_request_rule", List.of("index", "type")), Map.entry("http_response_rule", List.of("index", "type")),
            Map.entry("http_after_response_rule", List.of("index", "type")),
            Map.entry("tcp_request_rule", List.of("index", "type")), Map.entry("tcp_response_rule", List.of("index", "type")),
            Map.entry("stick_rule", List.of("index", "pattern", "type")),
            Map.entry("capture", List.of("index", "length", "type")), Map.entry("filter", List.of("index", "type")),
            Map.entry("log_target", List.of("index")), Map.entry("http_check", List.of("index", "type")),
            Map.entry("tcp_check", List.of("action", "index")),
            Map.entry("http_error_rule", List.of("index", "status", "type")),
            Map.entry("spoe_agent", List.of("name")), Map.entry("spoe_message", List.of("name")),
            Map.entry("spoe_group", List.of("name")), Map.entry("runtime_add_server", List.of()));

    @Test
    void requiredFieldsAreTheContractsModelByModel() {
        CONTRACT_REQUIRED.forEach((model, required) -> {
            List<String> ours = new ArrayList<>();
            DEFS.get(model).path("required").forEach(r -> ours.add(r.asText()));
            assertEquals(required, ours, model);
        });
    }

    @Test
    void theFirstMissingRequiredFieldIsNamedInTheValidatorsOrder() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(java.util.Optional.of("acl_name"), ModelSchemas.firstMissing(DEFS.get("acl"), json.readTree("{}")));
        assertEquals(java.util.Optional.of("index"), ModelSchemas.firstMissing(DEFS.get("acl"),
                json.readTree("{\"acl_name\":\"a\",\"criterion\":\"src\",\"value\":\"x\"}")));
        assertEquals(java.util.Optional.of("name"), ModelSchemas.firstMissing(DEFS.get("frontend"),
                json.readTree("{\"name\":\"\"}")), "an empty string is no value");
        assertEquals(java.util.Optional.of("name"), ModelSchemas.firstMissing(DEFS.get("frontend"),
                json.readTree("{\"name\":null}")));
        assertEquals(java.util.Optional.empty(), ModelSchemas.firstMissing(DEFS.get("log_target"),
                json.readTree("{\"index\":0}")), "zero is a value");
        assertEquals(java.util.Optional.empty(), ModelSchemas.firstMissing(DEFS.get("bind"), json.readTree("{}")));
        // an empty string for a number is a value of the wrong type (the decoder's 400), not a missing value
        assertEquals(java.util.Optional.empty(), ModelSchemas.firstMissing(DEFS.get("log_target"),
                json.readTree("{\"index\":\"\"}")));
        // a server's address, required by its own part of the allOf, is a string: empty is missing
        assertEquals(java.util.Optional.of("address"), ModelSchemas.firstMissing(DEFS.get("server"),
                json.readTree("{\"name\":\"s\",\"address\":\"\"}")));
    }

    @Test
    void theFirstValueOfTheWrongTypeIsNamedInTheBodysOrder() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(java.util.Optional.of(java.util.Map.entry("acl_name", "string")), ModelSchemas.firstWrongType(
                DEFS.get("acl"), json.readTree("{\"index\":0,\"acl_name\":5,\"criterion\":true}")));
        assertEquals(java.util.Optional.of(java.util.Map.entry("index", "int64")), ModelSchemas.firstWrongType(
                DEFS.get("log_target"), json.readTree("{\"index\":\"\"}")));
        // a server's weight is in the shared part of its allOf
        assertEquals(java.util.Optional.of(java.util.Map.entry("weight", "int64")), ModelSchemas.firstWrongType(
                DEFS.get("server"), json.readTree("{\"name\":\"s\",\"weight\":\"10\"}")));
        assertEquals(java.util.Optional.empty(), ModelSchemas.firstWrongType(DEFS.get("server"),
                json.readTree("{\"name\":\"s\",\"weight\":10,\"address\":null,\"unknown\":1}")));
    }

    @Test
    void fieldsAreInWireOrder() {
        List<String> backend = fields(DEFS.get("backend"));
        List<String> sorted = new ArrayList<>(backend);
        sorted.sort(null);
        assertEquals(sorted, backend, "a plain model: alphabetical");
        List<String> server = fields(DEFS.get("server"));
        assertEquals(List.of("address", "id", "name", "port"), server.subList(server.size() - 4, server.size()),
                "a server: its parameters, then its own fields");
        assertTrue(server.indexOf("weight") < server.indexOf("address"));
        List<String> api = fields(property("global", "runtime_apis").path("items"));
        assertEquals(2, DEFS.get("bind").path("allOf").size(), "an allOf of the parameters and its own fields");
        assertEquals("address", api.get(api.size() - 1));
    }

    @Test
    void eachModelHasItsAnswers() {
        assertEquals("#/definitions/backend", DEFS.get("backend_data").path("properties").path("data").path("$ref")
                .asText());
        assertEquals("#/definitions/server", DEFS.get("server_list_data").path("properties").path("data")
                .path("items").path("$ref").asText());
        assertEquals("integer", DEFS.get("server_list_data").path("properties").path("_version").path("type").asText());
    }

    @Test
    void spoeSectionsComeFromTheirTables() {
        assertEquals("[\"enabled\",\"disabled\"]", property("spoe_agent", "pipelining").path("enum").toString());
        assertEquals("integer", property("spoe_agent", "hello_timeout").path("type").asText());
        assertEquals("string", property("spoe_agent", "messages").path("type").asText());
        // the lines a list holds are the rule models' own
        assertEquals("#/definitions/log_target", property("spoe_agent", "log").path("items").path("$ref").asText());
        assertEquals("#/definitions/acl", property("spoe_message", "acl").path("items").path("$ref").asText());
        assertEquals("[\"if\",\"unless\"]", property("spoe_message", "event.cond").path("enum").toString());
        assertEquals(List.of("messages", "name"), fields(DEFS.get("spoe_group")));
        assertEquals("[\"name\"]", DEFS.get("spoe_agent").path("required").toString());
        assertTrue(DEFS.get("spoe_agent_list").path("properties").path("_version").isMissingNode(),
                "the agent list answers no _version");
    }

    @Test
    void addingAServerAtRuntimeTakesTheServerLinesFieldsInOnePart() {
        JsonNode runtime = DEFS.get("runtime_add_server");
        List<String> fields = fields(runtime);
        List<String> sorted = new ArrayList<>(fields);
        sorted.sort(null);
        assertEquals(sorted, fields, "echoed alphabetically, unlike a configuration server");
        List<String> server = new ArrayList<>(fields(DEFS.get("server")));
        server.remove("id");
        server.sort(null);
        assertEquals(server, fields, "the server line's fields but its number");
        assertTrue(property("runtime_add_server", "resolvers").path("x-beyond-contract").asBoolean());
        assertTrue(property("runtime_add_server", "weight").path("x-beyond-contract").isMissingNode());
    }
}
