package dev.dpapi.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.runtime.Setters;
import dev.dpapi.text.ConfigText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Replacements HAProxy takes through its Runtime API without a reload, as the official server applies them:
 * a frontend's maxconn; a server's weight, address, port, maintenance, agent check and health-check port; and
 * a frontend, server or server template replaced by what it already was.
 */
public final class RuntimeChanges {

    /** The runtime commands that carry a replacement (none when nothing changed), or empty when it needs a reload. */
    @FunctionalInterface
    public interface Equivalent {
        Optional<List<String>> commands(ConfigText before, ConfigText after);
    }

    private static final Set<String> SERVER_FIELDS = Set.of("weight", "address", "port", "maintenance",
            "agent-check", "agent-addr", "agent-send", "health_check_port");

    private RuntimeChanges() {
    }

    public static Equivalent frontend(String name) {
        return (before, after) -> {
            ObjectNode was = before.section("frontend", name).map(s -> SectionEditor.read(s, SectionTables.FRONTEND)).orElse(null);
            ObjectNode is = after.section("frontend", name).map(s -> SectionEditor.read(s, SectionTables.FRONTEND)).orElse(null);
            if (was == null || is == null) {
                return Optional.empty();
            }
            Set<String> changed = changed(was, is);
            if (changed.isEmpty()) {
                return Optional.of(List.of());
            }
            if (changed.equals(Set.of("maxconn")) && is.has("maxconn")) {
                return runtime(() -> List.of(Setters.frontendMaxconn(name, is.get("maxconn").asText())));
            }
            return Optional.empty();
        };
    }

    public static Equivalent server(String backend, String name) {
        return (before, after) -> runtime(() -> serverCommands(before, after, backend, name));
    }

    /** A server template has no runtime command: a replacement that changed nothing needs no reload, others do. */
    public static Equivalent serverTemplate(String backend, String prefix) {
        return (before, after) -> {
            ObjectNode was = entry(before, backend, LineModel.SERVER_TEMPLATE, prefix);
            ObjectNode is = entry(after, backend, LineModel.SERVER_TEMPLATE, prefix);
            return was != null && was.equals(is) ? Optional.of(List.of()) : Optional.empty();
        };
    }

    /** The commands of a server's changes, or null when one of them needs a reload. */
    private static List<String> serverCommands(ConfigText before, ConfigText after, String backend, String name) {
        ObjectNode was = entry(before, backend, LineModel.SERVER, name);
        ObjectNode is = entry(after, backend, LineModel.SERVER, name);
        if (was == null || is == null) {
            return null;
        }
        Set<String> changed = changed(was, is);
        if (!SERVER_FIELDS.containsAll(changed)) {
            return null;
        }
        List<String> commands = new ArrayList<>();
        if (changed.contains("weight")) {
            if (!is.has("weight")) {
                return null;
            }
            commands.add(Setters.server(backend, name, "weight", is.get("weight").asText()));
        }
        if (changed.contains("address") || changed.contains("port")) {
            commands.add(Setters.serverAddr(backend, name, is.path("address").asText(),
                    is.has("port") ? is.get("port").asText() : null));
        }
        if (changed.contains("maintenance")) {
            boolean maint = "enabled".equals(is.path("maintenance").asText());
            commands.add(Setters.server(backend, name, "state", maint ? "maint" : "ready"));
        }
        if (changed.contains("agent-check")) {
            commands.add(Setters.agentCheck("enabled".equals(is.path("agent-check").asText()), backend, name));
        }
        if (changed.contains("agent-addr")) {
            if (!is.has("agent-addr")) {
                return null;
            }
            commands.add(Setters.server(backend, name, "agent-addr", is.get("agent-addr").asText()));
        }
        if (changed.contains("agent-send")) {
            if (!is.has("agent-send")) {
                return null;
            }
            commands.add(Setters.server(backend, name, "agent-send", is.get("agent-send").asText()));
        }
        if (changed.contains("health_check_port")) {
            if (!is.has("health_check_port")) {
                return null;
            }
            commands.add(Setters.server(backend, name, "check-port", is.get("health_check_port").asText()));
        }
        return commands;
    }

    /** The commands {@code build} makes (null: a reload is needed); a value no command can carry needs one too. */
    private static Optional<List<String>> runtime(Supplier<List<String>> build) {
        try {
            return Optional.ofNullable(build.get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether HAProxy's answer to a setter says it worked: nothing, or a note of what changed. */
    public static boolean succeeded(String answer) {
        String a = answer.strip();
        return a.isEmpty() || a.contains("changed");
    }

    /** The model of a backend's line of {@code kind} named {@code name}, or null. */
    private static ObjectNode entry(ConfigText text, String backend, LineModel kind, String name) {
        return text.section("backend", backend).flatMap(s -> s.body().stream()
                        .filter(l -> kind.matches(l) && kind.name(l).equals(name)).findFirst())
                .map(kind::read).orElse(null);
    }

    private static Set<String> changed(ObjectNode was, ObjectNode is) {
        Set<String> fields = new HashSet<>();
        was.fieldNames().forEachRemaining(fields::add);
        is.fieldNames().forEachRemaining(fields::add);
        fields.removeIf(f -> Objects.equals(was.get(f), is.get(f)));
        return fields;
    }
}
