package dev.dpapi.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * haproxy.cfg as a list of sections, each holding its original lines: rendering it gives back the
 * file byte for byte, so edits touch only the lines they change. Immutable: a change makes a new text that
 * shares every untouched section with the old one. A parsed text keeps the file's bytes, so that rendering
 * copies an untouched section's original bytes in one piece.
 */
public final class ConfigText {

    private static final Pattern VERSION = Pattern.compile("^#\\s*_version\\s*=\\s*(\\d+)\\s*$");

    /** The bytes a text was parsed from, and where each parsed section lies in them (by identity). */
    private record Source(byte[] bytes, IdentityHashMap<Section, int[]> ranges) {
    }

    private final List<Line> preamble;
    private final List<Section> sections;
    private final Map<String, Section> index; // "kind name" -> the first such section, as a scan would find
    private final Source source; // null for a text built from parts
    private final Optional<Long> declaredVersion;
    private volatile Map<String, List<Section>> byKind; // built on first use
    private volatile Optional<String> statsSocket; // found on first use: every runtime command asks

    private ConfigText(List<Line> preamble, List<Section> sections, Map<String, Section> index, Source source) {
        this.preamble = preamble;
        this.sections = sections;
        this.index = index;
        this.source = source;
        this.declaredVersion = versionIn(preamble);
    }

    public ConfigText(List<Line> preamble, List<Section> sections) {
        this(List.copyOf(preamble), List.copyOf(sections), indexOf(sections), null);
    }

    public List<Line> preamble() {
        return preamble;
    }

    public List<Section> sections() {
        return sections;
    }

    private static Map<String, Section> indexOf(List<Section> sections) {
        Map<String, Section> index = new HashMap<>(sections.size() * 4 / 3 + 1);
        for (Section s : sections) {
            index.putIfAbsent(key(s), s);
        }
        return index;
    }

    private static String key(Section s) {
        return s.kind() + " " + s.name();
    }

    public static ConfigText parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses the bytes of a file (UTF-8), keeping them for rendering. */
    public static ConfigText parse(byte[] bytes) {
        return parse(bytes, Section.KINDS::contains);
    }

    /**
     * Parses a file of another grammar made of sections (an SPOE file): a line whose first word passes
     * {@code opensSection} starts a section.
     */
    public static ConfigText parse(byte[] bytes, Predicate<String> opensSection) {
        List<Line> preamble = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        IdentityHashMap<Section, int[]> ranges = new IdentityHashMap<>();
        List<Line> body = preamble;
        Line header = null;
        int sectionStart = 0;
        int start = 0;
        while (start < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', start);
            int end = nl < 0 ? bytes.length : nl;
            int textEnd = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            String eol = nl < 0 ? (textEnd < end ? "\r" : "") : textEnd < end ? "\r\n" : "\n";
            Line line = Line.of(new String(bytes, start, textEnd - start, StandardCharsets.UTF_8), eol);
            if (opensSection.test(line.keyword())) {
                if (header != null) {
                    sections.add(parsed(header, body, ranges, sectionStart, start));
                }
                header = line;
                body = new ArrayList<>();
                sectionStart = start;
            } else {
                body.add(line);
            }
            start = nl < 0 ? bytes.length : nl + 1;
        }
        if (header != null) {
            sections.add(parsed(header, body, ranges, sectionStart, bytes.length));
        }
        return new ConfigText(List.copyOf(preamble), List.copyOf(sections), indexOf(sections),
                new Source(bytes, ranges));
    }

    private static Section parsed(Line header, List<Line> body, IdentityHashMap<Section, int[]> ranges, int from, int to) {
        Section s = new Section(header.keyword(), header.word(1), header, List.copyOf(body));
        ranges.put(s, new int[] {from, to});
        return s;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** What HAProxy would refuse before reading a keyword, each naming its 1-based line. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        int number = 0;
        for (Line l : preamble) {
            number++;
            if (!l.isBlankOrComment()) {
                problems.add("line " + number + ": '" + l.keyword() + "' is outside any section");
            }
            checkQuotes(l, number, problems);
        }
        for (Section s : sections) {
            number++;
            checkQuotes(s.header(), number, problems);
            for (Line l : s.body()) {
                number++;
                checkQuotes(l, number, problems);
            }
        }
        return problems;
    }

    private static void checkQuotes(Line l, int number, List<String> problems) {
        if (!Words.quotesClosed(l.text())) {
            problems.add("line " + number + ": unterminated quote");
        }
    }

    public String render() {
        return new String(renderBytes(), StandardCharsets.UTF_8);
    }

