package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Missing parents and objects, family by family, answered as the official v2.8.0 answers them: the table below is
 * its measured answer (status, then the start of the message; "data": an empty list; a bare status: an empty
 * body). Each family's list under its real parent is also asked, and must answer 200, so that the refusals come
 * from the missing names and not from the request.
 */
class MissingMatrixIT {

    private static final String C = "/v2/services/haproxy/configuration/";

    /** family | parent missing: GET list, GET item, POST, PUT item, DELETE item | object missing: GET, PUT, DELETE */
    private static final String MATRIX = """
            | frontends | - | - | - | - | - | 404 30: Frontend zz does not exist | 404 30: Frontend zz does not exist | 404 30: frontend zz does not exist |
            | backends | - | - | - | - | - | 404 30: Backend zz does not exist | 404 30: backend zz does not exist | 404 30: backend zz does not exist |
            | named_defaults | - | - | - | - | - | 404 30: Defaults section zz does not exist | 404 30: defaults zz does not exist | 404 30: defaults zz does not exist |
            | caches | - | - | - | - | - | 404 30: Cache zz does not exist | 404 30: cache zz does not exist | 404 30: cache zz does not exist |
            | resolvers | - | - | - | - | - | 404 30: Resolver zz does not exist | 404 30: resolvers zz does not exist | 404 30: resolvers zz does not exist |
            | rings | - | - | - | - | - | 404 30: ring zz does not exist | 409 31: ring zz does not exists | 404 30: ring zz does not exist |
            | log_forwards | - | - | - | - | - | 404 30: log forward zz does not exist | 409 31: log-forward zz does not exists | 404 30: log-forward zz does not exist |
            | http_errors_sections | - | - | - | - | - | 404 30: HTTPErrorsSection zz does not exis | 409 31: http-errors zz does not exists | 404 30: http-errors zz does not exist |
            | programs | - | - | - | - | - | 404 30: Program zz does not exist | 409 31: program zz does not exists | 404 30: program zz does not exist |
            | fcgi_apps | - | - | - | - | - | 404 30: FCGI application zz does not exist | 409 31: fcgi-app zz does not exists | 404 30: fcgi-app zz does not exist |
            | mailers_section | - | - | - | - | - | 404 30: mailers section 'zz' does not exis | 409 31: mailers zz does not exists | 404 30: mailers zz does not exist |
            | userlists | - | - | - | - | - | 404 30: userlist zz does not exist | 405 method PUT is not allowed, but [ | 404 30: userlist zz does not exist |
            | peer_section | - | - | - | - | - | 404 30: PeerSection zz does not exist | 405 method PUT is not allowed, but [ | 404 30: peers zz does not exist |
            | servers | 200 data | 404 30: server zz does not exist in ghost  | 400 11: backend ghost does not exist | 404 30: server zz does not exist in ghost  | 404 30: server zz does not exist in ghost  | 404 30: server zz does not exist in be bac | 404 30: server zz does not exist in be bac | 404 30: server zz does not exist in be bac |
            | binds | 200 data | 404 30: Bind zz does not exist in ghost fr | 400 11: frontend ghost does not exist | 404 30: Bind zz does not exist in ghost fr | 404 30: Bind zz does not exist in ghost fr | 404 30: Bind zz does not exist in fe front | 404 30: Bind zz does not exist in fe front | 404 30: Bind zz does not exist in fe front |
            | server_templates | 200 data | 404 30: Server template zz does not exist  | 400 11: backend ghost does not exist | 404 30: Server template zz does not exist  | 404 30: Server template zz does not exist  | 404 30: Server template zz does not exist  | 404 30: Server template zz does not exist  | 404 30: Server template zz does not exist  |
            | users | 404 | 404 | 400 | 404 | 404 | 404 | 404 | 404 |
            | groups | 404 | 404 | 404 30: userlist ghost does not exist | 404 | 404 30: userlist ghost does not exist | 404 | 404 | 404 30: group zz does not exist |
            | nameservers | 400 11: resolvers ghost does not exist | 404 30: Nameserver zz does not exist in re | 400 11: resolvers ghost does not exist | 404 30: Nameserver zz does not exist in re | 404 30: Nameserver zz does not exist in re | 404 30: Nameserver zz does not exist in re | 404 30: Nameserver zz does not exist in re | 404 30: Nameserver zz does not exist in re |
            | mailer_entries | 400 11: mailers ghost does not exist | 404 30: MailerEntry zz does not exist in m | 400 11: mailers ghost does not exist | 404 30: MailerEntry zz does not exist in p | 404 30: MailerEntry zz does not exist in m | 404 30: MailerEntry zz does not exist in m | 404 30: MailerEntry zz does not exist in p | 404 30: MailerEntry zz does not exist in m |
            | peer_entries | 400 11: peers ghost does not exist | 404 30: PeerEntry zz does not exist in pee | 400 11: peers ghost does not exist | 404 30: PeerEntry zz does not exist in pee | 404 30: PeerEntry zz does not exist in pee | 404 30: PeerEntry zz does not exist in pee | 404 30: PeerEntry zz does not exist in pee | 404 30: PeerEntry zz does not exist in pee |
            | dgram_binds | 400 11: log-forward ghost does not exist | 404 30: DgramBind zz does not exist in log | 400 11: log-forward zz does not exist | 404 30: DgramBind zz does not exist in log | 404 30: DgramBind zz does not exist in log | 404 30: DgramBind zz does not exist in log | 404 30: DgramBind zz does not exist in log | 404 30: DgramBind zz does not exist in log |
            | acls | 200 data | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | http_request_rules | 200 data | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | http_response_rules | 200 data | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | http_after_response_rules | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | http_error_rules | 200 data | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | tcp_request_rules | 200 data | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | filters | 200 data | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | log_targets | 200 data | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | backend_switching_rules | 200 data | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | captures | 404 | 404 | 404 | 404 | 400 11: frontend ghost does not exist | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten | 404 30: Object 9 does not exist in fronten |
            | tcp_response_rules | 200 data | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend |
            | server_switching_rules | 200 data | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend |
            | stick_rules | 200 data | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend |
            | http_checks | 200 data | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend |
            | tcp_checks | 200 data | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 400 11: backend ghost does not exist | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend | 404 30: Object 9 does not exist in backend |
            """;

