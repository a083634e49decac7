package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official wire format: field order of every model (plain ones alphabetical, allOf-composed ones part by
 * part), the query-parameter rules of changes, 400 for bodies that cannot be decoded and 422 with the
 * validator's code for schema refusals, and PUT of the defaults section in force.
 */
class WireFormatIT {

    private static final String C = "/v2/services/haproxy/configuration/";
    private static final String T = "/v2/services/haproxy/transactions";

    private static final String CFG = """
            global
              stats socket %s mode 660 level admin expose-fd listeners

            defaults
              mode http
              timeout connect 5s
              timeout client 30s
              timeout server 30s

            frontend fe
              bind 127.0.0.1:%d
              acl a src 1.2.3.4
              default_backend be

            backend be
              default-server inter 3s check
              server s1 127.0.0.1:1 disabled
            """;

    @AutoClose
    static ConfigStage stage;

    @BeforeAll
    static void start() {
        stage = ConfigStage.on(dir -> Files.writeString(dir.resolve("haproxy.cfg"),
                CFG.formatted(dir.resolve("h.sock"), ApiProcess.freePort())));
    }

    private static String transaction() {
        return stage.api.admin().post(T + "?version=" + stage.api.configurationVersion()).then().statusCode(201).extract().path("id");
    }

    // ---- field order

    @Test
    void aMutationEchoesTheDecodedModelAlphabetically() throws Exception {
        String sent = "{\"name\":\"web\",\"mode\":\"http\",\"balance\":{\"algorithm\":\"roundrobin\"},\"cookie\":\"\"}";
        Response created = stage.api.admin().body(sent).post(C + "backends?version=" + stage.api.configurationVersion());
        assertEquals(202, created.statusCode(), created.asString());
        assertEquals("{\"balance\":{\"algorithm\":\"roundrobin\"},\"mode\":\"http\",\"name\":\"web\"}\n", created.asString());
        assertTrue(Files.readString(stage.cfg).contains("backend web\n"), Files.readString(stage.cfg));
        String read = stage.api.admin().get(C + "backends/web").asString();
        assertTrue(read.matches("\\{\"_version\":\\d+,\"data\":\\{\"balance\":\\{\"algorithm\":\"roundrobin\"},"
                + "\"mode\":\"http\",\"name\":\"web\"}}\\n"), read);
    }

    @Test
    void aServerIsItsParametersThenItsOwnFields() {
        String id = transaction();
        String sent = "{\"name\":\"server_01\",\"address\":\"127.0.0.1\",\"port\":8080,\"weight\":80,\"check\":\"enabled\"}";
        String order = "{\"check\":\"enabled\",\"weight\":80,\"address\":\"127.0.0.1\",\"name\":\"server_01\",\"port\":8080}";
        stage.api.admin().body(sent).post(C + "servers?backend=be&transaction_id=" + id).then().statusCode(202)
                .body(equalTo(order + "\n"));
        String read = stage.api.admin().get(C + "servers/server_01?backend=be&transaction_id=" + id).asString();
        assertTrue(read.endsWith(",\"data\":" + order + "}\n"), read);
        String list = stage.api.admin().get(C + "servers?backend=be&transaction_id=" + id).asString();
        assertTrue(list.contains("," + order + "]"), list);
        stage.api.admin().delete(T + "/" + id).then().statusCode(204);
    }

    @Test
    void aBindAndAServerTemplateAreTheirParametersThenTheirOwnFields() {
        String id = transaction();
        stage.api.admin().body("{\"address\":\"127.0.0.1\",\"port\":10001,\"name\":\"fixture\",\"level\":\"user\"}")
                .post(C + "binds?frontend=fe&transaction_id=" + id).then().statusCode(202)
                .body(equalTo("{\"level\":\"user\",\"name\":\"fixture\",\"address\":\"127.0.0.1\",\"port\":10001}\n"));
        String read = stage.api.admin().get(C + "binds/fixture?frontend=fe&transaction_id=" + id).asString();
        assertTrue(read.endsWith("\"data\":{\"level\":\"user\",\"name\":\"fixture\",\"address\":\"127.0.0.1\",\"port\":10001}}\n"),
                read);
        stage.api.admin().body("{\"prefix\":\"web\",\"num_or_range\":\"1-3\",\"fqdn\":\"127.0.0.1\",\"port\":80,\"check\":\"enabled\"}")
                .post(C + "server_templates?backend=be&transaction_id=" + id).then().statusCode(202)
                .body(equalTo("{\"check\":\"enabled\",\"fqdn\":\"127.0.0.1\",\"num_or_range\":\"1-3\",\"port\":80,"
                        + "\"prefix\":\"web\"}\n"));
        stage.api.admin().delete(T + "/" + id).then().statusCode(204);
    }

