package dev.dpapi.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Runtime API commands that change a running frontend or server without a reload, built in one place: from a
 * changed configuration object ({@code dev.dpapi.model.RuntimeChanges}) and from the actions a client names in the
 * {@code X-Runtime-Actions} header of a raw configuration POST ({@link #actions}). Every argument goes through
 * {@link RuntimeApi#argument}, so no value can end the command or start another one.
 */
public final class Setters {

    private Setters() {
    }

    public static String frontendMaxconn(String frontend, String maxconn) {
        return "set maxconn frontend " + RuntimeApi.argument(frontend) + " " + RuntimeApi.argument(maxconn);
    }

    /** {@code set server <backend>/<server> <setting> <value>}: weight, check-port, state, agent-addr, agent-send. */
    public static String server(String backend, String server, String setting, String value) {
        return "set server " + target(backend, server) + " " + setting + " " + RuntimeApi.argument(value);
    }

    /** {@code set server <backend>/<server> addr <address> [port <port>]}; {@code port} may be null. */
    public static String serverAddr(String backend, String server, String address, String port) {
        return server(backend, server, "addr", address) + (port == null ? "" : " port " + RuntimeApi.argument(port));
    }

    public static String agentCheck(boolean enable, String backend, String server) {
        return (enable ? "enable" : "disable") + " agent " + target(backend, server);
    }

    private static String target(String backend, String server) {
        return RuntimeApi.argument(backend) + "/" + RuntimeApi.argument(server);
    }

    /** The command HAProxy refused ({@code at}: its place in the list) and why. */
    public record Refusal(int at, String command, String reason) {
    }

    /**
     * Runs {@code commands} in order and stops at the first one HAProxy refuses, or whose answer {@code accepted}
     * rejects (some setters report a failure as a mere warning); empty when every one ran. Without a Runtime API
     * the first command is refused.
     */
    public static Optional<Refusal> run(RuntimeApi runtime, List<String> commands, Predicate<String> accepted) {
        for (int i = 0; i < commands.size(); i++) {
            String command = commands.get(i);
            try {
                String answer = runtime.command(command);
                if (!accepted.test(answer)) {
                    return Optional.of(new Refusal(i, command, answer.strip()));
                }
            } catch (RuntimeApiException e) {
                return Optional.of(new Refusal(i, command, e.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** {@link #run(RuntimeApi, List, Predicate)} taking any answer that is not a refusal. */
    public static Optional<Refusal> run(RuntimeApi runtime, List<String> commands) {
        return run(runtime, commands, answer -> true);
    }

    /** One action of the header: its name, as the client wrote it, and the command that carries it out. */
    public record Action(String name, String command) {
    }

    /** A header action refused before anything ran: the official message, {@code cannot execute <action>: ...}. */
    public static final class Refused extends Exception {
        Refused(String action, String reason) {
            super(cannotExecute(action, reason));
        }
    }

    /** The official message of an action that failed. */
    public static String cannotExecute(String action, String reason) {
        return "cannot execute " + action + ": " + reason;
    }

    /** An action of the header: how many arguments follow its name, and the command they make. */
    record Verb(int arity, Function<String[], String> command) {
    }

    /** The header's actions by name; {@code w[0]} is the name, its arguments follow. */
    static final Map<String, Verb> VERBS = Map.of(
            "SetFrontendMaxConn", new Verb(2, w -> frontendMaxconn(w[1], w[2])),
            "SetServerWeight", new Verb(3, w -> server(w[1], w[2], "weight", w[3])),
            "SetServerCheckPort", new Verb(3, w -> server(w[1], w[2], "check-port", w[3])),
            "SetServerAddr", new Verb(4, w -> serverAddr(w[1], w[2], w[3], w[4])),
            "SetServerState", new Verb(3, w -> server(w[1], w[2], "state", w[3])),
            "EnableAgentCheck", new Verb(2, w -> agentCheck(true, w[1], w[2])),
            "DisableAgentCheck", new Verb(2, w -> agentCheck(false, w[1], w[2])),
            "SetServerAgentAddr", new Verb(3, w -> server(w[1], w[2], "agent-addr", w[3])),
            "SetServerAgentSend", new Verb(3, w -> server(w[1], w[2], "agent-send", w[3])));

    /**
     * The commands of an {@code X-Runtime-Actions} header: actions separated by ';', each a name and its arguments
     * separated by single spaces. Unknown names are skipped, as the official server does; every action is checked
     * before the first one runs, so a refused header changes nothing.
     */
    public static List<Action> actions(String header) throws Refused {
        List<Action> actions = new ArrayList<>();
        for (String action : header.split(";")) {
            String[] words = action.strip().split(" ", -1);
            Verb verb = VERBS.get(words[0]);
            if (verb == null) {
                continue;
            }
            if (words.length - 1 < verb.arity()) {
                throw new Refused(words[0], "not enough parameters");
            }
            try {
                actions.add(new Action(words[0], verb.command().apply(words)));
            } catch (IllegalArgumentException e) {
                throw new Refused(words[0], "argument " + e.getMessage());
            }
        }
        return actions;
    }
}
