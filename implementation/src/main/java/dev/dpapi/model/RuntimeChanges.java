package dev.dpapi.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Replacements HAProxy takes through its Runtime API without a reload, as the official server applies them:
 * a frontend's maxconn; a server's weight, address, port, maintenance, agent check and health-check port.
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
                return Optional.of(List.of("set maxconn frontend " + name + " " + is.get("maxconn").asLong()));
            }
            return Optional.empty();
        };
    }

    public static Equivalent server(String backend, String name) {
        return (before, after) -> {
            ObjectNode was = server(before, backend, name);
            ObjectNode is = server(after, backend, name);
            if (was == null || is == null) {
                return Optional.empty();
            }
            Set<String> changed = changed(was, is);
            if (!SERVER_FIELDS.containsAll(changed)) {
                return Optional.empty();
            }
            String target = backend + "/" + name;
            List<String> commands = new ArrayList<>();
            if (changed.contains("weight")) {
                if (!is.has("weight")) {
                    return Optional.empty();
                }
                commands.add("set server " + target + " weight " + is.get("weight").asLong());
            }
            if (changed.contains("address") || changed.contains("port")) {
                commands.add("set server " + target + " addr " + is.path("address").asText()
                        + (is.has("port") ? " port " + is.get("port").asLong() : ""));
            }
            if (changed.contains("maintenance")) {
                boolean maint = "enabled".equals(is.path("maintenance").asText());
                commands.add("set server " + target + " state " + (maint ? "maint" : "ready"));
            }
            if (changed.contains("agent-check")) {
                commands.add(("enabled".equals(is.path("agent-check").asText()) ? "enable" : "disable") + " agent " + target);
            }
            if (changed.contains("agent-addr")) {
                if (!is.has("agent-addr")) {
                    return Optional.empty();
                }
                commands.add("set server " + target + " agent-addr " + is.get("agent-addr").asText());
            }
            if (changed.contains("agent-send")) {
                if (!is.has("agent-send")) {
                    return Optional.empty();
                }
                commands.add("set server " + target + " agent-send " + is.get("agent-send").asText());
            }
            if (changed.contains("health_check_port")) {
                if (!is.has("health_check_port")) {
                    return Optional.empty();
                }
                commands.add("set server " + target + " check-port " + is.get("health_check_port").asLong());
            }
            return Optional.of(commands);
        };
    }

    /** Whether HAProxy's answer to a setter says it worked: nothing, or a note of what changed. */
    public static boolean succeeded(String answer) {
        String a = answer.strip();
        return a.isEmpty() || a.contains("changed");
    }

    private static ObjectNode server(ConfigText text, String backend, String name) {
        return text.section("backend", backend).flatMap(s -> s.body().stream()
                        .filter(l -> LineModel.SERVER.matches(l) && LineModel.SERVER.name(l).equals(name)).findFirst())
                .map(LineModel.SERVER::read).orElse(null);
    }

    private static Set<String> changed(ObjectNode was, ObjectNode is) {
        Set<String> fields = new HashSet<>();
        was.fieldNames().forEachRemaining(fields::add);
        is.fieldNames().forEachRemaining(fields::add);
        fields.removeIf(f -> Objects.equals(was.get(f), is.get(f)));
        return fields;
    }
}