    @Test
    void rulesAndNestedObjectsAreAlphabetical() {
        String acl = stage.api.admin().get(C + "acls/0?parent_type=frontend&parent_name=fe").asString();
        assertTrue(acl.endsWith("\"data\":{\"acl_name\":\"a\",\"criterion\":\"src\",\"index\":0,\"value\":\"1.2.3.4\"}}\n"), acl);
        String backend = stage.api.admin().get(C + "backends/be").asString();
        assertTrue(backend.contains("\"default_server\":{\"check\":\"enabled\",\"inter\":3000}"), backend);
        String global = stage.api.admin().get(C + "global").asString();
        // runtime_apis items: bind parameters, then their own address
        assertTrue(global.matches(".*\"runtime_apis\":\\[\\{\"expose_fd_listeners\":true,\"level\":\"admin\","
                + "\"mode\":\"660\",\"address\":\"[^\"]+\"}].*\\n"), global);
        String info = stage.api.admin().get("/v2/info").asString();
        assertTrue(info.startsWith("{\"api\":{\"build_date\":"), info);
    }

    // ---- query parameters

    @Test
    void emptyQueryValuesAreAbsentAndVersionZeroIsNoVersion() {
        Map<String, Object> backend = Map.of("name", "q1");
        stage.api.admin().body(backend).post(C + "backends?version=").then().statusCode(400)
                .body("message", equalTo("13: version or transaction not specified, specify only one"));
        stage.api.admin().body(backend).post(C + "backends?version=0").then().statusCode(400)
                .body("code", equalTo(400))
                .body("message", equalTo("13: version or transaction not specified, specify only one"));
        long v = stage.api.configurationVersion();
        stage.api.admin().body(backend).post(C + "backends?transaction_id=&force_reload=&version=" + v).then().statusCode(202);
        stage.api.admin().get(C + "backends/q1").then().statusCode(200);
        assertEquals(v + 1, stage.api.configurationVersion());
    }

    @Test
    void versionAndTransactionBothOrNeither() {
        String id = transaction();
        stage.api.admin().body(Map.of("name", "q2")).post(C + "backends?transaction_id=" + id + "&version=" + stage.api.configurationVersion())
                .then().statusCode(400).body("message", equalTo("12: both version and transaction specified, specify only one"));
        stage.api.admin().body(Map.of("name", "q2")).post(C + "backends?transaction_id=" + id + "&force_reload=true")
                .then().statusCode(400).body("message", equalTo("Both force_reload and transaction specified, specify only one"));
        stage.api.admin().delete(C + "backends/be").then().statusCode(400)
                .body("message", equalTo("13: version or transaction not specified, specify only one"));
        stage.api.admin().body(Map.of("name", "q2")).post(C + "backends?transaction_id=" + id).then().statusCode(202);
        stage.api.admin().get(C + "backends/q2?transaction_id=" + id).then().statusCode(200);
        stage.api.admin().delete(T + "/" + id).then().statusCode(204);
    }

    @Test
    void badQueryParametersAre422WithTheValidatorsCode() {
        Response notInt = stage.api.admin().body(Map.of("name", "q3")).post(C + "backends?version=abc");
        assertEquals(422, notInt.statusCode());
        assertEquals("{\"code\":600,\"message\":\"version in query must be of type int64: \\\"abc\\\"\"}", notInt.asString());
        stage.api.admin().get(C + "acls?parent_type=listen&parent_name=fe").then().statusCode(422).body("code", equalTo(605))
                .body("message", equalTo("parent_type in query should be one of [frontend backend]"));
        stage.api.admin().get(C + "acls?parent_name=fe").then().statusCode(422).body("code", equalTo(602))
                .body("message", equalTo("parent_type in query is required"));
        stage.api.admin().get(C + "users").then().statusCode(422).body("code", equalTo(602))
                .body("message", equalTo("userlist in query is required"));
        stage.api.admin().get(C + "acls/x?parent_type=frontend&parent_name=fe").then().statusCode(422).body("code", equalTo(600))
                .body("message", equalTo("index in path must be of type int64: \"x\""));
        stage.api.admin().get(C + "acls?parent_type=frontend&parent_name=fe").then().statusCode(200).body("data[0].acl_name", equalTo("a"));
        // the router's own errors, like the validator's, carry no final newline; handler errors do
        assertEquals("{\"code\":404,\"message\":\"path /v2/nowhere was not found\"}", stage.api.admin().get("/v2/nowhere").asString());
        assertEquals("{\"code\":404,\"message\":\"30: Backend zz does not exist\"}\n", stage.api.admin().get(C + "backends/zz").asString());
    }

