package dev.dpapi.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.runtime.Setters;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The backends one definition generates, as the official lays them out: one backend per service, named
 * {@code <prefix><service>}, holding a fixed number of server slots ({@code SRV_<5 letters>}, weight 128). A slot
 * either carries an instance's address and port, or is free: {@code disabled} at 127.0.0.1:80. Instances
 * coming and going fill and free slots, which the Runtime API can apply to the running HAProxy without a
 * reload; more instances than slots grow the backend (by {@code server_slots_growth_type}), fewer shrink it back
 * to what they need (never below {@code server_slots_base}), and a backend whose service went away is removed:
 * those are file changes that need a reload.
 */
final class GeneratedBackends {

    /** Names HAProxy takes for a proxy: services named otherwise get no backend. */
    private static final Pattern PROXY_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
    /** IPv4, IPv6 or a host name: nothing that could end a word or a line. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:-]+");
    private static final String FREE_ADDRESS = "127.0.0.1";
    private static final int FREE_PORT = 80;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How many slots a backend gets: the base, grown linearly by an increment or by doubling. */
    record Scaling(int base, boolean linear, int increment) {
        static Scaling of(JsonNode d) {
            int base = Math.max(Kind.BASE_SLOTS, d.path("server_slots_base").asInt(Kind.BASE_SLOTS));
            boolean linear = d.path("server_slots_growth_type").asText().equals("linear");
            return new Scaling(base, linear, Math.max(1, d.path("server_slots_growth_increment").asInt(Kind.BASE_SLOTS)));
        }

        int slotsFor(int instances) {
            int slots = base;
            while (slots < instances) {
                slots = linear ? slots + increment : slots * 2;
            }
            return slots;
        }
    }

    /** The outcome of one pass: the new text (the same object when nothing changed), whether HAProxy must reload, and
     * the runtime commands that apply it otherwise. */
    record Plan(ConfigText text, boolean reload, List<String> runtimeCommands) {
        boolean changed(ConfigText before) {
            return text != before;
        }
    }

    private record Slot(String name, String address, int port, boolean free) {
        String line() {
            return "    server " + name + " " + hostPort(address, port) + " weight 128" + (free ? " disabled" : "");
        }
    }

    private GeneratedBackends() {
    }

    /**
     * Makes the backends under {@code prefix} follow {@code services}; {@code defaults} (may be empty) is the
     * defaults section new backends take their settings from.
     */
    static Plan plan(ConfigText text, String prefix, Map<String, List<Source.Instance>> services, Scaling scaling,
                     String defaults) {
        ConfigText out = text;
        boolean reload = false;
        List<String> commands = new ArrayList<>();
        String eol = text.lineEnding();
        Set<String> wanted = new HashSet<>();
        for (Map.Entry<String, List<Source.Instance>> service : services.entrySet()) {
            String name = prefix + service.getKey();
            if (!PROXY_NAME.matcher(name).matches()) {
                continue;
            }
            wanted.add(name);
            List<Source.Instance> instances = new ArrayList<>(new TreeSet<>(service.getValue().stream()
                    .filter(i -> ADDRESS.matcher(i.address()).matches()).toList()));
            Section existing = out.section("backend", name).orElse(null);
            if (existing == null) {
                out = out.withSection(null, created(name, defaults, instances, scaling, eol));
                reload = true;
                continue;
            }
            Section updated = follow(existing, name, instances, scaling, commands);
            if (updated != existing) {
                reload |= updated.body().stream().filter(l -> l.keyword().equals("server")).count()
                        != existing.body().stream().filter(l -> l.keyword().equals("server")).count();
                out = out.withSection(existing, updated);
            }
        }
        for (Section s : List.copyOf(out.sections("backend"))) {
            if (s.name().startsWith(prefix) && !wanted.contains(s.name())) {
                out = out.withoutSection(s);
                reload = true;
            }
        }
        return new Plan(out, reload, reload ? List.of() : commands);
    }

    /** Removes every backend under {@code prefix} (the definition is gone or disabled). */
    static Plan removeAll(ConfigText text, String prefix) {
        return plan(text, prefix, Map.of(), new Scaling(Kind.BASE_SLOTS, false, Kind.BASE_SLOTS), "");
    }

    private static Section created(String name, String defaults, List<Source.Instance> instances, Scaling scaling,
                                   String eol) {
        List<Line> body = new ArrayList<>();
        body.add(Line.of("    balance roundrobin", eol));
        Set<String> names = new HashSet<>();
        int slots = scaling.slotsFor(instances.size());
        for (int i = 0; i < slots; i++) {
            Slot slot = i < instances.size()
                    ? new Slot(newName(names), instances.get(i).address(), instances.get(i).port(), false)
                    : new Slot(newName(names), FREE_ADDRESS, FREE_PORT, true);
            body.add(Line.of(slot.line(), eol));
        }
        String header = "backend " + name + (defaults.isEmpty() ? "" : " from " + defaults);
        return new Section("backend", name, Line.of(header, eol), List.copyOf(body));
    }

