package dev.dpapi.conformance;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

/** Runtime API, native stats, storage and SPOE: what the API says is compared with HAProxy and the files. */
class RuntimeCheck {

    static final String SH = "/v2/services/haproxy/";

    @AfterAll
    static void stop() {
        Deployment.stopShared(RuntimeCheck.class);
    }

    private static Deployment deployment(Target target) {
        return Deployment.shared(RuntimeCheck.class, target, "");
    }

    /** A field of `show servers state <backend>` for one server, by the header's column name. */
    static String serverState(Deployment d, String backend, String server, String column) {
        List<String> lines = d.runtime("show servers state " + backend).lines().toList();
        String header = lines.stream().filter(l -> l.startsWith("# be_id")).findFirst().orElseThrow();
        List<String> columns = List.of(header.substring(2).split(" "));
        return lines.stream().filter(l -> !l.startsWith("#")).map(l -> l.split(" "))
                .filter(f -> f.length > 3 && f[3].equals(server)).findFirst()
                .map(f -> f[columns.indexOf(column)]).orElseThrow(() -> new AssertionError("no server " + server));
    }

    @Check(profile = Profile.CORE, family = "runtime", source = "contract: GET /services/haproxy/runtime/info; BEHAVIOUR 6.2")
    @DisplayName("runtime info: the running HAProxy's own show info, through the guide's stats socket")
    void info(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(SH + "runtime/info");
        String pid = d.runtime("show info").lines().filter(l -> l.startsWith("Pid:")).findFirst().orElseThrow()
                .substring(4).strip();
        d.api.admin().get(SH + "runtime/info").then().statusCode(200)
                .body("[0].runtimeAPI", equalTo(Seed.SOCKET))
                .body("[0].info.pid", equalTo(Integer.parseInt(pid)));
    }

    @Check(profile = Profile.CORE, family = "runtime", source = "contract: GET, PUT /services/haproxy/runtime/servers/{name}; BEHAVIOUR 6.2")
    @DisplayName("runtime servers: read a server's state, put it in maintenance and back, as HAProxy sees it")
    void servers(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(SH + "runtime/servers?backend=be");
        d.api.admin().get(SH + "runtime/servers?backend=be").then().statusCode(200).body("name", org.hamcrest.Matchers.hasItem("s1"));
        d.api.json(Map.of("admin_state", "maint")).put(SH + "runtime/servers/s1?backend=be").then().statusCode(200)
                .body("admin_state", equalTo("maint"));
        assertEquals(1, Integer.parseInt(serverState(d, "be", "s1", "srv_admin_state")) & 1, "HAProxy has s1 in maintenance");
        d.api.json(Map.of("admin_state", "ready")).put(SH + "runtime/servers/s1?backend=be").then().statusCode(200);
        assertEquals(0, Integer.parseInt(serverState(d, "be", "s1", "srv_admin_state")) & 1, "and ready again");
        d.api.admin().get(SH + "runtime/servers/nope?backend=be").then().statusCode(404);
    }

    @Check(profile = Profile.CORE, family = "raw", source = "contract: POST configuration/raw header X-Runtime-Actions; BEHAVIOUR 7 (raw, step 5)")
    @DisplayName("raw push with skip_reload runs X-Runtime-Actions on the running HAProxy; a missing argument is 500")
    void rawRuntimeActions(Target target) {
        Deployment d = deployment(target);
        String raw = SH + "configuration/raw";
        d.api.assumeServed(raw);
        String weight = serverState(d, "be", "s1", "srv_uweight");
        String text = d.api.admin().get(raw).jsonPath().getString("data");
        Response r = d.api.admin().contentType("text/plain").header("X-Runtime-Actions", "SetServerWeight be s1 42")
                .body(text).post(raw + "?skip_reload=true&version=" + d.version());
        assertEquals(201, r.statusCode(), r.asString());
        assertEquals("42", serverState(d, "be", "s1", "srv_uweight"), "HAProxy runs s1 with the weight the header set");
        Response refused = d.api.admin().contentType("text/plain").header("X-Runtime-Actions", "SetServerWeight be s1")
                .body(text).post(raw + "?skip_reload=true&version=" + d.version());
        assertEquals(500, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("cannot execute SetServerWeight"), refused.asString());
        d.api.admin().contentType("text/plain").header("X-Runtime-Actions", "SetServerWeight be s1 " + weight)
                .body(text).post(raw + "?skip_reload=true&version=" + d.version()).then().statusCode(201);
        assertEquals(weight, serverState(d, "be", "s1", "srv_uweight"), "and back to its weight");
    }

