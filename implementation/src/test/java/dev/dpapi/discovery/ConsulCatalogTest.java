package dev.dpapi.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpapi.text.ConfigException;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which services and nodes a Consul definition keeps: the name regexp over the allow list over the deny list (the
 * deprecated lists counting with the new ones), and the four health check policies. The calls themselves are
 * exercised against a stand-in of Consul in ServiceDiscoveryIT.
 */
class ConsulCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConsulCatalog catalog(String extra) throws Exception {
        return new ConsulCatalog(HttpClient.newHttpClient(), Kind.CONSUL.decode(JSON.readTree(
                "{\"address\":\"127.0.0.1\",\"port\":8500,\"enabled\":true,\"retry_timeout\":1" + extra + "}")));
    }

    @Test
    void servicesAreChosenByRegexpElseAllowListElseDenyList() throws Exception {
        ConsulCatalog all = catalog("");
        assertTrue(all.wanted("web") && all.wanted("db"));

        ConsulCatalog deny = catalog(",\"service_denylist\":[\"db\"],\"service-blacklist\":[\"cache\"]");
        assertTrue(deny.wanted("web"));
        assertFalse(deny.wanted("db"));
        assertFalse(deny.wanted("cache"), "the deprecated deny list counts too");

        ConsulCatalog allow = catalog(",\"service_allowlist\":[\"web\"],\"service-whitelist\":[\"api\"],"
                + "\"service_denylist\":[\"web\"]");
        assertTrue(allow.wanted("web"), "an allow list wins over the deny list");
        assertTrue(allow.wanted("api"));
        assertFalse(allow.wanted("db"));

        ConsulCatalog regexp = catalog(",\"service_name_regexp\":\"^web-\",\"service_allowlist\":[\"db\"]");
        assertTrue(regexp.wanted("web-eu"));
        assertFalse(regexp.wanted("db"), "the regexp wins over the allow list");
    }

    @Test
    void nodesAreKeptByTheHealthCheckPolicy() throws Exception {
        JsonNode none = JSON.readTree("[]");
        JsonNode mixed = JSON.readTree("[{\"Status\":\"passing\"},{\"Status\":\"critical\"}]");
        JsonNode passing = JSON.readTree("[{\"Status\":\"passing\"},{\"Status\":\"passing\"}]");
        record Case(String policy, List<Boolean> keeps) {
        }
        for (Case c : List.of(new Case("", List.of(true, true, true)),
                new Case(",\"health_check_policy\":\"any\"", List.of(false, true, true)),
                new Case(",\"health_check_policy\":\"all\"", List.of(true, false, true)),
                new Case(",\"health_check_policy\":\"min\",\"health_check_policy_min\":2", List.of(false, false, true)))) {
            ConsulCatalog catalog = catalog(c.policy());
            assertEquals(c.keeps(), List.of(catalog.healthy(none), catalog.healthy(mixed), catalog.healthy(passing)),
                    c.policy());
        }
    }

    @Test
    void aRegexpThatDoesNotCompileIsRefusedWhenTheDefinitionIsMade() throws Exception {
        var d = Kind.CONSUL.decode(JSON.readTree("{\"address\":\"a\",\"port\":1,\"enabled\":true,\"retry_timeout\":1,"
                + "\"service_name_regexp\":\"web(\"}"));
        ConfigException refused = assertThrows(ConfigException.class,
                () -> Kind.CONSUL.fillDefaults(d));
        assertEquals(400, refused.status());
        d.put("service_name_regexp", "web()");
        Kind.CONSUL.fillDefaults(d);
        assertEquals("exponential", d.get("server_slots_growth_type").asText());
    }
}
