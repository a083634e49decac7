package dev.dpapi.text;

import java.util.List;
import java.util.Set;

/** A section of haproxy.cfg: its header line and every line up to the next section, untouched. */
public record Section(String kind, String name, Line header, List<Line> body) {

    /** Section keywords of HAProxy 2.6 to 3.0; a line starting with one of these opens a section. */
    public static final Set<String> KINDS = Set.of(
            "global", "defaults", "frontend", "backend", "listen", "userlist", "peers", "mailers", "resolvers",
            "cache", "ring", "log-forward", "http-errors", "program", "fcgi-app", "crt-store", "traces");

    /** A new, empty section: its header line alone (fields are then written in with {@link SectionEditor}). */
    public static Section create(String kind, String name, String eol) {
        return new Section(kind, name, Line.of(name.isEmpty() ? kind : kind + " " + name, eol), List.of());
    }

    /** The section's directives, without blank and comment lines. */
    public List<Line> directives() {
        return body.stream().filter(l -> !l.isBlankOrComment()).toList();
    }
}