    /** The backend with its slots following the instances; the runtime commands that do the same go to {@code commands}. */
    private static Section follow(Section backend, String name, List<Source.Instance> instances, Scaling scaling,
                                  List<String> commands) {
        List<Line> body = new ArrayList<>(backend.body());
        List<Integer> lines = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < body.size(); i++) {
            Line l = body.get(i);
            if (l.keyword().equals("server")) {
                Slot s = slot(l);
                lines.add(i);
                slots.add(s);
                names.add(s.name());
            }
        }
        Set<Source.Instance> toPlace = new LinkedHashSet<>(instances);
        List<Slot> next = new ArrayList<>(slots);
        for (int i = 0; i < next.size(); i++) { // a slot keeps its instance while it lasts
            Slot s = next.get(i);
            if (!s.free() && !toPlace.remove(new Source.Instance(s.address(), s.port()))) {
                next.set(i, new Slot(s.name(), FREE_ADDRESS, FREE_PORT, true));
            }
        }
        for (int i = 0; i < next.size() && !toPlace.isEmpty(); i++) {
            if (next.get(i).free()) {
                Source.Instance instance = toPlace.iterator().next();
                toPlace.remove(instance);
                next.set(i, new Slot(next.get(i).name(), instance.address(), instance.port(), false));
            }
        }
        int target = scaling.slotsFor(instances.size());
        List<Line> added = new ArrayList<>();
        String eol = backend.header().eol().isEmpty() ? "\n" : backend.header().eol();
        if (!toPlace.isEmpty()) { // more instances than slots: grow
            int grown = Math.max(target, next.size() + toPlace.size());
            for (int i = next.size(); i < grown; i++) {
                Source.Instance instance = toPlace.isEmpty() ? null : toPlace.iterator().next();
                if (instance != null) {
                    toPlace.remove(instance);
                }
                Slot s = instance == null ? new Slot(newName(names), FREE_ADDRESS, FREE_PORT, true)
                        : new Slot(newName(names), instance.address(), instance.port(), false);
                added.add(Line.of(s.line(), eol));
            }
        }
        Set<Integer> dropped = new HashSet<>();
        for (int i = next.size() - 1; i >= 0 && next.size() - dropped.size() > target; i--) { // shrink: free slots go
            if (next.get(i).free()) {
                dropped.add(i);
            }
        }
        boolean changed = !added.isEmpty() || !dropped.isEmpty();
        for (int i = 0; i < next.size(); i++) {
            Slot was = slots.get(i);
            Slot now = next.get(i);
            if (was.equals(now) || dropped.contains(i)) {
                continue;
            }
            changed = true;
            body.set(lines.get(i), Line.of(now.line(), body.get(lines.get(i)).eol()));
            if (now.free()) {
                commands.add(Setters.server(name, now.name(), "state", "maint"));
                commands.add(Setters.serverAddr(name, now.name(), FREE_ADDRESS, String.valueOf(FREE_PORT)));
            } else {
                commands.add(Setters.serverAddr(name, now.name(), now.address(), String.valueOf(now.port())));
                commands.add(Setters.server(name, now.name(), "state", "ready"));
            }
        }
        if (!changed) {
            return backend;
        }
        List<Line> result = new ArrayList<>();
        int lastServer = lines.isEmpty() ? body.size() - 1 : lines.get(lines.size() - 1);
        for (int i = 0; i < body.size(); i++) {
            int slotIndex = lines.indexOf(i);
            if (slotIndex < 0 || !dropped.contains(slotIndex)) {
                result.add(body.get(i));
            }
            if (i == lastServer) {
                result.addAll(added);
            }
        }
        if (body.isEmpty()) {
            result.addAll(added);
        }
        return new Section(backend.kind(), backend.name(), backend.header(), List.copyOf(result));
    }

    private static Slot slot(Line l) {
        String target = l.word(2);
        int colon = target.lastIndexOf(':');
        String address = colon < 0 ? target : target.substring(0, colon);
        int port = 0;
        try {
            port = colon < 0 ? 0 : Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            // a hand-edited line: the slot is taken as free and rewritten when used
        }
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        return new Slot(l.word(1), address, port, l.words().contains("disabled"));
    }

    private static String hostPort(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    private static String newName(Set<String> used) {
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        while (true) {
            StringBuilder name = new StringBuilder("SRV_");
            for (int i = 0; i < 5; i++) {
                name.append(letters.charAt(RANDOM.nextInt(letters.length())));
            }
            if (used.add(name.toString())) {
                return name.toString();
            }
        }
    }
}
