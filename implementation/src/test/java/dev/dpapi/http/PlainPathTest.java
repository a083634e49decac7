package dev.dpapi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which request paths route as written: no encoded slash, backslash or NUL, no dot segment, raw or encoded. */
class PlainPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/v2/services/haproxy/transactions/..%2F..%2Fetc%2Fpasswd", "/v2/a%2fb", "/v2/a%5Cb",
            "/v2/a\\b", "/v2/be%00", "/v2/..", "/v2/.", "/v2/%2e%2E", "/v2/.%2e", "/v2/%2E.", "/v2/%2e", "/v2/./x",
            "/v2/x/../y", "..", "/v2/x/.."})
    void notPlain(String path) {
        assertEquals(false, AuthFilter.isPlain(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2", "/v2/", "/v2/services/haproxy/configuration/backends/be", "/v2/...", "/v2/a.b",
            "/v2/%2e%2e%2e", "/v2/.x", "/v2/x.", "/v2/%2ex", "/v2/a%20b", "/v2/%", "/v2/%2", "/v2/a%2", "/v2//x", "",
            "/v2/%252f"})
    void plain(String path) {
        assertEquals(true, AuthFilter.isPlain(path), path);
    }

    /** Every path over a small alphabet of the characters and escapes that matter answers as the rule says. */
    @Test
    void everyShortPathOverTheTrickyAlphabet() {
        String[] parts = {"/", ".", "x", "%2e", "%2E", "%2f", "%5c", "%00", "\\", "%", "%2"};
        int[] index = new int[5];
        for (int n = 0; n < Math.pow(parts.length, index.length); n++) {
            StringBuilder path = new StringBuilder();
            for (int k = 0, rest = n; k < index.length; k++, rest /= parts.length) {
                path.append(parts[rest % parts.length]);
            }
            String p = path.toString();
            assertEquals(byTheRule(p), AuthFilter.isPlain(p), p);
        }
    }

    /** The rule spelled out the slow way: lower-cased, split on '/', '%2e' decoded. */
    private static boolean byTheRule(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || lower.contains("\\")) {
            return false;
        }
        for (String segment : lower.split("/", -1)) {
            String decoded = segment.replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