    @Check(profile = Profile.CORE, family = "stats", source = "contract: GET /services/haproxy/stats/native; BEHAVIOUR 6.2")
    @DisplayName("native stats: HAProxy's show stat per object, filtered by type; name without type is 400")
    void stats(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(SH + "stats/native");
        Response all = d.api.admin().get(SH + "stats/native");
        assertEquals(200, all.statusCode(), all.asString());
        List<String> names = all.jsonPath().getList("[0].stats.name");
        assertTrue(names.contains("fe") && names.contains("be") && names.contains("s1"), "fe, be and s1 in " + names);
        List<String> types = d.api.admin().get(SH + "stats/native?type=backend").then().statusCode(200)
                .extract().jsonPath().getList("[0].stats.type");
        assertFalse(types.isEmpty(), "backends listed");
        assertTrue(types.stream().allMatch("backend"::equals), "only backends: " + types);
        d.api.admin().get(SH + "stats/native?name=fe").then().statusCode(400)
                .body("message", containsString("Type required"));
    }

    @Check(profile = Profile.CORE, family = "storage", source = "contract: /services/haproxy/storage/maps; BEHAVIOUR 7 (storage)")
    @DisplayName("map files: upload, list, download, delete, in maps_dir")
    void maps(Target target) {
        storage(target, "maps", Settings.MAPS_DIR, "cc.map", "/a be\n/b be\n");
    }

    @Check(profile = Profile.CORE, family = "storage", source = "contract: /services/haproxy/storage/general; BEHAVIOUR 7 (storage)")
    @DisplayName("general files: upload, list, download, delete, in the general storage dir")
    void general(Target target) {
        storage(target, "general", Settings.GENERAL_DIR, "cc.txt", "some text\n");
    }

    private static void storage(Target target, String kind, String dir, String name, String content) {
        Deployment d = deployment(target);
        d.api.assumeServed(SH + "storage/" + kind);
        String path = dir + "/" + name;
        Response up = d.api.admin().multiPart("file_upload", name, content.getBytes(StandardCharsets.UTF_8), "text/plain")
                .post(SH + "storage/" + kind);
        assertEquals(201, up.statusCode(), up.asString());
        assertEquals(content, d.haproxy.readFile(path), "the uploaded file in " + dir);
        d.api.admin().multiPart("file_upload", name, content.getBytes(StandardCharsets.UTF_8), "text/plain")
                .post(SH + "storage/" + kind).then().statusCode(409);
        d.api.admin().get(SH + "storage/" + kind).then().statusCode(200).body("storage_name", org.hamcrest.Matchers.hasItem(name));
        assertEquals(content, d.api.admin().get(SH + "storage/" + kind + "/" + name).then().statusCode(200).extract().asString());
        d.api.admin().delete(SH + "storage/" + kind + "/" + name).then().statusCode(204);
        assertTrue(d.haproxy.exec("test", "-e", path).getExitCode() != 0, "the file is deleted");
        d.api.admin().get(SH + "storage/" + kind + "/" + name).then().statusCode(404);
    }

