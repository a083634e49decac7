package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration change whose model requires properties (the served document's {@code required}, the contract's
 * lists), POST and PUT, directly and in a transaction: the body as GET answered it, less one required property, is
 * refused 422 {@code {"code":602,"message":"<property> in body is required"}} and writes nothing (haproxy.cfg, and the
 * transaction's copy, byte for byte as they were); the same body with the property is accepted.
 */
class RequiredFieldsIT {

    private static final String C = "/v2/services/haproxy/configuration/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A family: the query naming the parent of its existing object (empty for sections) and that object's id. */
    private record Family(String parent, String id) {
    }

    private static final Map<String, Family> FAMILIES = Map.ofEntries(
            Map.entry("frontends", new Family("", "fe")), Map.entry("backends", new Family("", "be")),
            Map.entry("programs", new Family("", "echo")), Map.entry("caches", new Family("", "c1")),
            Map.entry("rings", new Family("", "r1")), Map.entry("resolvers", new Family("", "rs")),
            Map.entry("mailers_section", new Family("", "ms")), Map.entry("log_forwards", new Family("", "lf")),
            Map.entry("fcgi_apps", new Family("", "php")), Map.entry("http_errors_sections", new Family("", "errs")),
            Map.entry("peer_section", new Family("", "ps")), Map.entry("userlists", new Family("", "ul")),
            Map.entry("servers", new Family("backend=be", "s1")),
            Map.entry("server_templates", new Family("backend=be", "tpl")),
            Map.entry("users", new Family("userlist=ul", "u1")), Map.entry("groups", new Family("userlist=ul", "g1")),
            Map.entry("nameservers", new Family("resolver=rs", "ns1")),
            Map.entry("mailer_entries", new Family("mailers_section=ms", "m1")),
            Map.entry("peer_entries", new Family("peer_section=ps", "p1")),
            Map.entry("acls", new Family("parent_type=frontend&parent_name=fe", "0")),
            Map.entry("http_request_rules", new Family("parent_type=frontend&parent_name=fe", "0")),
            Map.entry("http_response_rules", new Family("parent_type=frontend&parent_name=fe", "0")),
            Map.entry("http_after_response_rules", new Family("parent_type=frontend&parent_name=fe", "0")),
            Map.entry("http_error_rules", new Family("parent_type=frontend&parent_name=fe", "0")),
            Map.entry("tcp_request_rules", new Family("parent_type=frontend&parent_name=fe", "0")),
            Map.entry("filters", new Family("parent_type=frontend&parent_name=fe", "0")),
            Map.entry("log_targets", new Family("parent_type=frontend&parent_name=fe", "0")),
            Map.entry("backend_switching_rules", new Family("frontend=fe", "0")),
            Map.entry("captures", new Family("frontend=fe", "0")),
            Map.entry("tcp_response_rules", new Family("backend=be", "0")),
            Map.entry("server_switching_rules", new Family("backend=be", "0")),
            Map.entry("stick_rules", new Family("backend=be", "0")),
            Map.entry("http_checks", new Family("parent_type=backend&parent_name=be", "0")),
            Map.entry("tcp_checks", new Family("parent_type=backend&parent_name=be", "0")));

    private static final String CFG = """
            global
              stats socket %s mode 660 level admin

            defaults
              mode http
              timeout connect 5s
              timeout client 30s
              timeout server 30s

            userlist ul
              group g1
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

            program echo
              command /bin/true

            cache c1
              total-max-size 4

            ring r1
              size 32768

            fcgi-app php
              docroot /var/www

            http-errors errs
              errorfile 503 /dev/null

            frontend fe
              bind 127.0.0.1:%d
              acl local src 127.0.0.1
              declare capture request len 10
              tcp-request connection accept
              http-request deny if !local
              http-response set-header X-A b
              http-after-response set-header X-B c
              http-error status 503
              filter trace name tr
              log 127.0.0.1:514 local0
              use_backend be if local
              default_backend be

            backend be
              stick-table type ip size 1k
              option httpchk
              http-check send-state
              tcp-check connect
              tcp-response content accept
              stick on src
              use-server s1 if TRUE
              server s1 127.0.0.1:1 disabled
              server-template tpl 1-2 127.0.0.1:2 disabled
            """;

    @TempDir
    static Path dir;
    static Path cfg;
    static ApiProcess api;
    static JsonNode document;

    @BeforeAll
    static void start() throws Exception {
        cfg = Files.writeString(dir.resolve("haproxy.cfg"), CFG.formatted(dir.resolve("h.sock"), ApiProcess.freePort()));
        api = ApiProcess.seedLike(dir, cfg);
        document = JSON.readTree(api.admin().get("/v2/specification").then().statusCode(200).extract().asString());
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    /** The properties the served document says a change of {@code family} by {@code method} requires. */
    private static List<String> required(String method, String family) {
        String path = "/services/haproxy/configuration/" + family + (method.equals("put") ? "/{" + idParam(family) + "}" : "");
        for (JsonNode p : document.path("paths").path(path).path(method).path("parameters")) {
            if (p.path("in").asText().equals("body")) {
                String ref = p.path("schema").path("$ref").asText();
                JsonNode schema = document.path("definitions").path(ref.substring(ref.lastIndexOf('/') + 1));
                List<String> out = new ArrayList<>();
                schema.path("required").forEach(r -> out.add(r.asText()));
                return out;
            }
        }
        return List.of();
    }

    private static String idParam(String family) {
        return switch (family) {
            case "users" -> "username";
            case "server_templates" -> "prefix";
            default -> FAMILIES.get(family).id().matches("\\d+") ? "index" : "name";
        };
    }

    /** Every POST and PUT of the configuration whose body model requires a property is in the table above. */
    @Test
    void everyFamilyWithRequiredPropertiesIsCovered() {
        Set<String> withRequired = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(p -> {
            String family = p.getKey().replaceFirst("^/services/haproxy/configuration/", "").replaceFirst("/\\{.*}$", "");
            if (p.getKey().startsWith("/services/haproxy/configuration/")) {
                for (String method : List.of("post", "put")) {
                    p.getValue().path(method).path("parameters").forEach(param -> {
                        String ref = param.path("schema").path("$ref").asText();
                        if (param.path("in").asText().equals("body") && !ref.isEmpty() && document.path("definitions")
                                .path(ref.substring(ref.lastIndexOf('/') + 1)).has("required")) {
                            withRequired.add(family);
                        }
                    });
                }
            }
        });
        assertEquals(new TreeSet<>(FAMILIES.keySet()), withRequired);
    }

    /**
     * Several things wrong at once: the validator binds the parameters alphabetically, the body as {@code data}, and
     * reports the first refusal; a missing parent or object is the handler's, after all of them.
     */
    @Test
    void theBodyIsJudgedBeforeTheQueryAndThePath() throws Exception {
        String before = Files.readString(cfg);
        assertRefused("{\"code\":602,\"message\":\"name in body is required\"}",
                api.admin().body(Map.of("mode", "tcp")).put(C + "frontends/ghost?version=x"));
        assertRefused("{\"code\":602,\"message\":\"acl_name in body is required\"}",
                api.admin().body(Map.of("index", 0)).post(C + "acls?parent_type=listen&parent_name=ghost&version=1"));
        assertRefused("{\"code\":602,\"message\":\"name in body is required\"}",
                api.admin().body(Map.of("address", "127.0.0.1")).put(C + "servers/s1?backend=ghost&version=x"));
        assertRefused("{\"code\":602,\"message\":\"backend in query is required\"}", // backend sorts before data
                api.admin().body(Map.of("fqdn", "127.0.0.1")).post(C + "server_templates?version=1"));
        assertRefused("{\"code\":602,\"message\":\"prefix in body is required\"}",
                api.admin().body(Map.of("fqdn", "127.0.0.1", "num_or_range", "1")).post(C + "server_templates?backend=ghost&version=1"));
        // the decoder comes before the validator: a value of the wrong JSON type is its 400, a missing property or not
        assertRefused("{\"code\":400,\"message\":\"parsing data body from \\\"\\\" failed, because json: cannot "
                        + "unmarshal number into Go struct field ACL.acl_name of type string\"}",
                api.admin().body(Map.of("index", 0, "acl_name", 5, "criterion", "src"))
                        .post(C + "acls?parent_type=frontend&parent_name=fe&version=1"));
        assertEquals(before, Files.readString(cfg));
        // each made valid but for what comes next is refused for that
        assertRefused("{\"code\":600,\"message\":\"version in query must be of type int64: \\\"x\\\"\"}",
                api.admin().body(Map.of("name", "ghost")).put(C + "frontends/ghost?version=x"));
        assertRefused("{\"code\":605,\"message\":\"parent_type in query should be one of [frontend backend]\"}",
                api.admin().body(Map.of("index", 0, "acl_name", "a", "criterion", "src", "value", "127.0.0.1"))
                        .post(C + "acls?parent_type=listen&parent_name=ghost&version=1"));
    }

    /**
     * A named defaults section: its model requires nothing, but the section needs a name; without one (absent, null
     * or empty) the answer is the same 422, not a failure of the server, and nothing is written.
     */
    @Test
    void aNamedDefaultsSectionNeedsItsName() throws Exception {
        String before = Files.readString(cfg);
        for (String body : List.of("{\"mode\":\"http\"}", "{\"name\":null}", "{\"name\":\"\"}")) {
            assertRefused("{\"code\":602,\"message\":\"name in body is required\"}",
                    api.admin().body(body).post(C + "named_defaults?version=" + api.configurationVersion()));
            assertRefused("{\"code\":602,\"message\":\"name in body is required\"}",
                    api.admin().body(body).put(C + "named_defaults/unnamed?version=" + api.configurationVersion()));
        }
        assertEquals(before, Files.readString(cfg));
        api.admin().body("{\"name\":\"named\",\"mode\":\"http\"}")
                .post(C + "named_defaults?version=" + api.configurationVersion()).then().statusCode(202);
        assertTrue(Files.readString(cfg).contains("defaults named\n"), Files.readString(cfg));
    }

    private static void assertRefused(String expected, Response answer) throws Exception {
        assertEquals(JSON.readTree(expected), JSON.readTree(answer.asString()));
        assertEquals(JSON.readTree(expected).path("code").asInt() >= 600 ? 422 : 400, answer.statusCode());
    }

    static Stream<Arguments> changes() {
        List<Arguments> out = new ArrayList<>();
        for (String family : new TreeSet<>(FAMILIES.keySet())) {
            for (String method : List.of("post", "put")) {
                for (String property : required(method, family)) {
                    for (boolean inTransaction : List.of(false, true)) {
                        out.add(Arguments.of(family, method, property, inTransaction));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} {0} without {2}, in a transaction: {3}")
    @MethodSource("changes")
    void refusedWithoutARequiredPropertyAndAcceptedWithIt(String family, String method, String property,
                                                          boolean inTransaction) throws Exception {
        Family f = FAMILIES.get(family);
        String parent = f.parent().isEmpty() ? "" : f.parent() + "&";
        ObjectNode complete = (ObjectNode) JSON.readTree(api.admin().get(C + family + "/" + f.id()
                + (parent.isEmpty() ? "" : "?" + f.parent())).then().statusCode(200).extract().asString()).path("data");
        boolean post = method.equals("post");
        if (post) { // a new object beside the existing one: a new name, or the first place
            if (idParam(family).equals("index")) {
                complete.put("index", 0);
            } else {
                complete.put(idParam(family), "added");
            }
        }
        ObjectNode without = complete.deepCopy();
        without.remove(property);
        String transaction = inTransaction ? api.admin().post("/v2/services/haproxy/transactions?version="
                + api.configurationVersion()).then().statusCode(201).extract().path("id") : null;
        String target = (inTransaction ? "transaction_id=" + transaction : "version=" + api.configurationVersion());
        String url = C + family + (post ? "" : "/" + f.id()) + "?" + parent + target;
        String raw = C + "raw" + (inTransaction ? "?transaction_id=" + transaction : "");
        String before = Files.readString(cfg);
        String stagedBefore = api.admin().get(raw).then().statusCode(200).extract().path("data");

        Response refused = api.admin().body(JSON.writeValueAsString(without)).request(method.toUpperCase(), url);
        assertEquals(422, refused.statusCode(), refused.asString());
        assertEquals(JSON.readTree("{\"code\":602,\"message\":\"" + property + " in body is required\"}"),
                JSON.readTree(refused.asString()));
        assertEquals(before, Files.readString(cfg), "the refused change must leave haproxy.cfg as it was");
        assertEquals(stagedBefore, api.admin().get(raw).then().statusCode(200).extract().path("data"),
                "nothing is staged either");

        Response accepted = api.admin().body(JSON.writeValueAsString(complete)).request(method.toUpperCase(), url);
        assertTrue(accepted.statusCode() == (post ? 201 : 200) || accepted.statusCode() == 202,
                method + " " + url + " " + JSON.writeValueAsString(complete) + ": " + accepted.statusCode() + " "
                        + accepted.asString());
        if (inTransaction) {
            api.admin().delete("/v2/services/haproxy/transactions/" + transaction).then().statusCode(204);
        } else if (post) { // back to the fixture: the added object goes
            String added = idParam(family).equals("index") ? "0" : "added";
            api.admin().delete(C + family + "/" + added + "?" + parent + "version=" + api.configurationVersion())
                    .then().statusCode(202);
        }
    }
}
