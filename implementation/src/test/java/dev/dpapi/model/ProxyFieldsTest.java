package dev.dpapi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import dev.dpapi.http.configuration.ConfigurationService;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Section;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The proxy sections' fields through the backend table, without HAProxy: each directive reads as its model, the
 * model written into a section gives the same line, and an unchanged model leaves the section as written.
 */
class ProxyFieldsTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    /** A file of one backend section. */
    private static ConfigText backend(String directives) {
        return ConfigText.parse("backend b\n" + directives);
    }

    private static Section section(ConfigText text) {
        return text.section("backend", "b").orElseThrow();
    }

    private static ObjectNode read(ConfigText text) throws Exception {
        ObjectNode model = SectionEditor.read(section(text), SectionTables.BACKEND);
        model.remove("name");
        return (ObjectNode) json(model.toString()); // re-parsed: numbers compare by value
    }

    /** The file after the backend is written with the model. */
    private static String write(ConfigText text, JsonNode model) throws Exception {
        Section written = SectionEditor.write(section(text), SectionTables.BACKEND, model, "\n");
        return text.withSection(section(text), written).render();
    }

    /** A directive, the model it reads as, and the directive a model written from scratch gives. */
    static Stream<Arguments> directives() {
        return Stream.of(
                Arguments.of("balance roundrobin", "{\"balance\":{\"algorithm\":\"roundrobin\"}}", null),
                Arguments.of("balance uri len 10 depth 2 whole path-only",
                        "{\"balance\":{\"algorithm\":\"uri\",\"uri_len\":10,\"uri_depth\":2,\"uri_whole\":true,"
                                + "\"uri_path_only\":true}}", null),
                Arguments.of("balance url_param userid check_post 64 max_wait 10",
                        "{\"balance\":{\"algorithm\":\"url_param\",\"url_param\":\"userid\",\"url_param_check_post\":64,"
                                + "\"url_param_max_wait\":10}}", null),
                Arguments.of("balance hdr(Host) use_domain_only",
                        "{\"balance\":{\"algorithm\":\"hdr\",\"hdr_name\":\"Host\",\"hdr_use_domain_only\":true}}", null),
                Arguments.of("balance random(3)", "{\"balance\":{\"algorithm\":\"random\",\"random_draws\":3}}", null),
                Arguments.of("balance random", "{\"balance\":{\"algorithm\":\"random\"}}", null),
                Arguments.of("balance rdp-cookie(mstshash)",
                        "{\"balance\":{\"algorithm\":\"rdp-cookie\",\"rdp_cookie_name\":\"mstshash\"}}", null),
                Arguments.of("balance rdp-cookie", "{\"balance\":{\"algorithm\":\"rdp-cookie\"}}", null),
                Arguments.of("balance hash req.cook(id),lower",
                        "{\"balance\":{\"algorithm\":\"hash\",\"hash_expression\":\"req.cook(id),lower\"}}", null),
                Arguments.of("cookie SRV insert attr SameSite=Lax domain .a.test attr Secure2 domain .b.test",
                        "{\"cookie\":{\"name\":\"SRV\",\"type\":\"insert\",\"attr\":[{\"value\":\"SameSite=Lax\"},"
                                + "{\"value\":\"Secure2\"}],\"domain\":[{\"value\":\".a.test\"},{\"value\":\".b.test\"}]}}",
                        "cookie SRV insert attr SameSite=Lax attr Secure2 domain .a.test domain .b.test"),
                Arguments.of("stick-table type ip size 100k expire 30s",
                        "{\"stick_table\":{\"type\":\"ip\",\"size\":102400,\"expire\":30000}}",
                        "stick-table type ip size 102400 expire 30000"),
                Arguments.of("stats maxconn 10", "{\"stats_options\":{\"stats_maxconn\":10}}", null),
                Arguments.of("bind-process 1-2", "{\"bind_process\":\"1-2\"}", null),
                Arguments.of("no option http-use-htx", "{\"http-use-htx\":\"disabled\"}", null),
                Arguments.of("option http-restrict-req-hdr-names reject", "{\"http_restrict_req_hdr_names\":\"reject\"}",
                        null),
                Arguments.of("no option http-no-delay", "{\"http-no-delay\":\"disabled\"}", null),
                Arguments.of("no option http-server-close", "{\"http-server-close\":\"disabled\"}", null),
                Arguments.of("option http-keep-alive",
                        "{\"http_connection_mode\":\"http-keep-alive\",\"http-keep-alive\":\"enabled\"}", null));
    }

    @ParameterizedTest
    @MethodSource("directives")
    void eachDirectiveReadsAsItsModelAndIsWrittenBack(String directive, String model, String fromScratch)
            throws Exception {
        ConfigText s = backend("  " + directive + "\n");
        assertEquals(json(model), read(s));
        String text = "backend b\n  " + directive + "\n";
        assertEquals(text, write(s, json(model)), "unchanged: as written");
        assertEquals("backend b\n  " + (fromScratch == null ? directive : fromScratch) + "\n",
                write(backend(""), json(model)), "from scratch");
    }

    @Test
    void aChangedBalanceRewritesOnlyItsWords() throws Exception {
        ConfigText s = backend("  balance\turi  len 10   whole # keep\n");
        assertEquals("backend b\n  balance\turi  len 12   whole # keep\n",
                write(s, json("{\"balance\":{\"algorithm\":\"uri\",\"uri_len\":12,\"uri_whole\":true}}")));
        ConfigText table = backend("  stick-table type ip size 1m expire 1m store gpc0\n");
        assertEquals("backend b\n  stick-table type ip size 1m expire 2m store gpc0\n".replace("2m", "120000"),
                write(table, json("{\"stick_table\":{\"type\":\"ip\",\"size\":1048576,\"expire\":120000,"
                        + "\"store\":\"gpc0\"}}")));
        // 1m is a minute or 1024²: a size changed to 60000 is written, not taken for the unchanged minute
        assertEquals("backend b\n  stick-table type ip size 60000 expire 60000 store gpc0\n",
                write(table, json("{\"stick_table\":{\"type\":\"ip\",\"size\":60000,\"expire\":60000,"
                        + "\"store\":\"gpc0\"}}")));
    }

    @Test
    void refusalsNameTheFieldInsideItsObject() throws Exception {
        ConfigText s = backend("");
        ConfigException noName = assertThrows(ConfigException.class,
                () -> write(s, json("{\"balance\":{\"algorithm\":\"hdr\"}}")));
        assertEquals(602, noName.code());
        assertEquals("balance.hdr_name in body is required", noName.getMessage());
        ConfigException none = assertThrows(ConfigException.class, () -> write(s, json("{\"balance\":{}}")));
        assertEquals("balance.algorithm in body is required", none.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> write(s, json("{\"balance\":{\"algorithm\":\"fastest\"}}")));
        assertEquals(605, unknown.code());
        ConfigException typed = assertThrows(ConfigException.class,
                () -> write(s, json("{\"balance\":{\"algorithm\":5}}")));
        assertEquals(400, typed.status());
        assertEquals(ConfigException.UNDECODABLE + "json: cannot unmarshal number into Go struct field "
                + "Balance.balance.algorithm of type string", typed.getMessage());
        ConfigException spaced = assertThrows(ConfigException.class,
                () -> write(s, json("{\"cookie\":{\"name\":\"S\",\"attr\":[{\"value\":\"a b\"}]}}")));
        assertEquals("cookie.attr.value in body should match '^[^\\s]+$'", spaced.getMessage());
        // the same, made valid
        assertEquals("backend b\n  balance hdr(X-Tenant)\n",
                write(s, json("{\"balance\":{\"algorithm\":\"hdr\",\"hdr_name\":\"X-Tenant\"}}")));
    }

    /**
     * {@code http_connection_mode} and the backend's {@code httpclose} both name {@code option httpclose}: a body
     * giving only one of them keeps the line, one giving neither removes it.
     */
    @Test
    void twoFieldsNamingOneDirectiveKeepItWhileEitherWantsIt() throws Exception {
        ConfigText s = backend("  option httpclose\n  retries 3\n");
        assertEquals(json("{\"http_connection_mode\":\"httpclose\",\"httpclose\":\"enabled\",\"retries\":3}"), read(s));
        String kept = "backend b\n  option httpclose\n  retries 3\n";
        assertEquals(kept, write(s, json("{\"http_connection_mode\":\"httpclose\",\"retries\":3}")));
        assertEquals(kept, write(s, json("{\"httpclose\":\"enabled\",\"retries\":3}")));
        assertEquals("backend b\n  retries 3\n", write(s, json("{\"retries\":3}")));
        assertEquals("backend b\n  retries 3\n  no option httpclose\n",
                write(s, json("{\"httpclose\":\"disabled\",\"retries\":3}")));
    }

    @Test
    void theSchemasAreTheContractsShapes() {
        JsonNode backend = ConfigurationService.definitions().get("backend").path("properties");
        JsonNode balance = backend.path("balance");
        assertEquals("[\"algorithm\"]", balance.path("required").toString());
        assertEquals("[\"roundrobin\",\"static-rr\",\"leastconn\",\"first\",\"source\",\"uri\",\"url_param\",\"hdr\","
                + "\"random\",\"rdp-cookie\",\"hash\"]", balance.path("properties").path("algorithm").path("enum").toString());
        assertEquals("integer", balance.path("properties").path("random_draws").path("type").asText());
        assertEquals("boolean", balance.path("properties").path("uri_whole").path("type").asText());
        JsonNode attr = backend.path("cookie").path("properties").path("attr");
        assertEquals("array", attr.path("type").asText());
        assertEquals("string", attr.path("items").path("properties").path("value").path("type").asText());
        assertEquals("integer", backend.path("stick_table").path("properties").path("size").path("type").asText());
        assertEquals("integer", backend.path("stats_options").path("properties").path("stats_maxconn").path("type").asText());
        JsonNode frontend = ConfigurationService.definitions().get("frontend").path("properties");
        assertEquals("integer", frontend.path("stick_table").path("properties").path("size").path("type").asText());
        assertEquals("[\"enabled\",\"disabled\"]", frontend.path("http-use-htx").path("enum").toString());
        JsonNode defaults = ConfigurationService.definitions().get("defaults").path("properties");
        assertEquals(false, defaults.has("httpclose"), "the defaults model has no backend-only switch");
        JsonNode filter = ConfigurationService.definitions().get("filter").path("properties");
        assertEquals("integer", filter.path("limit").path("type").asText());
        assertEquals("integer", filter.path("default_limit").path("type").asText());
    }
}