    @Check(profile = Profile.CORE, family = "spoe", source = "contract: /services/haproxy/spoe/spoe_files, spoe_scopes; BEHAVIOUR 7 (SPOE)")
    @DisplayName("SPOE files: upload into spoe_dir, list, read its scopes, delete")
    void spoe(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(SH + "spoe/spoe_files");
        String content = """
                [cc]
                spoe-agent cc-agent
                    messages cc-msg
                    use-backend be
                spoe-message cc-msg
                    args ip=src
                    event on-frontend-http-request
                """;
        Response up = d.api.admin().multiPart("file_upload", "cc.cfg", content.getBytes(StandardCharsets.UTF_8), "text/plain")
                .post(SH + "spoe/spoe_files");
        assertEquals(201, up.statusCode(), up.asString());
        assertTrue(d.haproxy.readFile(Settings.SPOE_DIR + "/cc.cfg").contains("spoe-agent cc-agent"), "the file in spoe_dir");
        d.api.admin().get(SH + "spoe/spoe_files").then().statusCode(200).body(containsString("cc.cfg"));
        d.api.admin().get(SH + "spoe/spoe_scopes?spoe=cc.cfg").then().statusCode(200).body(containsString("[cc]"));
        d.api.admin().get(SH + "spoe/spoe_agents/cc-agent?spoe=cc.cfg&scope=[cc]").then().statusCode(200)
                .body("data.name", equalTo("cc-agent"));
        d.api.admin().delete(SH + "spoe/spoe_files/cc.cfg").then().statusCode(204);
        assertTrue(d.haproxy.exec("test", "-e", Settings.SPOE_DIR + "/cc.cfg").getExitCode() != 0, "the file is deleted");
    }

    @Check(profile = Profile.CORE, family = "spoe", source = "contract: /services/haproxy/spoe/spoe_agents, spoe_messages, spoe/version; BEHAVIOUR 7 (SPOE)")
    @DisplayName("SPOE agent and message added through the API: a filter spoe naming the file is what HAProxy loads")
    void spoeFilterLoads(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(SH + "spoe/spoe_files");
        String file = Settings.SPOE_DIR + "/edge.cfg";
        String c = SH + "configuration/";
        // the agents' backend (TCP, as HAProxy requires for SPOE) and a frontend of their own, so that the filter
        // touches no other check's frontend
        d.api.json(Map.of("name", "spoe_agents", "mode", "tcp")).post(c + "backends?version=" + d.version())
                .then().statusCode(202);
        d.api.json(Map.of("name", "a1", "address", "127.0.0.1", "port", 12345))
                .post(c + "servers?backend=spoe_agents&version=" + d.version()).then().statusCode(202);
        d.api.json(Map.of("name", "spoe_fe", "mode", "http", "default_backend", "be"))
                .post(c + "frontends?version=" + d.version()).then().statusCode(202);
        Response up = d.api.admin().multiPart("file_upload", "edge.cfg", "[edge]\n".getBytes(StandardCharsets.UTF_8),
                "text/plain").post(SH + "spoe/spoe_files");
        assertEquals(201, up.statusCode(), up.asString());
        long v = spoeVersion(d, "edge.cfg");
        String q = "?spoe=edge.cfg&scope=[edge]&version=";
        Map<String, Object> agent = Map.of("name", "edge-agent", "messages", "edge-msg", "use-backend", "spoe_agents",
                "option_var-prefix", "edge", "hello_timeout", 2000, "idle_timeout", 120000, "processing_timeout", 500);
        d.api.json(agent).post(SH + "spoe/spoe_agents" + q + v).then().statusCode(201);
        d.api.json(Map.of("name", "edge-msg", "args", "ip=src", "event", Map.of("name", "on-frontend-http-request")))
                .post(SH + "spoe/spoe_messages" + q + (v + 1)).then().statusCode(201);
        d.api.admin().get(SH + "spoe/spoe_agents/edge-agent?spoe=edge.cfg&scope=[edge]").then().statusCode(200)
                .body("data.use-backend", equalTo("spoe_agents")).body("data.processing_timeout", equalTo(500));
        d.api.admin().get(SH + "spoe/spoe_messages?spoe=edge.cfg&scope=[edge]").then().statusCode(200)
                .body("data[0].event.name", equalTo("on-frontend-http-request"));
        String text = d.haproxy.readFile(file);
        assertTrue(text.contains("spoe-agent edge-agent") && text.contains("spoe-message edge-msg"), "the file in spoe_dir:\n" + text);
        assertEquals(v + 2, spoeVersion(d, "edge.cfg"), "each change moves the file's version");

        int loads = d.haproxy.loadCount();
        Response filter = d.api.json(Map.of("index", 0, "type", "spoe", "spoe_engine", "edge", "spoe_config", file))
                .post(c + "filters?parent_type=frontend&parent_name=spoe_fe&force_reload=true&version=" + d.version());
        assertEquals(201, filter.statusCode(), filter.asString());
        assertTrue(d.config().contains("filter spoe engine edge config " + file), d.config());
        Deployment.await("HAProxy's master to load the configuration with the SPOE filter", Duration.ofSeconds(30),
                () -> d.haproxy.loadCount() > loads);

        d.api.admin().delete(c + "frontends/spoe_fe?version=" + d.version()).then().statusCode(202);
        d.api.admin().delete(c + "backends/spoe_agents?version=" + d.version()).then().statusCode(202);
        d.api.admin().delete(SH + "spoe/spoe_files/edge.cfg").then().statusCode(204);
    }

