package dev.dpapi.transactions;

import dev.dpapi.text.ConfigText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The changes of a transaction since it started, one record appended per change: which sections were replaced
 * and their new text (and the lines before the first section when they changed). A change costs the size of the
 * sections it touched, whatever the size of the file. Record: a header line {@code <from> <removed> <preamble
 * bytes, -1 when unchanged> <section bytes>} then those bytes. A record cut short (the process stopped while
 * appending) ends the replay.
 */
final class Journal {

    static final String SUFFIX = ".journal";

    private Journal() {
    }

    static void append(Path journal, ConfigText.Delta delta) throws IOException {
        byte[] preamble = null;
        if (delta.preamble() != null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ConfigText.writeLines(delta.preamble(), out);
            preamble = out.toByteArray();
        }
        ByteArrayOutputStream sections = new ByteArrayOutputStream();
        ConfigText.writeSections(delta.inserted(), sections);
        ByteArrayOutputStream record = new ByteArrayOutputStream(sections.size() + 64);
        record.write((delta.from() + " " + delta.removed() + " " + (preamble == null ? -1 : preamble.length) + " "
                + sections.size() + "\n").getBytes(StandardCharsets.US_ASCII));
        if (preamble != null) {
            record.write(preamble);
        }
        sections.writeTo(record);
        try (var out = Files.newByteChannel(journal, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))) { // owner-only whatever the umask
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(record.toByteArray());
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
    }

    /** The text a transaction reached: {@code started} with every complete record of the journal applied. */
    static ConfigText replay(ConfigText started, Path journal) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(journal);
        } catch (NoSuchFileException e) {
            return started;
        }
        ConfigText text = started;
        int at = 0;
        while (at < bytes.length) {
            int nl = at;
            while (nl < bytes.length && bytes[nl] != '\n') {
                nl++;
            }
            if (nl == bytes.length) {
                break;
            }
            String[] header = new String(bytes, at, nl - at, StandardCharsets.US_ASCII).split(" ");
            if (header.length != 4) {
                break;
            }
            int from = Integer.parseInt(header[0]);
            int removed = Integer.parseInt(header[1]);
            int preambleLength = Integer.parseInt(header[2]);
            int sectionsLength = Integer.parseInt(header[3]);
            int body = nl + 1;
            int end = body + Math.max(preambleLength, 0) + sectionsLength;
            if (end > bytes.length) {
                break;
            }
            int sectionsAt = body + Math.max(preambleLength, 0);
            ConfigText.Delta delta = new ConfigText.Delta(
                    preambleLength < 0 ? null : ConfigText.parse(Arrays.copyOfRange(bytes, body, sectionsAt)).preamble(),
                    from, removed, ConfigText.parse(Arrays.copyOfRange(bytes, sectionsAt, end)).sections());
            text = text.apply(delta);
            at = end;
        }
        return text;
    }
}
