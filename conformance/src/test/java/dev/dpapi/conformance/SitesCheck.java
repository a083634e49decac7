package dev.dpapi.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

/** Sites: a frontend with the backends of its farms, made, read and removed as one change each. */
class SitesCheck {

    private static final String SITES = "/v2/services/haproxy/sites";
    private static final Duration RELOAD = Duration.ofSeconds(30);

    @AfterAll
    static void stop() {
        Deployment.stopShared(SitesCheck.class);
    }

    private static Deployment deployment(Target target) {
        Deployment d = Deployment.shared(SitesCheck.class, target, "");
        d.api.assumeServed(SITES);
        return d;
    }

    private static Map<String, Object> site(String name, String farm, int listenPort, int serverPort) {
        return Map.of("name", name,
                "service", Map.of("mode", "http", "maxconn", 50,
                        "listeners", List.of(Map.of("name", "l1", "address", "127.0.0.1", "port", listenPort))),
                "farms", List.of(Map.of("name", farm, "use_as", "default", "mode", "http",
                        "balance", Map.of("algorithm", "roundrobin"),
                        "servers", List.of(Map.of("name", farm + "_s1", "address", "127.0.0.1", "port", serverPort)))));
    }

    @Check(profile = Profile.CORE, family = "sites", source = "contract: /services/haproxy/sites, /sites/{name}; BEHAVIOUR 7 (sites), 2.6")
    @DisplayName("sites: a created site is its frontend, bind, backend and server in haproxy.cfg and in the running HAProxy; read back; deleted")
    void crud(Target target) {
        Deployment d = deployment(target);
        int listen = Seed.freePort();
        int server = Seed.freePort();
        Response created = d.api.json(site("cs_site", "cs_farm", listen, server))
                .post(SITES + "?version=" + d.version() + "&force_reload=true");
        assertEquals(201, created.statusCode(), created.asString());
        String file = d.config();
        String frontend = SectionsCheck.object(file, "frontend %s", "cs_site");
        assertTrue(frontend.contains("default_backend cs_farm") && frontend.contains("maxconn 50")
                && frontend.matches("(?s).*bind 127\\.0\\.0\\.1:" + listen + "\\b.*"), frontend);
        String backend = SectionsCheck.object(file, "backend %s", "cs_farm");
        assertTrue(backend.contains("balance roundrobin")
                && backend.matches("(?s).*server cs_farm_s1 127\\.0\\.0\\.1:" + server + "\\b.*"), backend);
        // force_reload: the running HAProxy has the farm's server once the reload is done
        Deployment.await("cs_farm_s1 in HAProxy's `show servers state cs_farm`", RELOAD,
                () -> d.runtime("show servers state cs_farm").contains("cs_farm_s1"));

        d.api.admin().get(SITES + "/cs_site").then().statusCode(200)
                .body("data.name", equalTo("cs_site"))
                .body("data.service.maxconn", equalTo(50))
                .body("data.service.listeners[0].port", equalTo(listen))
                .body("data.farms[0].name", equalTo("cs_farm"))
                .body("data.farms[0].use_as", equalTo("default"))
                .body("data.farms[0].balance.algorithm", equalTo("roundrobin"))
                .body("data.farms[0].servers[0].name", equalTo("cs_farm_s1"))
                .body("data.farms[0].servers[0].port", equalTo(server));
        d.api.admin().get(SITES).then().statusCode(200).body("data.name", org.hamcrest.Matchers.hasItem("cs_site"));

        d.api.admin().delete(SITES + "/cs_site?version=" + d.version()).then().statusCode(oneOf(202, 204));
        String after = d.config();
        assertFalse(SectionsCheck.hasObject(after, "frontend %s", "cs_site"), after);
        d.api.admin().get(SITES + "/cs_site").then().statusCode(404);
    }

    @Check(profile = Profile.CORE, family = "sites", source = "contract: createSite 409, getSite/replaceSite/deleteSite 404; BEHAVIOUR 2.1 (422)")
    @DisplayName("sites: a missing site is 404, an existing one 409 on create, a farm without use_as 422; nothing written")
    void refusals(Target target) {
        Deployment d = deployment(target);
        long v = d.version();
        String before = d.config();
        d.api.admin().get(SITES + "/cs_ghost").then().statusCode(404).body("code", equalTo(404));
        d.api.json(Map.of("name", "cs_ghost")).put(SITES + "/cs_ghost?version=" + v).then().statusCode(404);
        d.api.admin().delete(SITES + "/cs_ghost?version=" + v).then().statusCode(404);
        d.api.json(Map.of("name", "fe")).post(SITES + "?version=" + v).then().statusCode(409).body("code", equalTo(409));
        d.api.json(Map.of("name", "cs_new", "farms", List.of(Map.of("name", "cs_new_farm"))))
                .post(SITES + "?version=" + v).then().statusCode(422);
        assertEquals(before, d.config(), "refused requests write nothing");
        assertEquals(v, d.version());
        // made valid, the same creation is accepted
        d.api.json(Map.of("name", "cs_new", "farms", List.of(Map.of("name", "cs_new_farm", "use_as", "default"))))
                .post(SITES + "?version=" + v).then().statusCode(202);
        assertTrue(SectionsCheck.hasObject(d.config(), "backend %s", "cs_new_farm"), d.config());
    }
}
