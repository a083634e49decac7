package dev.dpapi.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How an Accept header is read: ranges that do not parse are as if absent, as the official's negotiation reads them. */
class AcceptTest {

    private static final List<String> JSON = List.of("application/json");

    @Test
    void rangesThatDoNotParseTakeAnything() {
        for (String garbage : List.of("???", "foo", "/json", "application/", "a/b/c", " , ")) {
            assertTrue(RequestGuard.acceptable(List.of(garbage), JSON), garbage);
        }
    }

    @Test
    void aParsedRangeMustMatch() {
        assertFalse(RequestGuard.acceptable(List.of("text/html"), JSON));
        assertFalse(RequestGuard.acceptable(List.of("foo, text/html"), JSON), "one range parses, and it does not fit");
        assertTrue(RequestGuard.acceptable(List.of("text/html, application/*;q=0.5"), JSON));
        assertFalse(RequestGuard.acceptable(List.of("application/json;q=0"), JSON));
    }
}