    public byte[] renderBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(source == null ? 8192 : source.bytes().length + 8192);
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** Writes the text: untouched sections as their original bytes, changed ones line by line. */
    public void writeTo(OutputStream out) throws IOException {
        writeLines(preamble, out);
        for (Section s : sections) {
            int[] range = source == null ? null : source.ranges().get(s);
            if (range != null) {
                out.write(source.bytes(), range[0], range[1] - range[0]);
            } else {
                writeSection(s, out);
            }
        }
    }

    /** Writes sections line by line (for a journal of changed sections). */
    public static void writeSections(List<Section> sections, OutputStream out) throws IOException {
        for (Section s : sections) {
            writeSection(s, out);
        }
    }

    private static void writeSection(Section s, OutputStream out) throws IOException {
        writeLine(s.header(), out);
        writeLines(s.body(), out);
    }

    /** Writes lines with their terminators. */
    public static void writeLines(List<Line> lines, OutputStream out) throws IOException {
        for (Line l : lines) {
            writeLine(l, out);
        }
    }

    private static void writeLine(Line l, OutputStream out) throws IOException {
        out.write(l.text().getBytes(StandardCharsets.UTF_8));
        out.write(l.eol().getBytes(StandardCharsets.UTF_8));
    }

    /** The configuration version from the {@code # _version=N} comment; 1 when the file has none. */
    public long version() {
        return declaredVersion().orElse(1L);
    }

    /** The version the text declares: the last {@code # _version=N} line before the first section. */
    public Optional<Long> declaredVersion() {
        return declaredVersion;
    }

    private static Optional<Long> versionIn(List<Line> preamble) {
        Optional<Long> version = Optional.empty();
        for (Line l : preamble) {
            Matcher m = VERSION.matcher(l.text().strip());
            if (m.matches()) {
                version = Optional.of(Long.parseLong(m.group(1)));
            }
        }
        return version;
    }

