package dev.dpapi.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * haproxy.cfg as a list of sections, each holding its original lines: rendering it gives back the
 * file byte for byte, so edits touch only the lines they change.
 */
public record ConfigText(List<Line> preamble, List<Section> sections, Map<String, Section> index) {

    /** Sections are looked up by kind and name on every request: indexed once per parsed text. */
    public ConfigText(List<Line> preamble, List<Section> sections) {
        this(preamble, sections, indexOf(sections));
    }

    private static Map<String, Section> indexOf(List<Section> sections) {
        Map<String, Section> index = new HashMap<>();
        for (Section s : sections) {
            index.putIfAbsent(s.kind() + " " + s.name(), s); // the first of duplicates, as a scan would find
        }
        return Map.copyOf(index);
    }

    private static final Pattern VERSION = Pattern.compile("^#\\s*_version\\s*=\\s*(\\d+)\\s*$");

    public static ConfigText parse(String text) {
        List<Line> preamble = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        List<Line> current = preamble;
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            int textEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            Line line = Line.of(text.substring(start, textEnd), text.substring(textEnd, nl < 0 ? end : nl + 1));
            if (Section.KINDS.contains(line.keyword())) {
                List<Line> body = new ArrayList<>();
                sections.add(new Section(line.keyword(), line.word(1), line, body));
                current = body;
            } else {
                current.add(line);
            }
            start = nl < 0 ? text.length() : nl + 1;
        }
        return new ConfigText(preamble, sections);
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
        StringBuilder out = new StringBuilder();
        preamble.forEach(l -> out.append(l.text()).append(l.eol()));
        for (Section s : sections) {
            out.append(s.header().text()).append(s.header().eol());
            s.body().forEach(l -> out.append(l.text()).append(l.eol()));
        }
        return out.toString();
    }

    /** The configuration version from the {@code # _version=N} comment; 1 when the file has none. */
    public long version() {
        return declaredVersion().orElse(1L);
    }

    /** The version the text declares: the last {@code # _version=N} line before the first section. */
    public Optional<Long> declaredVersion() {
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
        return new ConfigText(List.copyOf(lines), terminated(sections, eol));
    }

    /** The sections with the file's last line terminated: HAProxy refuses a file without its final LF. */
    private static List<Section> terminated(List<Section> sections, String eol) {
        if (sections.isEmpty()) {
            return sections;
        }
        Section last = sections.get(sections.size() - 1);
        List<Line> body = new ArrayList<>(last.body());
        Line end = body.isEmpty() ? last.header() : body.get(body.size() - 1);
        if (!end.eol().isEmpty()) {
            return sections;
        }
        Line ended = new Line(end.text(), eol, end.words());
        Section fixed = body.isEmpty() ? new Section(last.kind(), last.name(), ended, body)
                : new Section(last.kind(), last.name(), last.header(), replaceLast(body, ended));
        List<Section> list = new ArrayList<>(sections);
        list.set(list.size() - 1, fixed);
        return List.copyOf(list);
    }

    private static List<Line> replaceLast(List<Line> body, Line line) {
        body.set(body.size() - 1, line);
        return List.copyOf(body);
    }

    /** A copy with one section replaced (same position) or, when {@code old} is null, appended. */
    public ConfigText withSection(Section old, Section replacement) {
        List<Section> list = new ArrayList<>(sections);
        if (old == null) {
            if (!list.isEmpty()) { // a blank line before the new section, after a terminated last line
                Section last = list.get(list.size() - 1);
                List<Line> body = new ArrayList<>(last.body());
                if (!body.isEmpty() && body.get(body.size() - 1).eol().isEmpty()) {
                    Line l = body.get(body.size() - 1);
                    body.set(body.size() - 1, new Line(l.text(), replacement.header().eol(), l.words()));
                } else if (body.isEmpty() && last.header().eol().isEmpty()) {
                    last = new Section(last.kind(), last.name(), new Line(last.header().text(),
                            replacement.header().eol(), last.header().words()), body);
                }
                body.add(Line.of("", replacement.header().eol()));
                list.set(list.size() - 1, new Section(last.kind(), last.name(), last.header(), List.copyOf(body)));
            }
            list.add(replacement);
        } else {
            list.set(identityIndex(list, old), replacement);
        }
        return new ConfigText(preamble, List.copyOf(list));
    }

    /** A copy with a section put before all others (a global section where there was none). */
    public ConfigText withFirstSection(Section section) {
        List<Section> list = new ArrayList<>(sections);
        list.add(0, section);
        return new ConfigText(preamble, List.copyOf(list));
    }

    /** A copy without the section (its header and every line up to the next section). */
    public ConfigText withoutSection(Section section) {
        List<Section> list = new ArrayList<>(sections);
        list.remove(identityIndex(list, section));
        return new ConfigText(preamble, List.copyOf(list));
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
        return sections.stream().filter(s -> s.kind().equals(kind)).toList();
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
        return sections("global").stream().flatMap(s -> s.directives().stream())
                .filter(l -> l.keyword().equals("stats") && l.word(1).equals("socket"))
                .map(l -> l.word(2))
                .map(address -> address.startsWith("unix@") ? address.substring(5) : address)
                .filter(address -> address.startsWith("/") || !address.contains(":") && !address.contains("@"))
                .filter(address -> !address.isEmpty())
                .findFirst();
    }
}