    /** How to name a family's parent in the query ({@code %s}: its name), its real parent, and a valid body. */
    private record Family(String parentQuery, String parent, Map<String, Object> body) {
    }

    private static final Map<String, Family> FAMILIES = Map.ofEntries(
            // sections whose model requires more than the name: a body the validator takes
            Map.entry("programs", new Family("", "", Map.of("name", "zz", "command", "/bin/true"))),
            Map.entry("fcgi_apps", new Family("", "", Map.of("name", "zz", "docroot", "/var/www"))),
            Map.entry("http_errors_sections", new Family("", "", Map.of("name", "zz",
                    "error_files", List.of(Map.of("code", 503, "file", "/dev/null"))))),
            Map.entry("servers", new Family("backend=%s", "be", Map.of("name", "zz", "address", "127.0.0.1", "port", 80))),
            Map.entry("binds", new Family("frontend=%s", "fe", Map.of("name", "zz", "address", "127.0.0.1", "port", 8080))),
            Map.entry("server_templates", new Family("backend=%s", "be",
                    Map.of("prefix", "zz", "num_or_range", "1-2", "fqdn", "127.0.0.1", "port", 80))),
            Map.entry("users", new Family("userlist=%s", "ul", Map.of("username", "zz", "password", "x", "secure_password", false))),
            Map.entry("groups", new Family("userlist=%s", "ul", Map.of("name", "zz"))),
            Map.entry("nameservers", new Family("resolver=%s", "rs", Map.of("name", "zz", "address", "127.0.0.1", "port", 53))),
            Map.entry("mailer_entries", new Family("mailers_section=%s", "ms",
                    Map.of("name", "zz", "address", "127.0.0.1", "port", 25))),
            Map.entry("peer_entries", new Family("peer_section=%s", "ps",
                    Map.of("name", "zz", "address", "127.0.0.1", "port", 10001))),
            Map.entry("dgram_binds", new Family("log_forward=%s", "lf",
                    Map.of("name", "zz", "address", "127.0.0.1", "port", 5514))),
            Map.entry("acls", new Family("parent_type=frontend&parent_name=%s", "fe",
                    Map.of("index", 0, "acl_name", "a", "criterion", "src", "value", "127.0.0.1"))),
            Map.entry("http_request_rules", new Family("parent_type=frontend&parent_name=%s", "fe",
                    Map.of("index", 0, "type", "deny"))),
            Map.entry("http_response_rules", new Family("parent_type=frontend&parent_name=%s", "fe",
                    Map.of("index", 0, "type", "deny"))),
            Map.entry("http_after_response_rules", new Family("parent_type=frontend&parent_name=%s", "fe",
                    Map.of("index", 0, "type", "set-header", "hdr_name", "X-A", "hdr_format", "b"))),
            Map.entry("http_error_rules", new Family("parent_type=frontend&parent_name=%s", "fe",
                    Map.of("index", 0, "type", "status", "status", 400))),
            Map.entry("tcp_request_rules", new Family("parent_type=frontend&parent_name=%s", "fe",
                    Map.of("index", 0, "type", "connection", "action", "accept"))),
            Map.entry("filters", new Family("parent_type=frontend&parent_name=%s", "fe",
                    Map.of("index", 0, "type", "compression"))),
            Map.entry("log_targets", new Family("parent_type=frontend&parent_name=%s", "fe",
                    Map.of("index", 0, "address", "127.0.0.1:514", "facility", "local0"))),
            Map.entry("backend_switching_rules", new Family("frontend=%s", "fe",
                    Map.of("index", 0, "name", "be", "cond", "if", "cond_test", "TRUE"))),
            Map.entry("captures", new Family("frontend=%s", "fe", Map.of("index", 0, "type", "request", "length", 10))),
            Map.entry("tcp_response_rules", new Family("backend=%s", "be",
                    Map.of("index", 0, "type", "content", "action", "accept"))),
            Map.entry("server_switching_rules", new Family("backend=%s", "be",
                    Map.of("index", 0, "target_server", "s1", "cond", "if", "cond_test", "TRUE"))),
            Map.entry("stick_rules", new Family("backend=%s", "be", Map.of("index", 0, "type", "match", "pattern", "src"))),
            Map.entry("http_checks", new Family("parent_type=backend&parent_name=%s", "be",
                    Map.of("index", 0, "type", "send-state"))),
            Map.entry("tcp_checks", new Family("parent_type=backend&parent_name=%s", "be",
                    Map.of("index", 0, "action", "connect"))));

