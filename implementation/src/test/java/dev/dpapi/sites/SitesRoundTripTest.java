package dev.dpapi.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.Fixtures;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every haproxy.cfg of the fixtures, every frontend read as a site and written back leaves the text byte for
 * byte as it was; and a site's maxconn changed rewrites that one line and nothing else.
 */
class SitesRoundTripTest {

    static Stream<Path> fixtures() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> haproxy = Files.list(Fixtures.path("haproxy"))) {
            haproxy.filter(p -> p.toString().endsWith(".cfg")).sorted().forEach(files::add);
        }
        files.add(Fixtures.path("demo/haproxy.cfg"));
        files.add(Fixtures.path("compose/haproxy.cfg"));
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everySiteWrittenBackAsReadChangesNothing(Path file) throws Exception {
        // the fixtures' port placeholders (@PORT@, @PORT2@...) become ports, as the tests that run them make them
        String fixture = Files.readString(file).replaceAll("@PORT(\\d?)@", "1808$1");
        ConfigText text = ConfigText.parse(fixture.getBytes(StandardCharsets.UTF_8));
        String original = new String(text.renderBytes(), StandardCharsets.UTF_8);
        for (Section fe : text.sections("frontend")) {
            ObjectNode site = SitesService.site(text, fe);
            assertEquals(original, new String(SitesService.write(text, fe.name(), site).renderBytes(),
                    StandardCharsets.UTF_8), file + ": site " + fe.name());

            ObjectNode changed = site.deepCopy();
            changed.withObject("service").put("maxconn", 4321);
            String after = new String(SitesService.write(text, fe.name(), changed).renderBytes(), StandardCharsets.UTF_8);
            List<String> was = original.lines().toList();
            List<String> now = after.lines().toList();
            List<String> differing = now.stream().filter(l -> !was.contains(l)).toList();
            assertEquals(1, differing.size(), file + ": site " + fe.name() + " changed " + differing);
            assertEquals("maxconn 4321", differing.get(0).strip());
            assertFalse(now.size() > was.size() + 1, "at most one line added");
        }
    }
}