    // ---- 400 vs 422

    @Test
    void undecodableBodiesAre400AndSchemaRefusals422() throws Exception {
        String before = Files.readString(stage.cfg);
        long v = stage.api.configurationVersion();
        stage.api.admin().body("{\"name\":").post(C + "backends?version=" + v).then().statusCode(400)
                .body("code", equalTo(400)).body("message", startsWith("parsing data body from \"\" failed, because "));
        stage.api.admin().body("{\"name\":5}").post(C + "backends?version=" + v).then().statusCode(400)
                .body("message", startsWith("parsing data body from \"\" failed, because json: cannot unmarshal number"));
        stage.api.admin().body("{\"index\":\"0\",\"acl_name\":\"b\",\"criterion\":\"src\",\"value\":\"1.1.1.1\"}")
                .post(C + "acls?parent_type=frontend&parent_name=fe&version=" + v).then().statusCode(400)
                .body("message", startsWith("parsing data body from \"\" failed, because json: cannot unmarshal string"));
        stage.api.admin().body("{\"name\":\"b3\",\"balance\":{\"algorithm\":5}}").post(C + "backends?version=" + v).then()
                .statusCode(400).body("message", equalTo("parsing data body from \"\" failed, because json: cannot "
                        + "unmarshal number into Go struct field Balance.balance.algorithm of type string"));
        stage.api.admin().body("{\"index\":0,\"acl_name\":\"b\",\"criterion\":true,\"value\":\"1.1.1.1\"}")
                .post(C + "acls?parent_type=frontend&parent_name=fe&version=" + v).then().statusCode(400)
                .body("message", startsWith("parsing data body from \"\" failed, because json: cannot unmarshal bool"));
        stage.api.admin().body("").post(C + "backends?version=" + v).then().statusCode(422)
                .body("code", equalTo(602)).body("message", equalTo("data in body is required"));
        stage.api.admin().body("{\"mode\":\"http\"}").post(C + "backends?version=" + v).then().statusCode(422)
                .body("code", equalTo(602)).body("message", equalTo("name in body is required"));
        stage.api.admin().body("{\"name\":\"a b\"}").post(C + "backends?version=" + v).then().statusCode(422)
                .body("code", equalTo(605)).body("message", equalTo("name in body should match '^[A-Za-z0-9-_.:]+$'"));
        assertEquals(before, Files.readString(stage.cfg), "nothing written");
        stage.api.admin().body("{\"name\":\"a_b\"}").post(C + "backends?version=" + v).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("backend a_b\n"));
        stage.api.admin().body("{\"name\":\"b3\",\"balance\":{\"algorithm\":\"first\"}}").post(C + "backends?version=" + stage.api.configurationVersion())
                .then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("backend b3\n  balance first\n"), Files.readString(stage.cfg));
    }

    @Test
    void aBodyThatIsNoJsonObjectIs400AsItsModelCannotBeDecoded() throws Exception {
        long v = stage.api.configurationVersion();
        String because = "parsing data body from \"\" failed, because json: cannot unmarshal ";
        Map<String, String> refused = Map.of(
                "backends", "string into Go value of type models.Backend",
                "servers?parent_type=backend&parent_name=be", "array into Go value of type models.Server",
                "http_request_rules?parent_type=frontend&parent_name=fe", "number into Go value of type models.HTTPRequestRule",
                "log_forwards", "bool into Go value of type models.LogForward",
                "resolvers", "number into Go value of type models.Resolver",
                "mailers_section", "string into Go value of type models.MailersSection",
                "http_errors_sections", "array into Go value of type models.HTTPErrorsSection");
        Map<String, String> bodies = Map.of("backends", "\"web\"", "servers?parent_type=backend&parent_name=be", "[{\"name\":\"s9\"}]",
                "http_request_rules?parent_type=frontend&parent_name=fe", "5", "log_forwards", "true", "resolvers", "1",
                "mailers_section", "\"m\"", "http_errors_sections", "[]");
        FileEffect.unchangedBy(stage.cfg, () -> refused.forEach((path, message) -> stage.api.admin().body(bodies.get(path))
                .post(C + path + (path.contains("?") ? "&" : "?") + "version=" + v).then()
                .statusCode(400).body("code", equalTo(400)).body("message", equalTo(because + message))));
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().body("[]").put(C + "global?version=" + v).then()
                .statusCode(400).body("message", equalTo(because + "array into Go value of type models.Global")));
        // null decodes as an empty model, which lacks what the schema requires
        stage.api.admin().body("null").put(C + "servers/s1?parent_type=backend&parent_name=be&version=" + v).then()
                .statusCode(422).body("message", equalTo("address in body is required"));
        // the same server, as an object, is taken
        FileEffect.hasLineAfter(stage.cfg, "server s9 127.0.0.1:9", () -> stage.api.admin()
                .body("{\"name\":\"s9\",\"address\":\"127.0.0.1\",\"port\":9}")
                .post(C + "servers?parent_type=backend&parent_name=be&version=" + v).then().statusCode(202));
    }

    // ---- the defaults section in force

    @Test
    void theDefaultsSectionInForceIsReplaced() throws Exception {
        Map<String, Object> defaults = Map.of("mode", "http", "connect_timeout", 4000, "client_timeout", 30000,
                "server_timeout", 30000);
        Response put = stage.api.admin().body(defaults).put(C + "defaults?version=" + stage.api.configurationVersion() + "&force_reload=true");
        assertEquals(200, put.statusCode(), put.asString());
        assertEquals("{\"client_timeout\":30000,\"connect_timeout\":4000,\"mode\":\"http\",\"server_timeout\":30000}\n",
                put.asString());
        String file = Files.readString(stage.cfg);
        assertTrue(file.contains("defaults\n  mode http\n  timeout connect 4000\n  timeout client 30s\n  timeout server 30s\n"),
                file);
        stage.api.admin().get(C + "defaults").then().statusCode(200).body("data.connect_timeout", equalTo(4000));
        stage.api.admin().body("{\"mode\":\"bogus\"}").put(C + "defaults?version=" + stage.api.configurationVersion()).then()
                .statusCode(greaterThanOrEqualTo(400));
        assertEquals(file, Files.readString(stage.cfg), "a refused replacement writes nothing");
    }

    // ---- the Date header

    /**
     * Every answer, a handler's or a refusal's, is dated in HTTP's format with a two-digit day (the official's Go
     * server writes it so; Helidon alone wrote "Tue, 1 Dec 2026", which Go's http.ParseTime cannot read), and the
     * date is the server's clock. (Helidon's own format differs from HTTP's on days 1 to 9 of a month only: this
     * shows the filter answers every kind of refusal; DateHeaderTest holds the format on every day.)
     */
    @Test
    void everyAnswerIsDatedInHttpFormat() {
        String imfFixdate = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                + "\\d{4} \\d{2}:\\d{2}:\\d{2} GMT";
        Map<String, Response> answers = Map.of(
                "200", stage.api.admin().get("/v2/info"),
                "401", RestAssured.given().baseUri(stage.api.baseUri()).get("/v2/info"),
                "404", stage.api.admin().get("/v2/services/haproxy/nowhere"),
                "405", stage.api.admin().patch("/v2/info"),
                "400", stage.api.admin().body("{").post(C + "backends?version=" + stage.api.configurationVersion()));
        answers.forEach((status, answer) -> {
            assertEquals(Integer.parseInt(status), answer.statusCode(), answer.asString());
            String date = answer.header("Date");
            assertTrue(date != null && date.matches(imfFixdate), status + ": Date " + date);
            long skew = Duration.between(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
                    Instant.now()).abs().toSeconds();
            assertTrue(skew < 60, status + ": Date " + date + " is the server's clock");
        });
    }
}
