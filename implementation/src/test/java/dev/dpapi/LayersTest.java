package dev.dpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The configuration layers depend downwards only: the HTTP services ({@code http.configuration}) on the resource
 * model ({@code model}), the model on the text and its store ({@code text}). Read from the sources: every name a
 * file imports or writes out in full, comments left aside.
 */
class LayersTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/dpapi");
    private static final String HELIDON_HTTP = "io\\.helidon\\.(http|webserver)\\b";
    private static final String OUR_HTTP = "dev\\.dpapi\\.http\\b";

    @Test
    void textModelKnowsNeitherTheResourceModelNorHttp() {
        assertEquals(List.of(), uses("text", HELIDON_HTTP + "|" + OUR_HTTP + "|dev\\.dpapi\\.model\\b"));
    }

    @Test
    void resourceModelKnowsNoHttp() {
        assertEquals(List.of(), uses("model", HELIDON_HTTP + "|" + OUR_HTTP));
    }

    /** The scan itself sees what it looks for: the HTTP services do use Helidon and the model. */
    @Test
    void scanSeesTheHttpServicesUseHelidonAndTheModel() {
        assertFalse(uses("http/configuration", HELIDON_HTTP).isEmpty());
        assertFalse(uses("http/configuration", "dev\\.dpapi\\.model\\b").isEmpty());
    }

    /** Each {@code file: name} in the package's sources matching {@code forbidden}. */
    private static List<String> uses(String pkg, String forbidden) {
        Pattern names = Pattern.compile("(?:" + forbidden + ")[\\w.]*");
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().flatMap(f -> {
                Matcher m = names.matcher(code(f));
                return m.results().map(r -> f.getFileName() + ": " + r.group());
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's code without comments and string literals. */
    private static String code(Path file) {
        try {
            return Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "")
                    .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
