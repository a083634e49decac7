package dev.dpapi.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Words read as HAProxy reads them, one encoder that writes any value back, and lines rewritten word by word. */
class WordsTest {

    @Test
    void escapesAreReadAsHaproxyReadsThem() {
        assertEquals(List.of("http-response", "replace-header", "Set-Cookie", "(.*)", "\\1; Secure"),
                Words.of("http-response replace-header Set-Cookie (.*) \\1;\\ Secure"));
        assertEquals(List.of("option", "httpchk", "GET", "/x", "HTTP/1.1\r\nHost: a"),
                Words.of("option httpchk GET /x \"HTTP/1.1\\r\\nHost:\\ a\""));
        assertEquals(List.of("acl", "s", "path_reg", "^/static/.*\\.(css|js)$"),
                Words.of("acl s path_reg ^/static/.*\\.(css|js)$"));
        assertEquals(List.of("ab\\n", "$HOME", "\\$x", "A"), Words.of("'a''b\\n' \"\\$HOME\" \\$x \\x41 # comment"));
        assertEquals(List.of("a#b", "c"), Words.of("\"a#b\" c#d"));
    }

    @Test
    void timesAndSizesBeyondALongAreNotTimesNorSizes() {
        assertEquals(java.util.Optional.of(120_000L), Words.millis("2m"));
        assertEquals(java.util.Optional.of(102_400L), Words.bytes("100k"));
        for (String huge : List.of("99999999999999999999", "9999999999999999d", "99999999999999999999s")) {
            assertEquals(java.util.Optional.empty(), Words.millis(huge), huge); // a 500 before: the parse threw
        }
        assertEquals(java.util.Optional.empty(), Words.bytes("99999999999999999999k"));
    }

    @Test
    void tokensKnowTheirRawText() {
        String line = "\tserver a  \"x y\"\tz # c";
        List<Words.Token> t = Words.tokens(line);
        assertEquals(List.of("server", "a", "\"x y\"", "z"), t.stream().map(k -> k.raw(line)).toList());
        assertEquals("x y", t.get(2).value());
        assertEquals(List.of("a"), Words.tokens("a#b").stream().map(k -> k.raw("a#b")).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "two words", "tab\there", "quote\"d", "it's", "#hash", "back\\slash", "\\1;",
            "$HOME", "cr\r\nlf", "", "%[src] x", "x\\", "\\x41"})
    void theEncoderWritesOneWordThatReadsBackTheSame(String value) {
        String encoded = Words.encode(value);
        assertEquals(List.of(value), Words.of("k " + encoded).subList(1, 2));
        assertEquals(-1, encoded.indexOf('\n'));
        assertEquals(value.equals("plain") || value.equals("$HOME"), encoded.equals(value));
    }

    /** A line's model for these tests: its words, a number read as a time (inter 2s is inter 2000). */
    private static final Function<Line, ?> AS_TIMES = line -> line.words().stream()
            .map(w -> Words.millis(w).map(String::valueOf).orElse(w)).toList();

    @Test
    void anUnchangedLineStaysItself() {
        Line l = Line.of("\tserver app1\t127.0.0.1:9001\tcheck inter 2s   # primary", "\n");
        assertSame(l, l.rewritten(List.of("server", "app1", "127.0.0.1:9001", "check", "inter", "2000"), AS_TIMES));
    }

    @Test
    void onlyChangedWordsAreWrittenAnew() {
        Line l = Line.of("\tserver app1\t127.0.0.1:9001\tweight 10\t\"x y\"   # primary", "\n");
        assertEquals("\tserver app1\t127.0.0.1:9001\tweight 42\t\"x y\"   # primary",
                l.rewritten(List.of("server", "app1", "127.0.0.1:9001", "weight", "42", Words.encode("x y")), AS_TIMES).text());
        assertEquals("\tserver app1\t127.0.0.1:9001\tweight 10\t\"x y\" maxconn 5   # primary",
                l.rewritten(List.of("server", "app1", "127.0.0.1:9001", "weight", "10", "x\\ y", "maxconn", "5"), AS_TIMES).text());
        assertEquals("\tserver app1\t127.0.0.1:9001\t\"x y\"   # primary",
                l.rewritten(List.of("server", "app1", "127.0.0.1:9001", "\"x y\""), AS_TIMES).text());
    }
}