    /** The same text with {@code # _version=N} set: the existing line is replaced, or one is added on top. */
    public ConfigText withVersion(long version) {
        String eol = lineEnding();
        Line line = Line.of("# _version=" + version, eol);
        List<Line> lines = new ArrayList<>(preamble);
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (VERSION.matcher(lines.get(i).text().strip()).matches()) {
                at = i; // the last one, which is the one that counts
            }
        }
        if (at >= 0) {
            lines.set(at, line);
        } else {
            lines.add(0, line);
        }
        return withPreamble(lines).terminated(eol);
    }

    /** The same sections under another preamble (the lines before the first section). */
    public ConfigText withPreamble(List<Line> lines) {
        return new ConfigText(List.copyOf(lines), sections, index, source);
    }

    /** The text with its last line terminated by the text's own line ending. */
    public ConfigText terminated() {
        return terminated(lineEnding());
    }

    /** The text with its last line terminated: HAProxy refuses a file without its final LF. */
    private ConfigText terminated(String eol) {
        if (sections.isEmpty()) {
            return this;
        }
        Section last = sections.get(sections.size() - 1);
        List<Line> body = new ArrayList<>(last.body());
        Line end = body.isEmpty() ? last.header() : body.get(body.size() - 1);
        if (!end.eol().isEmpty()) {
            return this;
        }
        Line ended = new Line(end.text(), eol, end.words());
        if (body.isEmpty()) {
            return withSection(last, new Section(last.kind(), last.name(), ended, List.of()));
        }
        body.set(body.size() - 1, ended);
        return withSection(last, new Section(last.kind(), last.name(), last.header(), List.copyOf(body)));
    }

    /** A copy with one section replaced (same position) or, when {@code old} is null, appended. */
    public ConfigText withSection(Section old, Section replacement) {
        if (old == null) {
            if (sections.isEmpty()) {
                return splice(0, 0, List.of(replacement));
            }
            // a blank line before the new section, after a terminated last line
            Section last = sections.get(sections.size() - 1);
            List<Line> body = new ArrayList<>(last.body());
            Line header = last.header();
            if (!body.isEmpty() && body.get(body.size() - 1).eol().isEmpty()) {
                Line l = body.get(body.size() - 1);
                body.set(body.size() - 1, new Line(l.text(), replacement.header().eol(), l.words()));
            } else if (body.isEmpty() && header.eol().isEmpty()) {
                header = new Line(header.text(), replacement.header().eol(), header.words());
            }
            body.add(Line.of("", replacement.header().eol()));
            Section closed = new Section(last.kind(), last.name(), header, List.copyOf(body));
            return splice(sections.size() - 1, 1, List.of(closed, replacement));
        }
        return splice(identityIndex(sections, old), 1, List.of(replacement));
    }

    /** A copy with a section put before all others (a global section where there was none). */
    public ConfigText withFirstSection(Section section) {
        return splice(0, 0, List.of(section));
    }

    /** A copy without the section (its header and every line up to the next section). */
    public ConfigText withoutSection(Section section) {
        return splice(identityIndex(sections, section), 1, List.of());
    }

    /**
     * A copy in which sections {@code [from, from + removed)} are replaced by {@code inserted}. Every other
     * section is shared; the index is updated in place of being rebuilt when the names stay where they were.
     */
    public ConfigText splice(int from, int removed, List<Section> inserted) {
        List<Section> list = new ArrayList<>(sections.size() - removed + inserted.size());
        list.addAll(sections.subList(0, from));
        list.addAll(inserted);
        list.addAll(sections.subList(from + removed, sections.size()));
        Map<String, Section> newIndex = null;
        if (removed == inserted.size()) {
            newIndex = new HashMap<>(index);
            for (int i = 0; i < removed && newIndex != null; i++) {
                Section old = sections.get(from + i);
                Section now = inserted.get(i);
                if (!key(old).equals(key(now))) {
                    newIndex = null; // a section renamed: a duplicate name elsewhere may now come first
                } else if (newIndex.get(key(old)) == old) {
                    newIndex.put(key(now), now);
                }
            }
        }
        return new ConfigText(preamble, Collections.unmodifiableList(list),
                newIndex != null ? newIndex : indexOf(list), source);
    }

    /**
     * What changed from {@code before} (a text this one was made from) to this text, found by identity:
     * sections {@code [from, from + removed)} of {@code before} became {@code inserted}, and the preamble
     * ({@code null} when it is the same). {@code before.apply(delta)} gives this text again.
     */
    public record Delta(List<Line> preamble, int from, int removed, List<Section> inserted) {
    }

    public Delta since(ConfigText before) {
        List<Section> a = before.sections;
        List<Section> b = sections;
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix) == b.get(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix) == b.get(b.size() - 1 - suffix)) {
            suffix++;
        }
        return new Delta(before.preamble == preamble ? null : preamble, prefix, a.size() - prefix - suffix,
                List.copyOf(b.subList(prefix, b.size() - suffix)));
    }

    public ConfigText apply(Delta delta) {
        ConfigText out = delta.removed() == 0 && delta.inserted().isEmpty() ? this
                : splice(delta.from(), delta.removed(), delta.inserted());
        return delta.preamble() == null ? out : out.withPreamble(delta.preamble());
    }

    /** Position of exactly this object (records compare by value, and files repeat lines). */
    public static <T> int identityIndex(List<T> list, T item) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == item) {
                return i;
            }
        }
        throw new IllegalArgumentException("not in the list");
    }

    /** The file's own line terminator, for lines we add. */
    public String lineEnding() {
        return sections.stream().map(s -> s.header().eol()).filter(e -> !e.isEmpty()).findFirst().orElse("\n");
    }

    public List<Section> sections(String kind) {
        Map<String, List<Section>> kinds = byKind;
        if (kinds == null) {
            kinds = new HashMap<>();
            for (Section s : sections) {
                kinds.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s);
            }
            kinds.replaceAll((k, v) -> List.copyOf(v));
            byKind = kinds;
        }
        return kinds.getOrDefault(kind, List.of());
    }

    public Optional<Section> section(String kind, String name) {
        return Optional.ofNullable(index.get(kind + " " + name));
    }

    /**
     * Whether HAProxy starts a new instance of {@code program} sections running {@code executable} on reload:
     * true when there is such a section and none says {@code no option start-on-reload}.
     */
    public boolean programRestartedOnReload(String executable) {
        List<Section> ours = sections("program").stream()
                .filter(s -> s.directives().stream().anyMatch(l -> l.keyword().equals("command")
                        && Path.of(l.word(1)).getFileName().toString().equals(executable)))
                .toList();
        return !ours.isEmpty() && ours.stream().noneMatch(s -> s.directives().stream().anyMatch(l ->
                l.words().equals(List.of("no", "option", "start-on-reload"))));
    }

    /** The first {@code stats socket} of {@code global} bound to a unix path, as the official picks it. */
    public Optional<String> statsSocketPath() {
        Optional<String> path = statsSocket;
        if (path == null) {
            path = findStatsSocket();
            statsSocket = path;
        }
        return path;
    }

    private Optional<String> findStatsSocket() {
        return sections("global").stream().flatMap(s -> s.directives().stream())
                .filter(l -> l.keyword().equals("stats") && l.word(1).equals("socket"))
                .map(l -> l.word(2))
                .map(address -> address.startsWith("unix@") ? address.substring(5) : address)
                .filter(address -> address.startsWith("/") || !address.contains(":") && !address.contains("@"))
                .filter(address -> !address.isEmpty())
                .findFirst();
    }
}