    private static final String CFG = """
            global
              stats socket %s mode 660 level admin

            defaults
              mode http
              timeout connect 5s
              timeout client 30s
              timeout server 30s

            userlist ul
              user u1 insecure-password p1

            resolvers rs
              nameserver ns1 127.0.0.1:53

            mailers ms
              mailer m1 127.0.0.1:25

            peers ps
              peer p1 127.0.0.1:10000

            log-forward lf
              dgram-bind 127.0.0.1:5514
              log 127.0.0.1:514 local0

            frontend fe
              bind 127.0.0.1:%d
              default_backend be

            backend be
              server s1 127.0.0.1:1 disabled
            """;

    @TempDir
    static Path dir;
    static ApiProcess api;

    @BeforeAll
    static void start() throws Exception {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), CFG.formatted(dir.resolve("h.sock"), ApiProcess.freePort()));
        api = ApiProcess.seedLike(dir, cfg);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    static Stream<Arguments> cells() {
        String[] requests = {"GET list", "GET item", "POST", "PUT item", "DELETE item"};
        String[] objectRequests = {"GET item", "PUT item", "DELETE item"};
        List<Arguments> out = new ArrayList<>();
        for (String row : MATRIX.strip().split("\n")) {
            String[] cells = row.strip().split("\\s*\\|\\s*");
            String family = cells[1];
            for (int i = 0; i < 8; i++) {
                String cell = cells[i + 2];
                if (!cell.equals("-")) {
                    boolean parentMissing = i < 5;
                    String request = parentMissing ? requests[i] : objectRequests[i - 5];
                    out.add(Arguments.of(family, (parentMissing ? "parent missing: " : "object missing: ") + request,
                            parentMissing, request, cell));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    void answeredAsTheOfficial(String family, String title, boolean parentMissing, String request, String cell) {
        Family f = FAMILIES.get(family);
        boolean indexed = f != null && f.body().containsKey("index");
        String item = indexed ? "9" : "zz";
        String query = f == null || f.parentQuery().isEmpty() ? "" : f.parentQuery().formatted(parentMissing ? "ghost" : f.parent()) + "&";
        Map<String, Object> body = f == null ? Map.of("name", "zz") : f.body();
        String path = C + family;
        Response response = switch (request) {
            case "GET list" -> api.admin().get(path + "?" + query);
            case "GET item" -> api.admin().get(path + "/" + item + (query.isEmpty() ? "" : "?" + query));
            case "POST" -> api.admin().body(body).post(path + "?" + query + "version=" + api.configurationVersion());
            case "PUT item" -> api.admin().body(body).put(path + "/" + item + "?" + query + "version=" + api.configurationVersion());
            default -> api.admin().delete(path + "/" + item + "?" + query + "version=" + api.configurationVersion());
        };
        String[] expected = cell.split(" ", 2);
        String answer = response.asString();
        assertEquals(Integer.parseInt(expected[0]), response.statusCode(), answer);
        if (expected.length == 1) {
            assertEquals("", answer, "a bare status");
        } else if (expected[1].equals("data")) {
            assertEquals(List.of(), response.path("data"));
        } else {
            String message = response.path("message");
            assertTrue(message.startsWith(expected[1]), message + " starts with " + expected[1]);
            assertEquals(Integer.parseInt(expected[0]), (int) response.path("code"));
        }
    }

    /** Binds and servers also go by parent_type + parent_name; without them the official answers 500 (sic). */
    @Test
    void bindsAndServersByParentType() throws Exception {
        api.admin().get(C + "binds").then().statusCode(500).body("message", equalTo("parentType empty"));
        api.admin().get(C + "servers?parent_type=peers").then().statusCode(500).body("message", equalTo("parentName empty"));
        api.admin().get(C + "servers?parent_type=listen&parent_name=x").then().statusCode(422).body("code", equalTo(605))
                .body("message", equalTo("parent_type in query should be one of [backend ring peers]"));
        int port = ApiProcess.freePort();
        api.admin().body(Map.of("name", "tcp", "address", "127.0.0.1", "port", port))
                .post(C + "binds?parent_type=log_forward&parent_name=lf&version=" + api.configurationVersion()).then().statusCode(202);
        String file = Files.readString(dir.resolve("haproxy.cfg"));
        assertTrue(file.contains("log-forward lf\n  dgram-bind 127.0.0.1:5514\n  log 127.0.0.1:514 local0\n"
                + "  bind 127.0.0.1:" + port + " name tcp\n"), file);
        api.admin().get(C + "binds/tcp?parent_type=log_forward&parent_name=lf").then().statusCode(200)
                .body("data.port", equalTo(port));
        api.admin().get(C + "servers?parent_type=peers&parent_name=ps").then().statusCode(200).body("data", equalTo(List.of()));
    }

    static Stream<String> families() {
        return FAMILIES.keySet().stream().sorted();
    }

    /** The same lists under the real parents are answered, so the refusals above are about the missing names. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void listedUnderTheRealParent(String family) {
        Family f = FAMILIES.get(family);
        String query = f.parentQuery().isEmpty() ? "" : "?" + f.parentQuery().formatted(f.parent());
        api.admin().get(C + family + query).then().statusCode(200);
    }
}
