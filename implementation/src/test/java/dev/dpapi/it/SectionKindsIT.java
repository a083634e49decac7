package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every other section kind and its entries: created, read back, and deleted through the API. */
class SectionKindsIT {

    private static final String C = "/v2/services/haproxy/configuration/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    static ConfigStage stage;

    @BeforeAll
    static void start() {
        stage = ConfigStage.started();
    }


    static Stream<Arguments> sections() {
        return Stream.of(
                Arguments.of("programs", "{\"name\":\"echo\",\"command\":\"/bin/true\",\"start-on-reload\":\"disabled\"}",
                        "program echo\n  command /bin/true\n  no option start-on-reload\n"),
                Arguments.of("caches", "{\"name\":\"c1\",\"total_max_size\":4,\"max_age\":60}",
                        "cache c1\n  total-max-size 4\n  max-age 60\n"),
                Arguments.of("rings", "{\"name\":\"r1\",\"format\":\"rfc3164\",\"size\":32768}",
                        "ring r1\n  format rfc3164\n  size 32768\n"),
                Arguments.of("resolvers", "{\"name\":\"dns\",\"accepted_payload_size\":8192,\"timeout_retry\":1000}",
                        "resolvers dns\n  accepted_payload_size 8192\n  timeout retry 1000\n"),
                Arguments.of("mailers_section", "{\"name\":\"m\",\"timeout\":10000}", "mailers m\n  timeout mail 10000\n"),
                Arguments.of("log_forwards", "{\"name\":\"lf\",\"maxconn\":10}", "log-forward lf\n  maxconn 10\n"),
                Arguments.of("fcgi_apps", "{\"name\":\"php\",\"docroot\":\"/var/www\"}", "fcgi-app php\n  docroot /var/www\n"),
                Arguments.of("http_errors_sections",
                        "{\"name\":\"errs\",\"error_files\":[{\"code\":503,\"file\":\"/dev/null\"}]}",
                        "http-errors errs\n  errorfile 503 /dev/null\n"),
                Arguments.of("peer_section", "{\"name\":\"mypeers\"}", "peers mypeers\n"),
                Arguments.of("userlists", "{\"name\":\"ul\"}", "userlist ul\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sections")
    void createdReadBackAndDeleted(String path, String model, String text) throws Exception {
        Map<String, Object> body = JSON.readValue(model, Map.class);
        stage.api.admin().body(body).post(C + path + "?version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("\n" + text), text + " in " + Files.readString(stage.cfg));
        Map<String, Object> read = stage.api.admin().get(C + path + "/" + body.get("name")).then().statusCode(200)
                .extract().path("data");
        assertEquals(body, read);
        stage.api.admin().delete(C + path + "/" + body.get("name") + "?version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertTrue(!Files.readString(stage.cfg).contains(text.lines().findFirst().orElseThrow() + "\n"));
    }

    /** The schema's required fields are refused before HAProxy sees anything; the same bodies completed pass above. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutRequired")
    void aMissingRequiredFieldIsRefusedBeforeAnyTextIsBuilt(String path, String model, String field) throws Exception {
        String before = Files.readString(stage.cfg);
        stage.api.admin().body(JSON.readValue(model, Map.class)).post(C + path + "?version=" + stage.api.configurationVersion()).then()
                .statusCode(422).body("message", equalTo(field + " in body is required"));
        assertEquals(before, Files.readString(stage.cfg));
    }

    static Stream<Arguments> withoutRequired() {
        return Stream.of(Arguments.of("programs", "{\"name\":\"echo\"}", "command"),
                Arguments.of("fcgi_apps", "{\"name\":\"php\"}", "docroot"),
                Arguments.of("http_errors_sections", "{\"name\":\"errs\"}", "error_files"));
    }

    static Stream<Arguments> entries() {
        return Stream.of(
                Arguments.of("mailers_section", "m2", "mailer_entries", "mailers_section",
                        "{\"name\":\"smtp\",\"address\":\"127.0.0.1\",\"port\":25}", "  mailer smtp 127.0.0.1:25\n"),
                Arguments.of("peer_section", "p2", "peer_entries", "peer_section",
                        "{\"name\":\"other\",\"address\":\"127.0.0.1\",\"port\":15600}", "  peer other 127.0.0.1:15600\n"),
                Arguments.of("resolvers", "dns2", "nameservers", "resolver",
                        "{\"name\":\"ns1\",\"address\":\"127.0.0.1\",\"port\":53}", "  nameserver ns1 127.0.0.1:53\n"),
                Arguments.of("log_forwards", "lf2", "dgram_binds", "log_forward",
                        "{\"name\":\"udp\",\"address\":\"127.0.0.1\",\"port\":15514}", "  dgram-bind 127.0.0.1:15514 name udp\n"));
    }

    @org.junit.jupiter.api.Test
    void usersAndGroupsOfAUserlist() throws Exception {
        stage.api.admin().body(Map.of("name", "ops")).post(C + "userlists?version=" + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().body(Map.of("name", "admins")).post(C + "groups?userlist=ops&version=" + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().body(Map.of("username", "ann", "password", "$5$salt$abc", "secure_password", true, "groups", "admins"))
                .post(C + "users?userlist=ops&version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("userlist ops\n  group admins\n  user ann password $5$salt$abc groups admins\n"),
                Files.readString(stage.cfg));
        stage.api.admin().get(C + "users/ann?userlist=ops").then().statusCode(200)
                .body("data.secure_password", equalTo(true)).body("data.groups", equalTo("admins"));
        FileEffect.hasLineAfter(stage.cfg, "user ann insecure-password plain groups admins", () -> stage.api.admin()
                .body(Map.of("username", "ann", "password", "plain", "secure_password", false, "groups", "admins"))
                .put(C + "users/ann?userlist=ops&version=" + stage.api.configurationVersion()).then().statusCode(202));
        stage.api.admin().get(C + "users?userlist=ops").then().body("data[0].password", equalTo("plain"))
                .body("data[0].secure_password", equalTo(false));
        stage.api.admin().delete(C + "users/ann?userlist=ops&version=" + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().get(C + "users/ann?userlist=ops").then().statusCode(404);
        assertTrue(!Files.readString(stage.cfg).contains("user ann "), Files.readString(stage.cfg));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("entries")
    void entriesOfSections(String sectionPath, String section, String path, String parent, String model, String line)
            throws Exception {
        stage.api.admin().body(Map.of("name", section)).post(C + sectionPath + "?version=" + stage.api.configurationVersion()).then().statusCode(202);
        Map<String, Object> body = JSON.readValue(model, Map.class);
        stage.api.admin().body(body).post(C + path + "?" + parent + "=" + section + "&version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains(line), line + " in " + Files.readString(stage.cfg));
        stage.api.admin().get(C + path + "/" + body.get("name") + "?" + parent + "=" + section).then().statusCode(200)
                .body("data.address", equalTo("127.0.0.1")).body("data.port", equalTo(body.get("port")));
    }

    @org.junit.jupiter.api.Test
    void stickTablesOfAPeersSection() throws Exception {
        stage.api.admin().body(Map.of("name", "shared")).post(C + "peer_section?version=" + stage.api.configurationVersion()).then().statusCode(202);
        Map<String, Object> table = Map.of("name", "sessions", "type", "string", "type_len", 32, "size", "100k",
                "expire", "30m", "no_purge", true, "store", "gpc0,conn_rate(30s)");
        stage.api.admin().body(table).post(C + "tables?peer_section=shared&version=" + stage.api.configurationVersion()).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains(
                "peers shared\n  table sessions type string len 32 size 100k expire 30m nopurge store gpc0,conn_rate(30s)\n"),
                Files.readString(stage.cfg));
        stage.api.admin().get(C + "tables/sessions?peer_section=shared").then().statusCode(200).body("data", equalTo(table));
        FileEffect.hasLineAfter(stage.cfg, "table sessions type ip size 1m", () -> stage.api.admin().body(Map.of("type", "ip", "size", "1m"))
                .put(C + "tables/sessions?peer_section=shared&version=" + stage.api.configurationVersion()).then().statusCode(202));
        stage.api.admin().get(C + "tables?peer_section=shared").then().statusCode(200)
                .body("data", equalTo(List.of(Map.of("name", "sessions", "type", "ip", "size", "1m"))));
        // the contract's table model requires nothing: a table without type or size is HAProxy's to refuse (400),
        // one without a name the handler's, since the name starts the line
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().body(Map.of("name", "bad"))
                .post(C + "tables?peer_section=shared&version=" + stage.api.configurationVersion())
                .then().statusCode(400).body("code", equalTo(400)));
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().body(Map.of("type", "ip", "size", "1m"))
                .post(C + "tables?peer_section=shared&version=" + stage.api.configurationVersion())
                .then().statusCode(400).body("message", equalTo("a table needs a name")));
        stage.api.admin().delete(C + "tables/sessions?peer_section=shared&version=" + stage.api.configurationVersion()).then().statusCode(202);
        stage.api.admin().get(C + "tables/sessions?peer_section=shared").then().statusCode(404);
        assertTrue(!Files.readString(stage.cfg).contains("table sessions"), Files.readString(stage.cfg));
    }
}
