package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Assertions on the file a request is about, next to its answer: a refusal leaves the file byte for byte as it
 * was, and an accepted change shows up in it. Use these instead of asserting a status alone.
 */
final class FileEffect {

    private FileEffect() {
    }

    /** Runs {@code request} (which asserts its own answer) and asserts that {@code file} did not change at all. */
    static void unchangedBy(Path file, Runnable request) {
        String before = read(file);
        request.run();
        assertEquals(before, read(file), "the refused request must leave " + file + " as it was");
    }

    /** Runs {@code request} and asserts that afterwards {@code file} holds {@code line} as one of its lines (stripped). */
    static String hasLineAfter(Path file, String line, Runnable request) {
        request.run();
        String text = read(file);
        assertTrue(text.lines().anyMatch(l -> l.strip().equals(line)), "expected the line '" + line + "' in:\n" + text);
        return text;
    }

    /**
     * Asserts that HAProxy itself loads {@code cfg}: {@code haproxy -W -c}, the check the API runs before it writes
     * and the master-worker mode {@link HaproxyProcess} runs in. The failure message is HAProxy's own output.
     */
    static void haproxyAccepts(Path cfg) {
        try {
            ApiProcess.Result check = ApiProcess.run(cfg.getParent(), HaproxyProcess.BIN, "-W", "-c", "-f", cfg.toString());
            assertEquals(0, check.status(), "haproxy -c refused " + cfg + ":\n" + check.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
