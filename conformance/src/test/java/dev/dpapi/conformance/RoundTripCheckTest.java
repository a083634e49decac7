package dev.dpapi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The round trip's own judgement: what counts as a change of one object's line, and the changes it makes. */
class RoundTripCheckTest {

    private static final String FILE = """
            global
              maxconn 100
            defaults
              mode http
            backend app
              server a 127.0.0.1:1
            backend other
              server b 127.0.0.1:2
            """;

    @Test
    void oneLineReplacedOrAddedInItsOwnSectionIsAccepted() {
        assertNull(RoundTripCheck.onlyItsLine(FILE, FILE.replace("a 127.0.0.1:1", "a 127.0.0.1:1 weight 42"), "app"));
        assertNull(RoundTripCheck.onlyItsLine(FILE, FILE.replace("backend app\n", "backend app\n  timeout server 4s\n"), "app"));
        assertNull(RoundTripCheck.onlyItsLine(FILE, FILE.replace("maxconn 100", "maxconn 4242"), "global"));
        // an unnamed defaults section, which the API names itself
        assertNull(RoundTripCheck.onlyItsLine(FILE, FILE.replace("mode http", "mode tcp"), "unnamed_defaults_1"));
    }

    @Test
    void anotherSectionOrMoreLinesAreRefused() {
        assertNotNull(RoundTripCheck.onlyItsLine(FILE, FILE.replace("b 127.0.0.1:2", "b 127.0.0.1:2 weight 42"), "app"));
        assertNotNull(RoundTripCheck.onlyItsLine(FILE, FILE.replace("server a 127.0.0.1:1\n", "server a 127.0.0.1:1\n  balance roundrobin\n  weight 2\n"), "app"));
        assertNotNull(RoundTripCheck.onlyItsLine(FILE, FILE.replace("  server a", "server a"), "other"));
        assertNotNull(RoundTripCheck.onlyItsLine(FILE, FILE.replace("mode http", "mode tcp"), "app"));
    }

    @Test
    void rulesGetAConditionAndAclsATakenFlag() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"type\":\"deny\",\"cond\":\"if\",\"cond_test\":\"{ always_true }\"}", RoundTripCheck.changed(
                "http_request_rules", json.readTree("{\"type\":\"deny\"}")).toString());
        assertNull(RoundTripCheck.changed("tcp_request_rules", json.readTree("{\"type\":\"inspect-delay\",\"timeout\":5000}")));
        assertEquals("-i 127.0.0.0/8", RoundTripCheck.changed("acls",
                json.readTree("{\"acl_name\":\"a\",\"criterion\":\"src\",\"value\":\"127.0.0.0/8\"}")).path("value").asText());
        assertNull(RoundTripCheck.changed("userlists", json.readTree("{\"name\":\"u\"}")), "a family without a change");
    }
}
