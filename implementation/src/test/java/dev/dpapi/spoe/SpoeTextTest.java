package dev.dpapi.spoe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Section;
import dev.dpapi.model.SpoeTables;
import dev.dpapi.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SPOE text model: read, PUT what you GET, edits that touch only their words, scopes kept apart. */
class SpoeTextTest {

    static final String FILE = """
            # mirror agents
            [mirror]
            spoe-agent mirror-agent   # the one agent
                messages   check-client-ip  # first message
                option var-prefix  mirror
                option set-on-error err
                no option async
                option continue-on-error
                timeout hello      2s
                timeout idle       2m
                timeout processing 500ms
                use-backend agents
                log global
                maxconnrate 10

            spoe-message check-client-ip
                acl local src 127.0.0.1
                args ip=src   path=path
                event on-frontend-http-request if local

            spoe-group all
                messages check-client-ip

            [other]
            spoe-agent other-agent
                messages m
                use-backend agents
            """;

    static ConfigText text() {
        return SpoeFiles.parse(FILE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEverySectionAndRendersTheSameBytes() throws Exception {
        ConfigText text = text();
        assertEquals(FILE, text.render());
        assertEquals(List.of("[mirror]", "[other]"), Scopes.names(text));
        ObjectNode agent = SpoeTables.AGENT.read(Scopes.member(text, "[mirror]", SpoeTables.AGENT, "mirror-agent").orElseThrow());
        assertEquals("{\"async\":\"disabled\",\"continue-on-error\":\"enabled\",\"hello_timeout\":2000,"
                + "\"idle_timeout\":120000,\"log\":[{\"global\":true}],\"maxconnrate\":10,\"messages\":\"check-client-ip\","
                + "\"name\":\"mirror-agent\",\"option_set-on-error\":\"err\",\"option_var-prefix\":\"mirror\","
                + "\"processing_timeout\":500,\"use-backend\":\"agents\"}", Json.write(agent));
        ObjectNode message = SpoeTables.MESSAGE.read(Scopes.member(text, "[mirror]", SpoeTables.MESSAGE, "check-client-ip").orElseThrow());
        assertEquals("{\"acl\":[{\"acl_name\":\"local\",\"criterion\":\"src\",\"index\":0,\"value\":\"127.0.0.1\"}],"
                + "\"args\":\"ip=src   path=path\",\"event\":{\"cond\":\"if\",\"cond_test\":\"local\","
                + "\"name\":\"on-frontend-http-request\"},\"name\":\"check-client-ip\"}", Json.write(message));
        assertEquals(List.of("other-agent"), Scopes.members(text, "[other]", SpoeTables.AGENT).stream().map(Section::name).toList());
    }

    @Test
    void putWhatYouGetChangesNothing() throws Exception {
        ConfigText text = text();
        for (String scope : Scopes.names(text)) {
            for (SpoeTables kind : SpoeTables.values()) {
                for (Section s : Scopes.members(text, scope, kind)) {
                    Section again = kind.write(s, kind.read(s), "\n");
                    assertEquals(s.body(), again.body(), s.name());
                }
            }
        }
    }

    @Test
    void aChangedFieldRewritesOnlyItsWords() throws Exception {
        ConfigText text = text();
        Section agent = Scopes.member(text, "[mirror]", SpoeTables.AGENT, "mirror-agent").orElseThrow();
        ObjectNode model = SpoeTables.AGENT.read(agent);
        model.put("messages", "check-client-ip other");
        model.put("processing_timeout", 800);
        model.remove("maxconnrate");
        model.put("pipelining", "enabled");
        String out = text.withSection(agent, SpoeTables.AGENT.write(agent, model, "\n")).render();
        String expected = FILE.replace("    messages   check-client-ip  # first message",
                        "    messages   check-client-ip other  # first message")
                .replace("timeout processing 500ms", "timeout processing 800")
                .replace("    maxconnrate 10\n", "    option pipelining\n");
        assertEquals(expected, out);
    }

    @Test
    void membersGoToTheEndOfTheirScope() throws Exception {
        ConfigText text = text();
        Section group = SpoeTables.GROUP.write(Section.create("spoe-group", "g2", "\n"),
                Json.MAPPER.readTree("{\"name\":\"g2\",\"messages\":\"a b\"}"), "\n");
        String out = Scopes.add(text, "[mirror]", group).render();
        assertTrue(out.contains("spoe-group all\n    messages check-client-ip\n\nspoe-group g2\n  messages a b\n\n[other]\n"), out);
        String last = Scopes.add(text, "[other]", group).render();
        assertTrue(last.endsWith("    use-backend agents\n\nspoe-group g2\n  messages a b\n"), last);
        assertEquals(FILE.substring(0, FILE.indexOf("[other]")), Scopes.removeScope(text, "[other]").render());
        assertThrows(ConfigException.class, () -> Scopes.addScope(text, "[other]"));
        ConfigText added = Scopes.addScope(text, "[new]");
        assertTrue(added.render().endsWith("use-backend agents\n\n[new]\n"));
        assertTrue(Scopes.add(added, "[new]", group).render().endsWith("\n[new]\nspoe-group g2\n  messages a b\n"));
        String middle = Scopes.add(Scopes.addScope(text, "[new]"), "[other]", group).render();
        assertTrue(middle.contains("use-backend agents\n\nspoe-group g2\n  messages a b\n\n[new]\n"), middle);
    }

    @Test
    void valuesCannotAddLines() throws Exception {
        Section agent = Scopes.member(text(), "[mirror]", SpoeTables.AGENT, "mirror-agent").orElseThrow();
        ObjectNode model = SpoeTables.AGENT.read(agent);
        model.put("messages", "a\nspoe-agent evil");
        assertThrows(ConfigException.class, () -> SpoeTables.AGENT.write(agent, model, "\n"));
        model.put("messages", "a").put("use-backend", "x y");
        assertThrows(ConfigException.class, () -> SpoeTables.AGENT.write(agent, model, "\n"));
    }

    /** Every field of each model, written into a new section and read back from the rendered file: the same model. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "AGENT {\"async\":\"enabled\",\"continue-on-error\":\"enabled\",\"dontlog-normal\":\"disabled\","
                    + "\"engine-name\":\"e1\",\"force-set-var\":\"enabled\",\"groups\":\"g1 g2\",\"hello_timeout\":2000,"
                    + "\"idle_timeout\":30000,\"log\":[{\"address\":\"127.0.0.1:514\",\"facility\":\"local0\"},{\"global\":true}],"
                    + "\"max-frame-size\":16384,\"max-waiting-frames\":20,\"maxconnrate\":50,\"maxerrrate\":10,"
                    + "\"messages\":\"m1 m2\",\"name\":\"a\",\"option_set-on-error\":\"err\","
                    + "\"option_set-process-time\":\"ptime\",\"option_set-total-time\":\"ttime\",\"option_var-prefix\":\"pre\","
                    + "\"pipelining\":\"disabled\",\"processing_timeout\":500,\"register-var-names\":\"v1 v2\","
                    + "\"send-frag-payload\":\"enabled\",\"use-backend\":\"agents\"}",
            "MESSAGE {\"acl\":[{\"acl_name\":\"local\",\"criterion\":\"src\",\"index\":0,\"value\":\"127.0.0.1\"},"
                    + "{\"acl_name\":\"api\",\"criterion\":\"path_beg\",\"index\":1,\"value\":\"/api /v2\"}],"
                    + "\"args\":\"ip=src path=path\",\"event\":{\"cond\":\"unless\",\"cond_test\":\"local\","
                    + "\"name\":\"on-http-response\"},\"name\":\"m\"}",
            "GROUP {\"messages\":\"m1 m2\",\"name\":\"g\"}"})
    void everyFieldReadsBackAsWritten(String kindAndModel) throws Exception {
        SpoeTables kind = SpoeTables.valueOf(kindAndModel.substring(0, kindAndModel.indexOf(' ')));
        String model = kindAndModel.substring(kindAndModel.indexOf(' ') + 1);
        var json = Json.MAPPER.readTree(model);
        ConfigText text = Scopes.addScope(SpoeFiles.parse(new byte[0]), "[s]");
        Section written = kind.write(Section.create(kind.keyword(), json.get("name").asText(), "\n"), json, "\n");
        ConfigText reread = SpoeFiles.parse(Scopes.add(text, "[s]", written).renderBytes());
        Section read = Scopes.member(reread, "[s]", kind, json.get("name").asText()).orElseThrow();
        assertEquals(model, Json.write(kind.read(read)));
        assertEquals(read.body(), kind.write(read, kind.read(read), "\n").body(), "and a PUT of it changes nothing");
    }
}
