package dev.dpapi.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text changed section by section renders as the same text parsed again, and the journal of those changes,
 * replayed on the start copy, gives that text back: for random sequences of every kind of section edit.
 */
class JournalTest {

    private static final String START = "# _version=3\r\n# kept\n"
            + "global\n  daemon\n\n"
            + "defaults\n  mode http\n  timeout client 5s # why\n\n"
            + "frontend fe\n\tbind 127.0.0.1:80\n  default_backend be0\n\n"
            + "backend be0\n  server s0 127.0.0.1:81 weight 10\n\n"
            + "backend be1\n  server s0 127.0.0.1:82\n  server s1 127.0.0.1:83";

    @TempDir
    Path dir;

    @Test
    void randomEditsReplayFromTheJournal() throws Exception {
        for (int seed = 0; seed < 50; seed++) {
            Random random = new Random(seed);
            Path journal = dir.resolve("j" + seed + Journal.SUFFIX);
            ConfigText started = ConfigText.parse(START);
            ConfigText text = started;
            for (int step = 0; step < 30; step++) {
                ConfigText next = edit(text, random, step);
                Journal.append(journal, next.since(text));
                assertEquals(next.render(), text.apply(next.since(text)).render(), "seed " + seed);
                assertEquals(next.render(), ConfigText.parse(next.render()).render());
                text = next;
            }
            assertEquals(text.render(), Journal.replay(started, journal).render(), "seed " + seed);
            assertEquals(text.render(), new String(text.renderBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRecordCutShortEndsTheReplay() throws Exception {
        Path journal = dir.resolve("cut" + Journal.SUFFIX);
        ConfigText started = ConfigText.parse(START);
        ConfigText one = edit(started, new Random(1), 0);
        Journal.append(journal, one.since(started));
        ConfigText two = edit(one, new Random(2), 1);
        Journal.append(journal, two.since(one));
        byte[] whole = Files.readAllBytes(journal);
        Files.write(journal, java.util.Arrays.copyOf(whole, whole.length - 3), StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals(one.render(), Journal.replay(started, journal).render());
        assertEquals(started.render(), Journal.replay(started, dir.resolve("none" + Journal.SUFFIX)).render());
    }

    @Test
    void lookupsFollowEdits() {
        ConfigText text = ConfigText.parse(START);
        Section be0 = text.section("backend", "be0").orElseThrow();
        Section changed = new Section("backend", "be0", be0.header(), List.of(Line.of("  balance first", "\n")));
        ConfigText after = text.withSection(be0, changed);
        assertEquals(changed, after.section("backend", "be0").orElseThrow());
        assertEquals(be0, text.section("backend", "be0").orElseThrow());
        assertEquals(2, after.sections("backend").size());
        ConfigText removed = after.withoutSection(changed);
        assertEquals(List.of("be1"), removed.sections("backend").stream().map(Section::name).toList());
        assertEquals(java.util.Optional.empty(), removed.section("backend", "be0"));
        assertEquals(3, removed.withVersion(4).version() - 1);
    }

    /** One random edit of a kind the API makes: a section changed, added, removed, put first, or the version. */
    private static ConfigText edit(ConfigText text, Random random, int step) {
        List<Section> all = text.sections();
        switch (random.nextInt(5)) {
            case 0 -> {
                Section s = all.get(random.nextInt(all.size()));
                List<Line> body = new ArrayList<>(s.body());
                body.add(random.nextInt(body.size() + 1), Line.of("  # step " + step, "\n"));
                return text.withSection(s, new Section(s.kind(), s.name(), s.header(), List.copyOf(body)));
            }
            case 1 -> {
                return text.withSection(null, Section.create("backend", "new" + step, "\n"));
            }
            case 2 -> {
                return all.size() > 1 ? text.withoutSection(all.get(random.nextInt(all.size()))) : text;
            }
            case 3 -> {
                return text.withFirstSection(Section.create("global", "", "\n"));
            }
            default -> {
                return text.withVersion(text.version() + 1);
            }
        }
    }
}
