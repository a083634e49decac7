package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import dev.dpapi.text.Words;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a section into its model and writes a model into a section through a field table, losslessly; edits the
 * lines of one kind inside a section (servers, binds, the rules of one keyword): a new line goes after the last of
 * its kind, an index counts only the lines of that kind.
 */
public final class SectionEditor {

    private SectionEditor() {
    }

    public static ObjectNode read(Section section, List<FieldMapping> fields) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("name", section.name());
        if (section.header().word(2).equals(FROM) && !section.header().word(3).isEmpty()) {
            out.put("from", section.header().word(3));
        }
        // most fields of a table are absent from a section: look only at the lines starting with their words
        Map<String, List<Line>> byFirstWord = new HashMap<>();
        for (Line l : section.directives()) {
            byFirstWord.computeIfAbsent(l.keyword(), k -> new ArrayList<>()).add(l);
        }
        List<Set<String>> firstWords = firstWords(fields);
        for (int i = 0; i < fields.size(); i++) {
            FieldMapping f = fields.get(i);
            Set<String> first = firstWords.get(i);
            List<Line> candidates = null;
            int groups = 0;
            for (String word : first) {
                List<Line> lines = byFirstWord.get(word);
                if (lines != null) {
                    candidates = lines;
                    groups++;
                }
            }
            if (groups > 1) { // lines of several first words, in file order
                candidates = section.directives().stream().filter(l -> first.contains(l.keyword())).toList();
            }
            if (candidates != null) {
                f.read(candidates, out);
            }
        }
        return out;
    }

    /** Tables are constants: the first words of their fields are worked out once per table. */
    private static final Map<List<FieldMapping>, List<Set<String>>> FIRST_WORDS = new IdentityHashMap<>();

    private static List<Set<String>> firstWords(List<FieldMapping> fields) {
        synchronized (FIRST_WORDS) {
            List<Set<String>> known = FIRST_WORDS.get(fields);
            if (known == null) {
                known = fields.stream().map(FieldMapping::firstWords).toList();
                if (FIRST_WORDS.size() < 100) { // a table made on the fly is not kept
                    FIRST_WORDS.put(fields, known);
                }
            }
            return known;
        }
    }

    /**
     * The section holding exactly the model's fields (a full replacement, as PUT is): a field's line is
     * rewritten in place when its value changed, added after the last directive when new, removed when the
     * model leaves the field out. Lines no field owns (and unchanged ones) stay byte for byte.
     */
    public static Section write(Section section, List<FieldMapping> fields, JsonNode model, String eol) throws ConfigException {
        section = withFrom(section, model);
        List<Line> body = new ArrayList<>(section.body());
        String indent = indentation(section);
        ObjectNode now = read(section, fields);
        List<Unit> units = new ArrayList<>();
        for (FieldMapping f : fields) {
            units(f, f.valueIn(model), f.valueIn(now), units);
        }
        List<List<List<String>>> wanted = new ArrayList<>(); // each field's lines, all refusals before any edit
        Map<List<String>, Set<Integer>> wantedBy = new HashMap<>(); // a line's words → the fields writing it
        for (int k = 0; k < units.size(); k++) {
            wanted.add(units.get(k).field().lines(units.get(k).value()));
            for (List<String> line : wanted.get(k)) {
                wantedBy.computeIfAbsent(Words.of(String.join(" ", line)), x -> new HashSet<>()).add(k);
            }
        }
        for (int k = 0; k < units.size(); k++) {
            FieldMapping f = units.get(k).field();
            List<List<String>> desired = wanted.get(k);
            if (desired.equals(linesOf(f, units.get(k).current()))) {
                continue; // same value: its lines stay as written, whatever their word order
            }
            List<Line> owned = new ArrayList<>();
            int afterOwned = -1;
            for (int i = 0; i < body.size(); i++) {
                // two fields may name one directive (http_connection_mode and httpclose): one does not take away
                // a line the other writes
                if (!f.owns(body.get(i))) {
                    continue;
                }
                Set<Integer> writers = wantedBy.getOrDefault(body.get(i).words(), Set.of());
                if (writers.isEmpty() || writers.contains(k)) {
                    owned.add(body.get(i));
                    afterOwned = i + 1;
                }
            }
            body = withOwnedLines(body, owned, desired, line -> {
                ObjectNode value = JsonNodeFactory.instance.objectNode();
                f.read(List.of(line), value);
                return value;
            }, owned.isEmpty() ? afterLastDirective(body) : afterOwned, indent, eol);
        }
        return withBody(section, body, eol);
    }

    /**
     * The body in which the lines an object owns hold {@code desired}: the i-th owned line rewritten in place (a word
     * keeps its text when {@code reader}, the line's model, reads it the same), the desired lines beyond the owned
     * ones added at {@code at} in order, the owned lines beyond the desired ones dropped. Other lines stay as they
     * are. Owned lines are found by identity (records compare by value, and files repeat lines), in one pass.
     */
    static List<Line> withOwnedLines(List<Line> body, List<Line> owned, List<List<String>> desired,
                                     Function<Line, ?> reader, int at, String indent, String eol) {
        Map<Line, Integer> position = new IdentityHashMap<>();
        for (int i = body.size() - 1; i >= 0; i--) {
            position.put(body.get(i), i); // the first of a line found twice, as a search from the start would
        }
        Line[] replaced = body.toArray(new Line[0]); // null where a line is dropped
        for (int i = 0; i < owned.size(); i++) {
            Integer p = position.get(owned.get(i));
            if (p == null) {
                throw new IllegalArgumentException("not in the body");
            }
            replaced[p] = i < desired.size() ? owned.get(i).rewritten(desired.get(i), reader) : null;
        }
        List<Line> out = new ArrayList<>(body.size() + Math.max(0, desired.size() - owned.size()));
        for (int i = 0; i <= replaced.length; i++) {
            if (i == at) {
                for (int j = owned.size(); j < desired.size(); j++) {
                    out.add(Line.of(indent + String.join(" ", desired.get(j)), eol));
                }
            }
            if (i < replaced.length && replaced[i] != null) {
                out.add(replaced[i]);
            }
        }
        return out;
    }

    /** A field with its value in the model written and in the section now. */
    private record Unit(FieldMapping field, JsonNode value, JsonNode current) {
    }

    /** The units a field writes: a group's members one by one, each on its own lines, else the field itself. */
    private static void units(FieldMapping f, JsonNode value, JsonNode current, List<Unit> out) {
        if (f instanceof GroupField g) {
            for (FieldMapping m : g.members()) {
                units(m, value != null && value.isObject() ? m.valueIn(value) : null,
                        current != null && current.isObject() ? m.valueIn(current) : null, out);
            }
        } else {
            out.add(new Unit(f, value, current));
        }
    }

    private static final String FROM = "from";
    private static final Pattern SECTION_NAME = Pattern.compile("^[A-Za-z0-9-_.:]+$");

    /** The section whose header names the defaults section it takes its settings {@code from} (as the model says). */
    private static Section withFrom(Section section, JsonNode model) throws ConfigException {
        if (!Set.of("defaults", "frontend", "backend").contains(section.kind())) {
            return section;
        }
        JsonNode from = model.get(FROM);
        String wanted = from == null || from.isNull() ? "" : from.asText();
        Line header = section.header();
        String now = header.word(2).equals(FROM) ? header.word(3) : "";
        if (wanted.equals(now)) {
            return section;
        }
        if (!wanted.isEmpty() && !SECTION_NAME.matcher(wanted).matches()) {
            throw ConfigException.schema(605, "from in body should match '" + SECTION_NAME.pattern() + "'");
        }
        List<String> words = new ArrayList<>(List.of(section.kind()));
        if (!section.name().isEmpty()) {
            words.add(section.name());
        }
        if (!wanted.isEmpty()) {
            words.addAll(List.of(FROM, wanted));
        }
        words.addAll(header.words().subList(Math.min(header.words().size(), now.isEmpty() ? 2 : 4),
                header.words().size()).stream().map(Words::encode).toList());
        // the header's words are names: read as they are, never as times ("from 1m" is not "from 60000")
        return new Section(section.kind(), section.name(), header.rewritten(words, Line::words), section.body());
    }

    /** The lines the field's value in {@code model} would be written as (null when they cannot be rebuilt). */
    private static List<List<String>> linesOf(FieldMapping f, JsonNode value) {
        try {
            return f.lines(value);
        } catch (ConfigException e) {
            return null;
        }
    }

    /** The section with a new body in which every line but the very last ends with a terminator. */
    public static Section withBody(Section section, List<Line> body, String eol) {
        return new Section(section.kind(), section.name(), section.header(), List.copyOf(terminated(body, eol)));
    }

    /** The lines of one kind in a section, in file order. */
    public static List<Line> lines(Section section, Predicate<Line> kind) {
        return section.body().stream().filter(kind).toList();
    }

    /**
     * The section with a new line of {@code kind} holding {@code words}, indented as the section is: in place of the
     * {@code index}-th line of its kind (which moves down), or after the last one when {@code index} is their count.
     */
    public static Section insert(Section section, Predicate<Line> kind, int index, List<String> words, String eol) {
        List<Line> same = lines(section, kind);
        List<Line> body = new ArrayList<>(section.body());
        int at = index < same.size() ? ConfigText.identityIndex(body, same.get(index)) : afterLast(body, kind);
        body.add(at, Line.of(indentation(section) + String.join(" ", words), eol));
        return withBody(section, body, eol);
    }

    /**
     * The section with {@code old} holding {@code words} instead, rewritten in place; {@code reader} (the line's
     * model) says whether a word kept as written still reads the same ({@link Line#rewritten(List, Function)}).
     */
    public static Section replace(Section section, Line old, List<String> words, Function<Line, ?> reader,
                                  String eol) {
        List<Line> body = new ArrayList<>(section.body());
        Line line = old.rewritten(words, reader);
        if (line != old) {
            body.set(ConfigText.identityIndex(body, old), line);
        }
        return withBody(section, body, eol);
    }

    /** The section without {@code line}. */
    public static Section remove(Section section, Line line, String eol) {
        List<Line> body = new ArrayList<>(section.body());
        body.remove(ConfigText.identityIndex(body, line));
        return withBody(section, body, eol);
    }

    /** Where a new line of {@code kind} goes: after the last line of that kind, else after the last directive. */
    public static int afterLast(List<Line> body, Predicate<Line> kind) {
        for (int i = body.size() - 1; i >= 0; i--) {
            if (kind.test(body.get(i))) {
                return i + 1;
            }
        }
        return afterLastDirective(body);
    }

    /** Where a new directive goes: after the last one, before the blank lines and comments closing the section. */
    public static int afterLastDirective(List<Line> body) {
        int at = body.size();
        while (at > 0 && body.get(at - 1).isBlankOrComment()) {
            at--;
        }
        return at;
    }

    /** Every line but the very last ends with a terminator (the file may end without one). */
    private static List<Line> terminated(List<Line> body, String eol) {
        for (int i = 0; i < body.size() - 1; i++) {
            Line l = body.get(i);
            if (l.eol().isEmpty()) {
                body.set(i, new Line(l.text(), eol, l.words()));
            }
        }
        return body;
    }

    /** The section's own indentation (that of its first directive), two spaces for an empty section. */
    public static String indentation(Section section) {
        return section.directives().stream().findFirst().map(Line::indentation).orElse("  ");
    }
}
