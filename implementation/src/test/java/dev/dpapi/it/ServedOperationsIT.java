package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation our document lists, made as a valid request on a haproxy.cfg that holds one object of each
 * family, succeeds (2xx): reads of existing objects, a PUT of what GET returned, a POST of a renamed copy and a
 * DELETE of that copy. A family added to the document without a row here fails the coverage check.
 */
class ServedOperationsIT {

    private static final String C = "/services/haproxy/configuration/";

    /** A family of the configuration API: its collection, an existing object's id in the fixture, its parent query. */
    private record Family(String collection, String id, String parent) {
        boolean indexed() {
            return id.equals("0");
        }
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("frontends", "fe", ""), new Family("backends", "be", ""),
            new Family("named_defaults", "dd", ""), new Family("programs", "prog", ""),
            new Family("caches", "cc", ""), new Family("rings", "rr", ""), new Family("resolvers", "dns", ""),
            new Family("mailers_section", "mm", ""), new Family("log_forwards", "lf", ""),
            new Family("fcgi_apps", "php", ""), new Family("http_errors_sections", "errs", ""),
            new Family("peer_section", "pp", ""), new Family("userlists", "ul", ""),
            new Family("servers", "s1", "backend=be"), new Family("server_templates", "web", "backend=be"),
            new Family("binds", "b1", "frontend=fe"), new Family("mailer_entries", "smtp", "mailers_section=mm"),
            new Family("peer_entries", "p1", "peer_section=pp"), new Family("tables", "t1", "peer_section=pp"),
            new Family("nameservers", "ns1", "resolver=dns"), new Family("dgram_binds", "udp", "log_forward=lf"),
            new Family("users", "ann", "userlist=ul"), new Family("groups", "admins", "userlist=ul"),
            new Family("acls", "0", "parent_type=frontend&parent_name=fe"),
            new Family("backend_switching_rules", "0", "frontend=fe"),
            new Family("http_request_rules", "0", "parent_type=frontend&parent_name=fe"),
            new Family("http_response_rules", "0", "parent_type=frontend&parent_name=fe"),
            new Family("http_after_response_rules", "0", "parent_type=frontend&parent_name=fe"),
            new Family("tcp_request_rules", "0", "parent_type=frontend&parent_name=fe"),
            new Family("tcp_response_rules", "0", "backend=be"),
            new Family("server_switching_rules", "0", "backend=be"), new Family("stick_rules", "0", "backend=be"),
            new Family("captures", "0", "frontend=fe"),
            new Family("filters", "0", "parent_type=frontend&parent_name=fe"),
            new Family("log_targets", "0", "parent_type=frontend&parent_name=fe"),
            new Family("http_checks", "0", "parent_type=backend&parent_name=be"),
            new Family("tcp_checks", "0", "parent_type=backend&parent_name=bt"),
            new Family("http_error_rules", "0", "parent_type=frontend&parent_name=fe"));

    private static final String FIXTURE = """
            # _version=1
            global
              stats socket %1$s mode 600 level admin
              log 127.0.0.1:514 local0

            defaults dd
              mode http
              timeout connect 5s
              timeout client 5s
              timeout server 5s

            userlist ul
              group admins
              user ann insecure-password x groups admins

            peers pp
              peer p1 127.0.0.1:%2$d
              table t1 type ip size 1k

            mailers mm
              mailer smtp 127.0.0.1:25

            resolvers dns
              nameserver ns1 127.0.0.1:53

            log-forward lf
              dgram-bind 127.0.0.1:%3$d name udp
              log 127.0.0.1:514 local0

            program prog
              command /bin/true

            cache cc
              total-max-size 4

            ring rr
              size 32768

            fcgi-app php
              docroot /var/www

            http-errors errs
              errorfile 503 /dev/null

            frontend fe
              bind 127.0.0.1:%4$d name b1
              acl local src 127.0.0.1
              tcp-request content accept
              http-request set-header X-A a
              http-response set-header X-B b
              http-after-response set-header X-C c
              declare capture request len 64
              filter trace name t1
              log global
              http-error status 503
              use_backend be if local
              default_backend be

            backend be
              stick-table type ip size 1k
              stick on src
              use-server s1 if TRUE
              tcp-response content accept
              option httpchk
              http-check expect status 200
              server s1 127.0.0.1:1 disabled
              server-template web 1-2 127.0.0.1:9100 disabled

            backend bt
              mode tcp
              option tcp-check
              tcp-check connect
            """;

