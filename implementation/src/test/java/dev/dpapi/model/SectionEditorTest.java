package dev.dpapi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import org.junit.jupiter.api.Test;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.util.List;

/** The field tables without HAProxy: a model written into a section reads back the same, and edits stay local. */
class SectionEditorTest {

    private static Section global(ConfigText text) {
        return text.section("global", "").orElseThrow();
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void togglesListsAndGroupsRoundTrip() throws Exception {
        JsonNode model = json("""
                {"httpclient_resolvers_disabled":"enabled",
                 "setenv":[{"name":"A","value":"one two"},{"name":"B","value":"x"}],
                 "tune_options":{"bufsize":16384,"idle_pool_shared":"disabled"},
                 "log_send_hostname":{"enabled":"enabled"}}""");
        ConfigText before = ConfigText.parse("global\n  log stdout format raw local0 # kept\n");
        Section written = SectionEditor.write(global(before), SectionTables.GLOBAL, model, "\n");
        assertEquals("""
                global
                  log stdout format raw local0 # kept
                  httpclient.resolvers.disabled on
                  setenv A "one two"
                  setenv B "x"
                  log-send-hostname
                  tune.bufsize 16384
                  tune.idle-pool.shared off
                """, before.withSection(global(before), written).render());
        ObjectNode read = SectionEditor.read(written, SectionTables.GLOBAL);
        read.remove("name");
        assertEquals(model, json(read.toString())); // re-parsed: numbers compare by value
    }

    @Test
    void aValueWithALineBreakStaysOneEscapedWord() throws Exception {
        JsonNode model = json("{\"setenv\":[{\"name\":\"A\",\"value\":\"x\\n  daemon $HOME \\\\1\"}]}");
        ConfigText before = ConfigText.parse("global\n");
        Section written = SectionEditor.write(global(before), SectionTables.GLOBAL, model, "\n");
        assertEquals("global\n  setenv A \"x\\n  daemon \\$HOME \\\\1\"\n", before.withSection(global(before), written).render());
        ObjectNode read = SectionEditor.read(written, SectionTables.GLOBAL);
        read.remove("name");
        assertEquals(model, read);
    }

    /** A list field given another JSON type is the decoder's refusal, as the official's, not a silent no-op. */
    @Test
    void aListFieldTakesOnlyAList() throws Exception {
        ConfigText before = ConfigText.parse("global\n  setenv A x\n");
        ConfigException refused = assertThrows(ConfigException.class, () -> SectionEditor.write(global(before),
                SectionTables.GLOBAL, json("{\"setenv\":{\"name\":\"B\",\"value\":\"y\"}}"), "\n"));
        assertEquals(400, refused.status());
        Section written = SectionEditor.write(global(before), SectionTables.GLOBAL,
                json("{\"setenv\":[{\"name\":\"B\",\"value\":\"y\"}]}"), "\n");
        assertEquals("global\n  setenv B \"y\"\n", before.withSection(global(before), written).render());
    }

    /*
     * Lines rewritten with the reader of their model: a word that merely looks like the same time as the new one
     * ("1m" and "60000") is written anew when the model reads it as something else (a name, a cookie), and a real
     * time keeps the user's spelling. Without the reader the first change was silently left out of the file.
     */

    private static Section section(String config, String kind, String name) {
        return ConfigText.parse(config).section(kind, name).orElseThrow();
    }

    @Test
    void theHeaderTakesAFromThatLooksLikeTheSameTime() throws Exception {
        Section backend = section("defaults 1m\ndefaults 60000\nbackend b from 1m  # kept\n  mode http\n",
                "backend", "b");
        Section written = SectionEditor.write(backend, SectionTables.BACKEND,
                json("{\"name\":\"b\",\"from\":\"60000\",\"mode\":\"http\"}"), "\n");
        assertEquals("backend b from 60000  # kept", written.header().text());
        assertEquals("60000", SectionEditor.read(written, SectionTables.BACKEND).get("from").asText());
    }

    @Test
    void aSwitchingRuleTakesABackendThatLooksLikeTheSameTime() throws Exception {
        Section frontend = section("frontend f\n  use_backend 1m  if { path /a }\n", "frontend", "f");
        Section written = ConfigModels.withBackendSwitchingRules(frontend, rule -> true,
                List.of(json("{\"name\":\"60000\",\"cond\":\"if\",\"cond_test\":\"{ path /a }\"}")), "\n");
        assertEquals("  use_backend 60000  if { path /a }\n", written.body().get(0).text() + "\n");
    }

    @Test
    void aServerTakesACookieThatLooksLikeTheSameTimeAndKeepsTheSpellingOfItsTimes() throws Exception {
        Section backend = section("backend b\n  server s 127.0.0.1:80 cookie 1m\n  server t 127.0.0.1:81 inter 1m weight 1\n",
                "backend", "b");
        List<JsonNode> servers = List.copyOf(ConfigModels.Named.SERVERS.read(backend));
        ((ObjectNode) servers.get(0)).put("cookie", "60000");
        ((ObjectNode) servers.get(1)).put("weight", 2);
        Section written = ConfigModels.Named.SERVERS.write(backend, servers, "\n");
        assertEquals(List.of("  server s 127.0.0.1:80 cookie 60000", "  server t 127.0.0.1:81 inter 1m weight 2"),
                written.body().stream().map(Line::text).toList());
    }

    /** Lines repeat word for word in a file: only the very lines an object owns are rewritten, added to or dropped. */
    @Test
    void ownedLinesAreTheseVeryLinesNotEqualOnes() {
        List<Line> body = ConfigText.parse("frontend f\n  acl a path /a\n  acl a path /a\n  acl b path /b\n# end\n")
                .section("frontend", "f").orElseThrow().body();
        List<Line> rewritten = SectionEditor.withOwnedLines(body, List.of(body.get(1)),
                List.of(List.of("acl", "a", "path", "/c"), List.of("acl", "d", "path", "/d")), Line::words, 2, "  ", "\n");
        assertEquals(List.of("  acl a path /a", "  acl a path /c", "  acl d path /d", "  acl b path /b", "# end"),
                rewritten.stream().map(Line::text).toList());
        List<Line> dropped = SectionEditor.withOwnedLines(body, List.of(body.get(1), body.get(2)),
                List.of(List.of("acl", "a", "path", "/a")), Line::words, 3, "  ", "\n");
        assertEquals(List.of("  acl a path /a", "  acl a path /a", "# end"), dropped.stream().map(Line::text).toList());
        assertSame(body.get(1), dropped.get(1), "unchanged: the line as written");
    }
}
