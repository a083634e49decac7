package dev.dpapi.config;

import java.util.List;
import java.util.Set;

/** A section of haproxy.cfg: its header line and every line up to the next section, untouched. */
public record Section(String kind, String name, Line header, List<Line> body) {

    /** Section keywords of HAProxy 2.6 to 3.0; a line starting with one of these opens a section. */
    public static final Set<String> KINDS = Set.of(
            "global", "defaults", "frontend", "backend", "listen", "userlist", "peers", "mailers", "resolvers",
            "cache", "ring", "log-forward", "http-errors", "program", "fcgi-app", "crt-store", "traces");

    /** A new section, written the conventional way: header, then directives indented by two spaces. */
    public static Section create(String kind, String name, List<List<String>> directives, String eol) {
        List<Line> body = new java.util.ArrayList<>();
        directives.forEach(words -> body.add(Line.of("  " + String.join(" ", words), eol)));
        return new Section(kind, name, Line.of(name.isEmpty() ? kind : kind + " " + name, eol), List.copyOf(body));
    }

    /** A copy with a directive added after the last one (blank lines and comments that close it stay last). */
    public Section withDirective(List<String> words, String eol) {
        List<Line> lines = new java.util.ArrayList<>(body);
        int at = lines.size();
        while (at > 0 && lines.get(at - 1).isBlankOrComment()) {
            at--;
        }
        if (at > 0 && lines.get(at - 1).eol().isEmpty()) { // the file ended without a newline
            Line last = lines.get(at - 1);
            lines.set(at - 1, new Line(last.text(), eol, last.words()));
        }
        lines.add(at, Line.of("  " + String.join(" ", words), eol));
        return new Section(kind, name, header, List.copyOf(lines));
    }

    /** The section's directives, without blank and comment lines. */
    public List<Line> directives() {
        return body.stream().filter(l -> !l.isBlankOrComment()).toList();
    }
}