    @Check(profile = Profile.EXTENDED, family = "lossless", source = "promise: edits keep comments, order and spacing (SPOE files too)")
    @DisplayName("SPOE: a PUT of what GET returned keeps the file; a changed field rewrites only its own line")
    void spoeLossless(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(SH + "spoe/spoe_files");
        String content = """
                # agents of the mirror service
                [mirror]
                spoe-agent mirror-agent   # the one agent
                    messages   mirror-msg  # its message
                    option var-prefix  mirror
                    timeout hello      2s
                    timeout idle       2m
                    timeout processing 500ms

                spoe-message mirror-msg
                    args ip=src
                    event on-frontend-http-request
                """;
        String file = Settings.SPOE_DIR + "/lossless.cfg";
        d.api.admin().multiPart("file_upload", "lossless.cfg", content.getBytes(StandardCharsets.UTF_8), "text/plain")
                .post(SH + "spoe/spoe_files").then().statusCode(201);
        String agent = SH + "spoe/spoe_agents/mirror-agent?spoe=lossless.cfg&scope=[mirror]";
        Map<String, Object> data = d.api.admin().get(agent).then().statusCode(200).extract().path("data");
        d.api.json(data).put(agent + "&version=" + spoeVersion(d, "lossless.cfg")).then().statusCode(200);
        assertEquals(ConfigurationCheck.untouched(content), ConfigurationCheck.untouched(d.haproxy.readFile(file)), "a PUT of what GET returned");
        Map<String, Object> changed = new java.util.LinkedHashMap<>(data);
        changed.put("processing_timeout", 800);
        d.api.json(changed).put(agent + "&version=" + spoeVersion(d, "lossless.cfg")).then().statusCode(200);
        List<String> after = ConfigurationCheck.untouched(d.haproxy.readFile(file));
        List<String> expected = ConfigurationCheck.untouched(content);
        int line = expected.indexOf("    timeout processing 500ms");
        assertEquals(expected.subList(0, line), after.subList(0, line), "the lines before the changed one");
        assertTrue(after.get(line).matches("\\s*timeout processing (800|800ms)"), after.get(line));
        assertEquals(expected.subList(line + 1, expected.size()), after.subList(line + 1, after.size()), "the lines after it");
        d.api.admin().delete(SH + "spoe/spoe_files/lossless.cfg").then().statusCode(204);
    }

    private static long spoeVersion(Deployment d, String file) {
        return Long.parseLong(d.api.admin().get(SH + "spoe/version?spoe=" + file).then().statusCode(200)
                .extract().asString().strip());
    }
}