    @TempDir
    Path dir;
    ApiProcess api;
    final Set<String> exercised = new TreeSet<>();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyDocumentedOperationSucceedsOnAValidRequest() throws Exception {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), FIXTURE.formatted(dir.resolve("h.sock"),
                ApiProcess.freePort(), ApiProcess.freePort(), ApiProcess.freePort()));
        FileEffect.haproxyAccepts(cfg);
        try (HaproxyProcess haproxy = HaproxyProcess.start(cfg, dir.resolve("h.sock"))) {
            api = ApiProcess.seedLike(dir, cfg);
            try {
                exerciseAll();
            } finally {
                api.close();
            }
        }
        try (RuntimeStage stage = RuntimeStage.start(Files.createDirectories(dir.resolve("runtime")),
                "--spoe-dir", dir.resolve("spoe").toString(), "--spoe-transaction-dir", dir.resolve("spoe-tx").toString())) {
            api = stage.api;
            exerciseRuntimeAndStorage();
            exerciseSpoe();
        }
        Set<String> notExercised = new TreeSet<>(SpecificationIT.operations(json.readTree(
                Files.readString(dir.resolve("spec.json")))));
        notExercised.removeAll(exercised);
        assertEquals(Set.of(), notExercised, "documented operations this test makes no valid request for: add them");
    }

    private void exerciseAll() throws Exception {
        String spec = call("GET", "/specification", "/specification", null).asString();
        Files.writeString(dir.resolve("spec.json"), spec);
        for (String p : List.of("/", "/info", "/health", "/specification_openapiv3", "/services", "/services/haproxy",
                "/services/haproxy/runtime",
                "/services/haproxy/runtime/info", "/services/haproxy/configuration", C + "version", C + "defaults")) {
            call("GET", p, p, null);
        }
        String raw = call("GET", C + "raw", C + "raw", null).path("data");
        call("POST", C + "raw", C + "raw?version=" + version(), raw);
        Map<String, Object> global = call("GET", C + "global", C + "global", null).path("data");
        call("PUT", C + "global", C + "global?version=" + version(), global);
        Map<String, Object> defaults = call("GET", C + "defaults", C + "defaults", null).path("data");
        call("PUT", C + "defaults", C + "defaults?version=" + version(), defaults);

        String reloadId = null;
        for (Family f : FAMILIES) {
            String q = f.parent().isEmpty() ? "" : f.parent() + "&";
            String coll = C + f.collection();
            String idName = f.indexed() ? "index" : f.collection().equals("users") ? "username"
                    : f.collection().equals("server_templates") ? "prefix" : "name";
            String one = coll + "/{" + idName + "}";
            call("GET", coll, withQuery(coll, f.parent()), null);
            Map<String, Object> data = new LinkedHashMap<>(
                    call("GET", one, withQuery(coll + "/" + f.id(), f.parent()), null).path("data"));
            if (documents("PUT " + one)) {
                call("PUT", one, coll + "/" + f.id() + "?" + q + "version=" + version(), data);
            }
            String copyId = f.indexed() ? "0" : f.id() + "2";
            data.put(f.indexed() ? "index" : idName, f.indexed() ? 0 : copyId);
            Response created = call("POST", coll, coll + "?" + q + "version=" + version(), data);
            if (created.header("Reload-ID") != null) {
                reloadId = created.header("Reload-ID");
            }
            call("DELETE", one, coll + "/" + copyId + "?" + q + "version=" + version(), null);
        }

        String sites = "/services/haproxy/sites";
        call("GET", sites, sites, null);
        Map<String, Object> site = call("GET", sites + "/{name}", sites + "/fe", null).path("data");
        call("PUT", sites + "/{name}", sites + "/fe?version=" + version(), site);
        call("POST", sites, sites + "?version=" + version(), Map.of("name", "fe2",
                "farms", List.of(Map.of("name", "be_site", "use_as", "default"))));
        call("DELETE", sites + "/{name}", sites + "/fe2?version=" + version(), null);

        // a node in single mode: read, no key to join, nothing to leave; editing and refreshing need a cluster
        call("GET", "/cluster", "/cluster", null);
        call("POST", "/cluster", "/cluster", Map.of());
        call("DELETE", "/cluster", "/cluster", null);
        answered("PUT", "/cluster", "/cluster", Map.of(), 406);
        answered("POST", "/cluster/certificate", "/cluster/certificate", null, 403);

        String tx = call("POST", "/services/haproxy/transactions", "/services/haproxy/transactions?version=" + version(),
                null).path("id");
        call("GET", "/services/haproxy/transactions", "/services/haproxy/transactions", null);
        call("GET", "/services/haproxy/transactions/{id}", "/services/haproxy/transactions/" + tx, null);
        call("PUT", "/services/haproxy/transactions/{id}", "/services/haproxy/transactions/" + tx, null);
        String dropped = call("POST", "/services/haproxy/transactions",
                "/services/haproxy/transactions?version=" + version(), null).path("id");
        call("DELETE", "/services/haproxy/transactions/{id}", "/services/haproxy/transactions/" + dropped, null);
        call("GET", "/services/haproxy/reloads", "/services/haproxy/reloads", null);
        call("GET", "/services/haproxy/reloads/{id}", "/services/haproxy/reloads/" + reloadId, null);

        // service discovery definitions, disabled: nothing is polled (ServiceDiscoveryIT follows enabled ones)
        for (Map<String, Object> definition : List.<Map<String, Object>>of(
                Map.of("address", "127.0.0.1", "port", 8500, "enabled", false, "retry_timeout", 10),
                Map.of("name", "ops", "region", "us-east-1", "enabled", false, "retry_timeout", 10, "ipv4_address", "private"))) {
            String coll = "/service_discovery/" + (definition.containsKey("region") ? "aws" : "consul");
            String id = call("POST", coll, coll, definition).path("id");
            call("GET", coll, coll, null);
            call("GET", coll + "/{id}", coll + "/" + id, null);
            call("PUT", coll + "/{id}", coll + "/" + id, definition);
            call("DELETE", coll + "/{id}", coll + "/" + id, null);
        }
    }

    /** The runtime, stats and storage families, on a HAProxy with a map, an ACL file and a stick table. */
    private void exerciseRuntimeAndStorage() throws Exception {
        String r = "/services/haproxy/runtime/";
        call("GET", r + "servers", r + "servers?backend=be", null);
        call("GET", r + "servers/{name}", r + "servers/s2?backend=be", null);
        call("PUT", r + "servers/{name}", r + "servers/s2?backend=be", Map.of("admin_state", "drain"));
        call("POST", r + "servers", r + "servers?backend=be", Map.of("name", "s3", "address", "127.0.0.1", "port", 3));
        call("DELETE", r + "servers/{name}", r + "servers/s3?backend=be", null);
        call("GET", "/services/haproxy/stats", "/services/haproxy/stats", null);
        call("GET", "/services/haproxy/stats/native", "/services/haproxy/stats/native", null);

        call("GET", r + "maps", r + "maps", null);
        call("GET", r + "maps/{name}", r + "maps/hosts", null);
        call("GET", r + "maps_entries", r + "maps_entries?map=hosts", null);
        call("POST", r + "maps_entries", r + "maps_entries?map=hosts", Map.of("key", "c.example", "value", "3"));
        call("GET", r + "maps_entries/{id}", r + "maps_entries/c.example?map=hosts", null);
        call("PUT", r + "maps_entries/{id}", r + "maps_entries/c.example?map=hosts", Map.of("value", "30"));
        call("DELETE", r + "maps_entries/{id}", r + "maps_entries/c.example?map=hosts", null);
        call("PUT", r + "maps/{name}", r + "maps/hosts", List.of(Map.of("key", "d.example", "value", "4")));
        call("DELETE", r + "maps/{name}", r + "maps/hosts", null);

        List<Map<String, Object>> acls = call("GET", r + "acls", r + "acls", null).jsonPath().getList("$");
        String acl = acls.stream().filter(a -> String.valueOf(a.get("storage_name")).endsWith("blocked.acl"))
                .map(a -> String.valueOf(a.get("id"))).findFirst().orElseThrow();
        call("GET", r + "acls/{id}", r + "acls/" + acl, null);
        call("GET", r + "acl_file_entries", r + "acl_file_entries?acl_id=" + acl, null);
        call("POST", r + "acl_file_entries", r + "acl_file_entries?acl_id=" + acl, Map.of("value", "10.0.0.3"));
        call("GET", r + "acl_file_entries/{id}", r + "acl_file_entries/10.0.0.3?acl_id=" + acl, null);
        call("DELETE", r + "acl_file_entries/{id}", r + "acl_file_entries/10.0.0.3?acl_id=" + acl, null);
        call("PUT", r + "acl_file_entries", r + "acl_file_entries?acl_id=" + acl, List.of(Map.of("value", "10.0.2.1")));

        call("GET", r + "stick_tables", r + "stick_tables", null);
        call("GET", r + "stick_tables/{name}", r + "stick_tables/be?process=1", null);
        String entries = r + "stick_table_entries?stick_table=be&process=1";
        call("POST", r + "stick_table_entries", entries, Map.of("key", "10.0.0.5", "data_type", Map.of("gpc0", 1)));
        call("GET", r + "stick_table_entries", entries, null);

        TestCa ca = TestCa.create(Files.createDirectories(dir.resolve("ca")), "served");
        Path crt = ca.issue("site", true);
        String pem = Files.readString(crt) + Files.readString(TestCa.key(crt));
        String st = "/services/haproxy/storage";
        call("GET", st, st, null);
        for (List<String> kind : List.of(List.of("maps", "extra.map", "x 1\n", "y 2\n"),
                List.of("general", "notes.txt", "hello\n", "bye\n"), List.of("ssl_certificates", "site.pem", pem, pem))) {
            String coll = st + "/" + kind.get(0);
            String one = coll + "/{name}";
            call("GET", coll, coll, null);
            upload(coll, kind.get(1), kind.get(2));
            call("GET", one, coll + "/" + kind.get(1), null);
            call("PUT", one, coll + "/" + kind.get(1) + "?skip_reload=true", kind.get(3));
            call("DELETE", one, coll + "/" + kind.get(1) + "?skip_reload=true", null);
        }
    }

    /** The SPOE families on one uploaded file, then its transactions. */
    private void exerciseSpoe() throws Exception {
        String sp = "/services/haproxy/spoe";
        call("GET", sp, sp, null);
        upload(sp + "/spoe_files", "a.conf", "[s]\nspoe-agent ag\n  messages m\n  use-backend be\n"
                + "spoe-message m\n  args ip=src\n  event on-frontend-http-request\nspoe-group g\n  messages m\n");
        call("GET", sp + "/spoe_files", sp + "/spoe_files", null);
        call("GET", sp + "/spoe_files/{name}", sp + "/spoe_files/a.conf", null);
        String q = "?spoe=a.conf&scope=[s]&version=";
        call("GET", sp + "/version", sp + "/version?spoe=a.conf", null);
        call("GET", sp + "/spoe_scopes", sp + "/spoe_scopes?spoe=a.conf", null);
        call("GET", sp + "/spoe_scopes/{name}", sp + "/spoe_scopes/[s]?spoe=a.conf", null);
        call("POST", sp + "/spoe_scopes", sp + "/spoe_scopes?spoe=a.conf&version=" + spoeVersion(),
                new com.fasterxml.jackson.databind.node.TextNode("[t]"));
        call("DELETE", sp + "/spoe_scopes/{name}", sp + "/spoe_scopes/[t]?spoe=a.conf&version=" + spoeVersion(), null);
        for (List<String> kind : List.of(List.of("spoe_agents", "ag"), List.of("spoe_messages", "m"),
                List.of("spoe_groups", "g"))) {
            String coll = sp + "/" + kind.get(0);
            String one = coll + "/{name}";
            call("GET", coll, coll + "?spoe=a.conf&scope=[s]", null);
            Map<String, Object> data = new LinkedHashMap<>(
                    call("GET", one, coll + "/" + kind.get(1) + "?spoe=a.conf&scope=[s]", null).path("data"));
            call("PUT", one, coll + "/" + kind.get(1) + q + spoeVersion(), data);
            data.put("name", kind.get(1) + "2");
            call("POST", coll, coll + q + spoeVersion(), data);
            call("DELETE", one, coll + "/" + kind.get(1) + "2" + q + spoeVersion(), null);
        }
        String tx = "/services/haproxy/spoe_transactions";
        String id = call("POST", tx, tx + "?spoe=a.conf&version=" + spoeVersion(), null).path("id");
        call("GET", tx, tx + "?spoe=a.conf", null);
        call("GET", tx + "/{id}", tx + "/" + id + "?spoe=a.conf", null);
        call("PUT", tx + "/{id}", tx + "/" + id + "?spoe=a.conf", null);
        String dropped = call("POST", tx, tx + "?spoe=a.conf&version=" + spoeVersion(), null).path("id");
        call("DELETE", tx + "/{id}", tx + "/" + dropped + "?spoe=a.conf", null);
        call("DELETE", sp + "/spoe_files/{name}", sp + "/spoe_files/a.conf", null);
    }

    private long spoeVersion() {
        return Long.parseLong(api.admin().get("/v2/services/haproxy/spoe/version?spoe=a.conf").asString().strip());
    }

    /** A storage upload: multipart, the file in {@code file_upload}. */
    private void upload(String collection, String fileName, String content) {
        Response answer = api.admin().contentType("multipart/form-data").multiPart("file_upload", fileName, content.getBytes(), "text/plain")
                .post("/v2" + collection);
        assertTrue(answer.statusCode() >= 200 && answer.statusCode() < 300,
                "POST " + collection + " answered " + answer.statusCode() + " " + answer.asString());
        exercised.add("POST " + collection);
    }

    private Set<String> documentedOps;

    private boolean documents(String op) throws Exception {
        if (documentedOps == null) {
            documentedOps = SpecificationIT.operations(json.readTree(Files.readString(dir.resolve("spec.json"))));
        }
        return documentedOps.contains(op);
    }

    private static String withQuery(String path, String query) {
        return query.isEmpty() ? path : path + "?" + query;
    }

    private long version() {
        return Long.parseLong(api.admin().get("/v2" + C + "version").asString().strip());
    }

    /** An operation whose documented answer to a valid request here is a refusal (a single node's cluster edits). */
    private void answered(String method, String template, String concrete, Object body, int status) {
        RequestSpecification request = api.admin();
        if (body != null) {
            request = request.body(body);
        }
        Response answer = request.request(method, "/v2" + concrete);
        assertEquals(status, answer.statusCode(), method + " " + concrete + " answered " + answer.asString());
        exercised.add(method + " " + template);
    }

    /** Makes one request and asserts it succeeded; records which documented operation it exercised. */
    private Response call(String method, String template, String concrete, Object body) {
        RequestSpecification request = api.admin();
        if (body instanceof String text) {
            request = request.contentType("text/plain").body(text);
        } else if (body != null) {
            request = request.body(body);
        }
        Response answer = request.request(method, "/v2" + concrete);
        assertTrue(answer.statusCode() >= 200 && answer.statusCode() < 300,
                method + " " + concrete + " answered " + answer.statusCode() + " " + answer.asString());
        exercised.add(method + " " + template);
        return answer;
    }
}
