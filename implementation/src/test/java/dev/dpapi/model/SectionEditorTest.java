package dev.dpapi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import org.junit.jupiter.api.Test;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Section;

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
}
