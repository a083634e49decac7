package dev.dpapi.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTextTest {

    private static final String CFG = "# _version=42\r\n# top comment\n"
            + "global\n\tstats socket ipv4@127.0.0.1:9999 level admin\n"
            + "    stats socket unix@/run/h.sock mode 600 # the one\n"
            + "\n"
            + "userlist controller\n  user admin insecure-password \"a b\\\"c\"\n"
            + "defaults\n  mode http\nbackend be # trailing\n  server s1 127.0.0.1:80";

    @Test
    void rendersByteForByte() {
        assertEquals(CFG, ConfigText.parse(CFG).render());
        assertEquals("", ConfigText.parse("").render());
    }

    @Test
    void findsSectionsVersionAndStatsSocket() {
        ConfigText text = ConfigText.parse(CFG);
        assertEquals(42, text.version());
        assertEquals(List.of("global", "userlist", "defaults", "backend"),
                text.sections().stream().map(Section::kind).toList());
        assertEquals(Optional.of("/run/h.sock"), text.statsSocketPath());
        assertEquals(1, ConfigText.parse("global\n").version());
    }

    @Test
    void splitsWordsAsHaproxyDoes() {
        assertEquals(List.of("user", "admin", "insecure-password", "a b\"c"),
                Words.of("  user admin insecure-password \"a b\\\"c\""));
        assertEquals(List.of("acl", "x", "path", "a#b"), Words.of("acl x path 'a#b' # comment"));
        assertEquals(List.of("a b"), Words.of("a\\ b"));
    }

    @Test
    void problemsNameTheirLine() {
        assertEquals(List.of(), ConfigText.parse(CFG).problems());
        assertEquals(List.of("line 2: 'maxconn' is outside any section", "line 4: unterminated quote"),
                ConfigText.parse("# top\nmaxconn 10\nglobal\n  description \"open\n").problems());
        assertEquals(List.of(), ConfigText.parse("global\n  description 'a # b' # \"not a quote\n").problems());
    }
}
