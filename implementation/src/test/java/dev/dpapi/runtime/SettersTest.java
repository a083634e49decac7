package dev.dpapi.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The X-Runtime-Actions header: every action, every argument count, every control character. */
class SettersTest {

    private static String args(int n, String each) {
        return IntStream.range(0, n).mapToObj(i -> each + i).collect(Collectors.joining(" "));
    }

    @Test
    void everyActionNeedsItsArgumentsAndMakesOneCommand() throws Exception {
        Setters.VERBS.forEach((name, verb) -> {
            int arity = verb.arity();
            Setters.Refused refused = assertThrows(Setters.Refused.class,
                    () -> Setters.actions(name + " " + args(arity - 1, "a")), name);
            assertEquals("cannot execute " + name + ": not enough parameters", refused.getMessage());
            try {
                // a backslash is escaped, so it cannot hide the ';' that separates commands on the socket
                List<Setters.Action> made = Setters.actions(name + " " + args(arity, "x\\") + " ignored");
                assertEquals(1, made.size(), name);
                assertEquals(name, made.get(0).name());
                assertEquals(1, RuntimeApi.commandsIn(made.get(0).command()), made.get(0).command());
                assertFalse(made.get(0).command().contains("ignored"), "extra words are not sent");
            } catch (Setters.Refused e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aControlCharacterOrAnEmptyArgumentIsRefused() throws Exception {
        for (int c = 0; c <= 0x7f; c = c == 0x1f ? 0x7f : c + 1) {
            String header = "SetServerWeight be s1 4" + (char) c + "2";
            Setters.Refused refused = assertThrows(Setters.Refused.class, () -> Setters.actions(header), "char " + c);
            assertEquals("cannot execute SetServerWeight: argument must not be empty nor hold control characters",
                    refused.getMessage());
        }
        assertThrows(Setters.Refused.class, () -> Setters.actions("SetServerWeight be  s1 4"));
        assertEquals(List.of(new Setters.Action("SetServerWeight", "set server be/s1 weight 42")),
                Setters.actions("SetServerWeight be s1 42"));
    }

    @Test
    void unknownActionsAreSkippedAndTheOthersKeepTheirOrder() throws Exception {
        assertEquals(List.of(), Setters.actions(""));
        assertEquals(List.of(
                        new Setters.Action("SetFrontendMaxConn", "set maxconn frontend fe 77"),
                        new Setters.Action("SetServerAddr", "set server be/s1 addr 127.0.0.2 port 81"),
                        new Setters.Action("DisableAgentCheck", "disable agent be/s1"),
                        new Setters.Action("SetServerAgentSend", "set server be/s1 agent-send hello")),
                Setters.actions("SetFrontendMaxConn fe 77;NoSuch a b;SetServerAddr be s1 127.0.0.2 81;"
                        + "DisableAgentCheck be s1;SetServerAgentSend be s1 hello"));
    }
}
