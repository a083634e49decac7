package dev.dpapi.runtime;

import dev.dpapi.storage.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pattern files HAProxy runs, maps ({@code show map}) and ACLs ({@code show acl}): listing, entries, and
 * payloads loaded as one atomic swap ({@code prepare}, {@code add @ver} in chunks, {@code commit}).
 */
final class Patterns {

    /** A loaded map or ACL: {@code #id} (what commands address), its file ("" for inline ACLs), description. */
    record Loaded(String id, String file, String description) {
    }

    /** One entry: HAProxy's reference ({@code 0x...}), the key (maps only) and the value. */
    record Entry(String ref, String key, String value) {
    }

    /** The CLI reads a payload into one buffer (tune.bufsize, 16 kB by default): chunks stay well below. */
    private static final int CHUNK_BYTES = 8000;
    private static final Pattern LISTED = Pattern.compile("^(\\d+) \\(([^)]*)\\) ?(.*)$");
    private static final Pattern VERSION = Pattern.compile("New version created: (\\d+)");

    private final RuntimeApi runtime;
    /** "map" or "acl": the noun of every command. */
    final String kind;

    Patterns(RuntimeApi runtime, String kind) {
        this.runtime = runtime;
        this.kind = kind;
    }

    List<Loaded> list() throws RuntimeApiException {
        List<Loaded> out = new ArrayList<>();
        for (String line : runtime.command("show " + kind).split("\n")) {
            Matcher m = LISTED.matcher(line.strip());
            if (m.matches()) {
                out.add(new Loaded(m.group(1), m.group(2), m.group(3)));
            }
        }
        return out;
    }

    /** The loaded file addressed by {@code #id} or by its path. */
    Optional<Loaded> find(String reference) throws RuntimeApiException {
        return list().stream()
                .filter(l -> reference.equals("#" + l.id()) || (!l.file().isEmpty() && reference.equals(l.file())))
                .findFirst();
    }

    /** Entries of a loaded file, or empty when HAProxy does not know it. */
    Optional<List<Entry>> entries(String reference) throws RuntimeApiException {
        String answer;
        try {
            answer = runtime.command("show " + kind + " " + RuntimeApi.argument(reference));
        } catch (RuntimeRefusal r) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : answer.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(" ", kind.equals("map") ? 3 : 2);
            if (kind.equals("map") && parts.length == 3) {
                entries.add(new Entry(parts[0], parts[1], parts[2]));
            } else if (kind.equals("map") && parts.length == 2) {
                entries.add(new Entry(parts[0], parts[1], ""));
            } else if (parts.length == 2) {
                entries.add(new Entry(parts[0], null, parts[1]));
            }
        }
        return Optional.of(entries);
    }

    void command(String verb, String reference, String... words) throws RuntimeApiException {
        StringBuilder line = new StringBuilder(verb).append(' ').append(kind).append(' ')
                .append(RuntimeApi.argument(reference));
        for (String w : words) {
            line.append(' ').append(RuntimeApi.argument(w));
        }
        runtime.command(line.toString());
    }

    /**
     * Replaces the running contents with {@code lines} ({@code key value} or {@code value}, each ending with a
     * newline) as one atomic swap: a new version is filled in chunks, then committed.
     */
    void swap(String reference, List<String> lines) throws RuntimeApiException {
        String ref = RuntimeApi.argument(reference);
        String prepared = runtime.command("prepare " + kind + " " + ref);
        Matcher m = VERSION.matcher(prepared);
        if (!m.find()) {
            throw new RuntimeApiException("unexpected answer to prepare " + kind + ": " + prepared.strip());
        }
        String version = m.group(1);
        String add = "add " + kind + " @" + version + " " + ref;
        StringBuilder chunk = new StringBuilder();
        List<String> chained = new ArrayList<>();
        int chainedBytes = 0;
        for (String line : lines) {
            if (kind.equals("map")) { // maps take a payload: key and value per line
                if (chunk.length() + line.length() > CHUNK_BYTES && !chunk.isEmpty()) {
                    runtime.commandWithPayload(add, chunk.toString());
                    chunk.setLength(0);
                }
                chunk.append(line);
            } else { // HAProxy 2.6's add acl takes no payload: one command per pattern, chained
                String command = add + " " + RuntimeApi.argument(line.strip());
                if (chainedBytes + command.length() + 1 > CHUNK_BYTES && !chained.isEmpty()) {
                    runtime.commands(chained);
                    chained.clear();
                    chainedBytes = 0;
                }
                chained.add(command);
                chainedBytes += command.length() + 1;
            }
        }
        if (!chunk.isEmpty()) {
            runtime.commandWithPayload(add, chunk.toString());
        }
        if (!chained.isEmpty()) {
            runtime.commands(chained);
        }
        runtime.command("commit " + kind + " @" + version + " " + ref);
    }

    /**
     * Writes the running contents back to the file HAProxy loaded them from, atomically (temp file in the same
     * directory, fsync, rename), keeping its permissions. Returns the file written.
     */
    Path writeBack(String reference) throws RuntimeApiException {
        Loaded loaded = find(reference).orElseThrow(() -> new Answers.Refusal(404, kind + " " + reference + " not found"));
        if (loaded.file().isEmpty()) {
            throw new Answers.Refusal(400, kind + " " + reference + " has no file to write to");
        }
        StringBuilder text = new StringBuilder();
        for (Entry e : entries("#" + loaded.id()).orElse(List.of())) {
            text.append(e.key() == null ? e.value() : e.key() + " " + e.value()).append('\n');
        }
        Path file = Path.of(loaded.file());
        try {
            AtomicFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new RuntimeApiException("writing " + file + ": " + e.getMessage());
        }
        return file;
    }

}
