package dev.dpapi.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random walks of a service's instances (none to 45, each step a new random set), for both growth types: after every
 * pass the backend has the slots the count needs, its enabled slots carry exactly the instances, an instance that
 * stays keeps its slot, the rest of the file is untouched, and a pass needs a reload exactly when the number of
 * slots changes (else its runtime commands say the same as the file).
 */
class GeneratedBackendsTest {

    private static final String PREFIX = "consul-backend-127.0.0.1-8500-";
    private static final String START = """
            # _version=3
            global
                daemon   # kept as written

            frontend fe
                bind 127.0.0.1:8080
                default_backend consul-backend-127.0.0.1-8500-web

            backend other
                server s1 127.0.0.1:1
            """;

    @Test
    void slotsFollowRandomWalksOfInstances() {
        for (GeneratedBackends.Scaling scaling : List.of(new GeneratedBackends.Scaling(10, false, 0),
                new GeneratedBackends.Scaling(10, true, 10), new GeneratedBackends.Scaling(12, true, 5))) {
            Random random = new Random(scaling.hashCode());
            ConfigText text = ConfigText.parse(START);
            Map<String, String> slotOf = new HashMap<>(); // instance -> server name, while it lasts
            for (int step = 0; step < 150; step++) {
                int n = random.nextInt(46);
                Set<Source.Instance> instances = new TreeSet<>();
                while (instances.size() < n) {
                    instances.add(new Source.Instance("10.0." + random.nextInt(4) + "." + (1 + random.nextInt(20)),
                            8000 + random.nextInt(3)));
                }
                boolean gone = step % 37 == 36;
                Map<String, List<Source.Instance>> services = new TreeMap<>();
                if (!gone) {
                    services.put("web", List.copyOf(instances));
                }
                int slotsBefore = servers(text).size();
                ConfigText before = text;
                GeneratedBackends.Plan plan = GeneratedBackends.plan(text, PREFIX, services, scaling, "");
                text = plan.text();
                assertEquals(START, untilOtherEnds(text), "the rest of the file is untouched");
                List<Line> servers = servers(text);
                if (gone) {
                    assertTrue(text.section("backend", PREFIX + "web").isEmpty(), "the service went: so did its backend");
                    assertEquals(slotsBefore > 0, plan.reload());
                    slotOf.clear();
                    continue;
                }
                assertEquals(scaling.slotsFor(n), servers.size(), "slots for " + n);
                assertEquals(servers.size() != slotsBefore, plan.reload(), "a reload exactly when the slot count changes");
                Map<String, String> now = new HashMap<>();
                Set<String> names = new HashSet<>();
                for (Line l : servers) {
                    assertTrue(l.word(1).matches("SRV_[A-Za-z]{5}") && names.add(l.word(1)), l.text());
                    if (l.words().contains("disabled")) {
                        assertEquals("127.0.0.1:80", l.word(2), "a free slot");
                    } else {
                        now.put(l.word(2), l.word(1));
                    }
                }
                Set<String> wanted = new TreeSet<>();
                instances.forEach(i -> wanted.add(i.address() + ":" + i.port()));
                assertEquals(wanted, new TreeSet<>(now.keySet()), "enabled slots carry exactly the instances");
                for (String kept : wanted) {
                    if (slotOf.containsKey(kept)) {
                        assertEquals(slotOf.get(kept), now.get(kept), kept + " keeps its slot");
                    }
                }
                if (!plan.reload()) {
                    assertEquals(changedSlots(before, text), runtimeTargets(plan.runtimeCommands()),
                            "the runtime commands change exactly the slots the file changes");
                    for (String c : plan.runtimeCommands()) {
                        assertTrue(c.matches("set server " + PREFIX + "web/SRV_[A-Za-z]{5} (state (ready|maint)|addr \\S+ port \\d+)"), c);
                    }
                }
                slotOf = now;
                assertFalse(GeneratedBackends.plan(text, PREFIX, services, scaling, "").changed(text),
                        "a second pass over the same instances changes nothing");
            }
        }
    }

    @Test
    void aServiceWhoseNameHaproxyWouldRefuseGetsNoBackendAndNewBackendsTakeTheirDefaults() {
        ConfigText text = ConfigText.parse(START);
        GeneratedBackends.Plan plan = GeneratedBackends.plan(text, PREFIX,
                Map.of("bad name", List.of(new Source.Instance("10.0.0.1", 80)),
                        "api", List.of(new Source.Instance("10.0.0.1", 80), new Source.Instance("bad\naddress", 80))),
                new GeneratedBackends.Scaling(10, false, 0), "named");
        assertTrue(plan.text().section("backend", PREFIX + "bad name").isEmpty());
        Section api = plan.text().section("backend", PREFIX + "api").orElseThrow();
        assertEquals("backend " + PREFIX + "api from named", api.header().text());
        assertEquals(1, api.body().stream().filter(l -> l.keyword().equals("server") && !l.words().contains("disabled")).count(),
                "the address that would break the line is left out");
        assertFalse(plan.text().render().contains("bad\naddress"));
    }

    /** The text up to the end of the last hand-written section (generated backends are appended after it). */
    private static String untilOtherEnds(ConfigText text) {
        String all = text.render();
        String end = "    server s1 127.0.0.1:1\n";
        return all.substring(0, all.indexOf(end) + end.length());
    }

    private static List<Line> servers(ConfigText text) {
        return text.section("backend", PREFIX + "web").map(s -> s.body().stream()
                .filter(l -> l.keyword().equals("server")).toList()).orElse(List.of());
    }

    private static Set<String> changedSlots(ConfigText before, ConfigText after) {
        Map<String, String> was = new HashMap<>();
        servers(before).forEach(l -> was.put(l.word(1), l.text()));
        Set<String> changed = new TreeSet<>();
        servers(after).forEach(l -> {
            if (!l.text().equals(was.get(l.word(1)))) {
                changed.add(l.word(1));
            }
        });
        return changed;
    }

    private static Set<String> runtimeTargets(List<String> commands) {
        Set<String> out = new TreeSet<>();
        commands.forEach(c -> out.add(c.split(" ")[2].substring(c.split(" ")[2].indexOf('/') + 1)));
        return out;
    }
}
