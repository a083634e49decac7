package dev.dpapi.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * haproxy.cfg as a list of sections, each holding its original lines: rendering it gives back the
 * file byte for byte, so edits touch only the lines they change.
 */
public record ConfigText(List<Line> preamble, List<Section> sections) {

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
        for (Line l : preamble) {
            Matcher m = VERSION.matcher(l.text().strip());
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        return 1;
    }

    public List<Section> sections(String kind) {
        return sections.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    public Optional<Section> section(String kind, String name) {
        return sections.stream().filter(s -> s.kind().equals(kind) && s.name().equals(name)).findFirst();
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
