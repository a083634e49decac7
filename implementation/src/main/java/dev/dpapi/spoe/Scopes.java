package dev.dpapi.spoe;

import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import dev.dpapi.model.SpoeTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An SPOE file's scopes: a scope is its {@code [name]} line and the sections after it, up to the next scope.
 * The text stays one flat list of sections, so edits keep every other line as it is.
 */
final class Scopes {

    private Scopes() {
    }

    /** The scope names as written, brackets included: {@code [name]}. */
    static List<String> names(ConfigText text) {
        return text.sections().stream().map(Section::kind).filter(SpoeTables::isScope).toList();
    }

    /** The scope as the API names it: {@code [name]}; a bare {@code name} means the same scope. */
    static String normalized(String scope) {
        return SpoeTables.isScope(scope) ? scope : "[" + scope + "]";
    }

    /** Position of the scope's line among the sections; 404 when the file has no such scope. */
    static int position(ConfigText text, String scope) throws ConfigException {
        List<Section> sections = text.sections();
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).kind().equals(scope)) {
                return i;
            }
        }
        throw new ConfigException(404, "30: scope " + scope + " does not exist");
    }

    /** Number of sections belonging to the scope at {@code at}. */
    private static int size(ConfigText text, int at) {
        List<Section> sections = text.sections();
        int end = at + 1;
        while (end < sections.size() && !SpoeTables.isScope(sections.get(end).kind())) {
            end++;
        }
        return end - at - 1;
    }

    /** The scope's sections of one kind, in file order. */
    static List<Section> members(ConfigText text, String scope, SpoeTables kind) throws ConfigException {
        int at = position(text, scope);
        return text.sections().subList(at + 1, at + 1 + size(text, at)).stream()
                .filter(s -> s.kind().equals(kind.keyword())).toList();
    }

    static Optional<Section> member(ConfigText text, String scope, SpoeTables kind, String name) throws ConfigException {
        return members(text, scope, kind).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    static ConfigText addScope(ConfigText text, String scope) throws ConfigException {
        if (names(text).contains(scope)) {
            throw new ConfigException(409, "31: scope " + scope + " already exists");
        }
        return text.withSection(null, Section.create(scope, "", text.lineEnding()));
    }

    static ConfigText removeScope(ConfigText text, String scope) throws ConfigException {
        int at = position(text, scope);
        return text.splice(at, 1 + size(text, at), List.of());
    }

    /** The text with {@code section} added as the scope's last section. */
    static ConfigText add(ConfigText text, String scope, Section section) throws ConfigException {
        int at = position(text, scope);
        int end = at + 1 + size(text, at);
        String eol = text.lineEnding();
        boolean last = end == text.sections().size();
        Section previous = text.sections().get(end - 1);
        if (end - 1 == at && previous.body().isEmpty() && !previous.header().eol().isEmpty()) {
            // right under the scope's line
            return text.splice(end, 0, List.of(last ? section : blankAfter(section, eol)));
        }
        if (last) {
            return text.withSection(null, section);
        }
        // before the next scope, which stays apart behind a blank line
        List<Section> inserted = new ArrayList<>();
        int from = end;
        if (previous.body().isEmpty() || !previous.body().get(previous.body().size() - 1).text().isBlank()) {
            List<Line> closed = new ArrayList<>(previous.body());
            closed.add(Line.of("", eol));
            inserted.add(new Section(previous.kind(), previous.name(), previous.header(), closed));
            from--;
        }
        inserted.add(blankAfter(section, eol));
        return text.splice(from, end - from, inserted);
    }

    private static Section blankAfter(Section section, String eol) {
        List<Line> body = new ArrayList<>(section.body());
        body.add(Line.of("", eol));
        return new Section(section.kind(), section.name(), section.header(), body);
    }
}
