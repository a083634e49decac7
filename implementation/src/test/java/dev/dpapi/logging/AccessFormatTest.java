package dev.dpapi.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessFormatTest {

    private static final Map<String, String> IN = Map.of("user-agent", "curl/8", "authorization", "Basic c2VjcmV0",
            "host", "api.example:5555");
    private static final Map<String, String> OUT = Map.of("reload-id", "2026-12-01-3");
    private static final AccessFormat.Exchange EXCHANGE = new AccessFormat.Exchange("127.0.0.1", 5555, "POST",
            "/v2/x?version=2", "/v2/x", "version=2", "HTTP/1.1", 202, 57,
            name -> Optional.ofNullable(IN.get(name.toLowerCase())), name -> Optional.ofNullable(OUT.get(name.toLowerCase())),
            ZonedDateTime.of(2026, 12, 1, 5, 4, 3, 0, ZoneOffset.ofHours(1)), Duration.ofMillis(1500));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "%h %a|127.0.0.1 127.0.0.1",
            "%l %u|- -",
            "%t|[01/Dec/2026:05:04:03 +0100]",
            "\"%r\"|\"POST /v2/x?version=2 HTTP/1.1\"",
            "%s %>s|202 202",
            "%b %B|57 57",
            "%D %{us}T %{ms}T %T %{s}T|1500000 1500000 1500 1 1",
            "%{User-agent}i %{Referer}i|curl/8 -",
            "%{Reload-ID}o|2026-12-01-3",
            "%m %U%q %H %p %v|POST /v2/x?version=2 HTTP/1.1 5555 api.example:5555",
            "100%% %{Authorization}i|100% -"})
    void eachDirectiveWritesItsPart(String format, String line) {
        assertEquals(line, AccessFormat.parse(format).format(EXCHANGE));
    }

    @Test
    void theDefaultFormatReadsAsApacheWritesIt() {
        assertEquals("127.0.0.1 - - [01/Dec/2026:05:04:03 +0100] \"POST /v2/x?version=2 HTTP/1.1\" 202 57 \"-\" \"curl/8\" 1500000",
                AccessFormat.parse("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %{us}T").format(EXCHANGE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"%Z|unknown directive %Z", "%h %|a lone % at the end", "%{X|unclosed %{ at position 0",
            "%{}i|%{}i needs a header name: %{Name}i", "%{ns}T|unknown unit in %{ns}T"})
    void aFormatThatCannotBeReadIsRefused(String format, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> AccessFormat.parse(format)).getMessage());
    }
}
