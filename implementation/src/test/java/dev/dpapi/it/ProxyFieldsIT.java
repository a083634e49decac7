package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proxy sections' fields set through the API: each lands in haproxy.cfg as the directive HAProxy reads, HAProxy
 * 2.6 ({@code haproxy -c}) accepts the file, and a GET answers the value sent. Directives HAProxy 2.6 refuses
 * ({@code option http-use-htx}, {@code stats maxconn} in a proxy) are written as the official writes them and
 * refused by {@code haproxy -c}, leaving the file as it was.
 */
class ProxyFieldsIT {

    private static final String C = "/v2/services/haproxy/configuration/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @AutoClose
    static ConfigStage stage;

    @BeforeAll
    static void start() {
        stage = ConfigStage.started();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(String json) throws Exception {
        return JSON.readValue(json, Map.class);
    }

    /** The header and directives of a section of the file, stripped, up to the next section or blank line. */
    private static String section(String header) throws Exception {
        java.util.List<String> lines = Files.readString(stage.cfg).lines().toList();
        int at = lines.indexOf(header);
        assertTrue(at >= 0, header + " in:\n" + String.join("\n", lines));
        StringBuilder out = new StringBuilder(header);
        for (int i = at + 1; i < lines.size() && lines.get(i).startsWith(" "); i++) {
            out.append('\n').append(lines.get(i).strip());
        }
        return out.toString();
    }

    /** A backend field (JSON members), and the directive it is written as. */
    static Stream<Arguments> backendFields() {
        return Stream.of(
                Arguments.of("\"balance\":{\"algorithm\":\"uri\",\"uri_len\":10,\"uri_depth\":2,\"uri_whole\":true,"
                        + "\"uri_path_only\":true}", "balance uri len 10 depth 2 whole path-only"),
                Arguments.of("\"balance\":{\"algorithm\":\"url_param\",\"url_param\":\"userid\","
                        + "\"url_param_check_post\":64,\"url_param_max_wait\":10}",
                        "balance url_param userid check_post 64 max_wait 10"),
                Arguments.of("\"balance\":{\"algorithm\":\"hdr\",\"hdr_name\":\"Host\",\"hdr_use_domain_only\":true}",
                        "balance hdr(Host) use_domain_only"),
                Arguments.of("\"balance\":{\"algorithm\":\"random\",\"random_draws\":3}", "balance random(3)"),
                Arguments.of("\"balance\":{\"algorithm\":\"random\"}", "balance random"),
                Arguments.of("\"balance\":{\"algorithm\":\"rdp-cookie\",\"rdp_cookie_name\":\"mstshash\"}",
                        "balance rdp-cookie(mstshash)"),
                Arguments.of("\"balance\":{\"algorithm\":\"hash\",\"hash_expression\":\"req.cook(tenant),lower\"}",
                        "balance hash req.cook(tenant),lower"),
                Arguments.of("\"cookie\":{\"name\":\"SRV\",\"type\":\"insert\",\"attr\":[{\"value\":\"SameSite=Lax\"},"
                        + "{\"value\":\"Partitioned\"}],\"domain\":[{\"value\":\".a.test\"}]}",
                        "cookie SRV insert attr SameSite=Lax attr Partitioned domain .a.test"),
                Arguments.of("\"stick_table\":{\"type\":\"ip\",\"size\":102400,\"expire\":30000}",
                        "stick-table type ip size 102400 expire 30000"),
                Arguments.of("\"http-keep-alive\":\"enabled\"", "option http-keep-alive"),
                Arguments.of("\"http-server-close\":\"disabled\"", "no option http-server-close"),
                Arguments.of("\"httpclose\":\"enabled\"", "option httpclose"),
                Arguments.of("\"http-no-delay\":\"enabled\"", "option http-no-delay"),
                Arguments.of("\"http_restrict_req_hdr_names\":\"reject\"", "option http-restrict-req-hdr-names reject"),
                Arguments.of("\"bind_process\":\"1\"", "bind-process 1")); // 2.6: accepted with a warning
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("backendFields")
    void aBackendFieldIsWrittenAsHaproxyReadsIt(String field, String directive) throws Exception {
        String name = "be_" + NAMES.incrementAndGet();
        Map<String, Object> sent = body("{\"name\":\"" + name + "\",\"mode\":\"http\"," + field + "}");
        stage.api.admin().body(sent).post(C + "backends?version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertEquals("backend " + name + "\nmode http\n" + directive, section("backend " + name));
        FileEffect.haproxyAccepts(stage.cfg);
        Map<String, Object> read = stage.api.admin().get(C + "backends/" + name).then().statusCode(200).extract().path("data");
        Map<String, Object> expected = new java.util.HashMap<>(sent);
        if (field.startsWith("\"httpclose\"")) {
            expected.put("http_connection_mode", "httpclose"); // the same directive, read by both fields
        }
        if (field.startsWith("\"http-keep-alive\"")) {
            expected.put("http_connection_mode", "http-keep-alive");
        }
        assertEquals(expected, read);
    }

    @Test
    void aFrontendTakesAStickTableBindProcessAndTheHeaderNamePolicy() throws Exception {
        Map<String, Object> sent = body("""
                {"name":"fe_fields","mode":"http","bind_process":"1",
                 "stick_table":{"type":"string","keylen":32,"size":1048576,"expire":60000,"nopurge":true},
                 "http_restrict_req_hdr_names":"delete"}""");
        stage.api.admin().body(sent).post(C + "frontends?version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertEquals("""
                frontend fe_fields
                mode http
                stick-table type string len 32 size 1048576 expire 60000 nopurge
                bind-process 1
                option http-restrict-req-hdr-names delete""", section("frontend fe_fields"));
        FileEffect.haproxyAccepts(stage.cfg);
        assertEquals(JSON.valueToTree(sent), JSON.valueToTree(stage.api.admin().get(C + "frontends/fe_fields").then()
                .statusCode(200).extract().path("data")));
    }

    @Test
    void theDefaultsTakeBalanceAndCookieAttributes() throws Exception {
        Map<String, Object> defaults = stage.api.admin().get(C + "defaults").then().statusCode(200).extract().path("data");
        defaults.put("balance", body("{\"algorithm\":\"random\",\"random_draws\":2}"));
        defaults.put("cookie", body("{\"name\":\"SRV\",\"type\":\"insert\",\"attr\":[{\"value\":\"SameSite=None\"}],"
                + "\"domain\":[{\"value\":\".d.test\"}]}"));
        stage.api.admin().body(defaults).put(C + "defaults?version=" + stage.api.configurationVersion()).then().statusCode(202);
        String text = section("defaults") + "\n";
        assertTrue(text.contains("\nbalance random(2)\n") && text.contains("\ncookie SRV insert attr SameSite=None "
                + "domain .d.test\n"), text);
        FileEffect.haproxyAccepts(stage.cfg);
        Map<String, Object> named = body("""
                {"name":"tenant","mode":"http","balance":{"algorithm":"url_param","url_param":"t"},
                 "cookie":{"name":"T","type":"rewrite","domain":[{"value":".t.test"},{"value":".u.test"}]}}""");
        stage.api.admin().body(named).post(C + "named_defaults?version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertEquals("defaults tenant\nmode http\ncookie T rewrite domain .t.test domain .u.test\nbalance url_param t",
                section("defaults tenant"));
        FileEffect.haproxyAccepts(stage.cfg);
        assertEquals(named, stage.api.admin().get(C + "named_defaults/tenant").then().statusCode(200).extract().path("data"));
    }

    /** What HAProxy 2.6 refuses reaches {@code haproxy -c} and is refused there; without it, the same is accepted. */
    @Test
    void directivesHaproxyRefusesAreRefusedByItsCheck() throws Exception {
        for (String refused : java.util.List.of("\"http-use-htx\":\"enabled\"", "\"stats_options\":{\"stats_maxconn\":10}")) {
            Map<String, Object> sent = body("{\"name\":\"be_refused\",\"mode\":\"http\"," + refused + "}");
            FileEffect.unchangedBy(stage.cfg, () -> {
                Response r = stage.api.admin().body(sent).post(C + "backends?version=" + stage.api.configurationVersion());
                assertEquals(400, r.statusCode(), r.asString());
            });
        }
        stage.api.admin().body(body("{\"name\":\"be_refused\",\"mode\":\"http\"}")).post(C + "backends?version=" + stage.api.configurationVersion())
                .then().statusCode(202);
        FileEffect.haproxyAccepts(stage.cfg);
    }

    /** The contract's schema is held before any text is built: 422 with the validator's code, nothing written. */
    @Test
    void bodiesBreakingTheSchemaAreRefusedBeforeHaproxy() throws Exception {
        for (String[] bad : new String[][] {
                {"\"balance\":{\"algorithm\":\"hdr\"}", "balance.hdr_name in body is required"},
                {"\"balance\":{\"algorithm\":\"fastest\"}", "balance.algorithm in body should be one of"},
                {"\"cookie\":{\"name\":\"S\",\"attr\":[{\"value\":\"a b\"}]}", "cookie.attr.value in body should match"}}) {
            Map<String, Object> sent = body("{\"name\":\"be_schema\"," + bad[0] + "}");
            FileEffect.unchangedBy(stage.cfg, () -> {
                Response r = stage.api.admin().body(sent).post(C + "backends?version=" + stage.api.configurationVersion());
                assertEquals(422, r.statusCode(), r.asString());
                assertTrue(r.asString().contains(bad[1]), r.asString());
            });
        }
        Response typed = stage.api.admin().body(body("{\"name\":\"be_schema\",\"stick_table\":{\"size\":\"1m\"}}"))
                .post(C + "backends?version=" + stage.api.configurationVersion());
        assertEquals(400, typed.statusCode(), "a size is a number of bytes: " + typed.asString());
    }

    /**
     * A bandwidth limit's sizes are numbers too ({@code 1m} reads as 1048576). HAProxy 2.6 has no bwlim filters, so
     * they are checked inside a transaction, which is never committed.
     */
    @Test
    void aFilterLimitIsASize() throws Exception {
        String tx = stage.api.admin().post("/v2/services/haproxy/transactions?version=" + stage.api.configurationVersion()).then().statusCode(201)
                .extract().path("id");
        try {
            stage.api.admin().body(body("{\"index\":0,\"type\":\"bwlim-in\",\"bandwidth_limit_name\":\"lim\","
                    + "\"default_limit\":1048576,\"default_period\":1000}"))
                    .post(C + "filters?parent_type=frontend&parent_name=fe&transaction_id=" + tx).then().statusCode(202);
            JsonNode read = JSON.valueToTree(stage.api.admin().get(C + "filters/0?parent_type=frontend&parent_name=fe"
                    + "&transaction_id=" + tx).then().statusCode(200).extract().path("data"));
            assertEquals(1048576, read.path("default_limit").asLong());
            assertTrue(read.path("default_limit").isIntegralNumber(), read.toString());
        } finally {
            stage.api.admin().delete("/v2/services/haproxy/transactions/" + tx).then().statusCode(204);
        }
    }
}
