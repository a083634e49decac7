package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A model field and the directive carrying it in a section: the unit of a section's mapping table. */
public interface FieldMapping {

    String json();

    /** The part of the model this field writes: its own member, or for flat fields the whole model. */
    default JsonNode valueIn(JsonNode model) {
        return model.get(json());
    }

    /** The first words of the lines it may own: a section is read by looking only at those. */
    Set<String> firstWords();

    /** Whether this field manages the line (it is rewritten or removed with the field). */
    boolean owns(Line line);

    /** Puts the field's value, read from the section's directives, into {@code out}. */
    void read(List<Line> directives, ObjectNode out);

    /** The line that holds the field's value: the last one it owns (HAProxy keeps the last). */
    default Optional<Line> lastOwned(List<Line> directives) {
        Line last = null;
        for (Line l : directives) {
            if (owns(l)) {
                last = l;
            }
        }
        return Optional.ofNullable(last);
    }

    /** Every directive line of the value (none when the value means "no directive"), in order. */
    List<List<String>> lines(JsonNode value) throws ConfigException;

    /**
     * The field, required by the model's schema: a body without it is refused (422, 602) on arrival, where every
     * change's body is checked against its model's schema ({@code http.WriteRequest#withObjectBody}).
     */
    static FieldMapping required(FieldMapping field) {
        return new Required(field);
    }

    /**
     * A deprecated second name for a member of a group field, e.g. {@code tune_ssl_default_dh_param} for
     * {@code tune_options.ssl_default_dh_param}: read from the same directive; written only when the model leaves
     * the group's member out (the group's value wins), and never removing the directive the group writes.
     */
    static FieldMapping alias(String json, String group, Field target) {
        return new Alias(json, group, target);
    }

    record Alias(String json, String group, Field target) implements FieldMapping {
        @Override
        public JsonNode valueIn(JsonNode model) {
            return model;
        }

        @Override
        public Set<String> firstWords() {
            return target.firstWords();
        }

        @Override
        public boolean owns(Line line) {
            return target.owns(line);
        }

        @Override
        public void read(List<Line> directives, ObjectNode out) {
            ObjectNode value = out.objectNode();
            target.read(directives, value);
            if (value.has(target.json())) {
                out.set(json, value.get(target.json()));
            }
        }

        @Override
        public List<List<String>> lines(JsonNode model) throws ConfigException {
            if (model == null || model.path(group).hasNonNull(target.json())) {
                return List.of();
            }
            return target.lines(model.get(json));
        }
    }

    record Required(FieldMapping field) implements FieldMapping {
        @Override
        public String json() {
            return field.json();
        }

        @Override
        public JsonNode valueIn(JsonNode model) {
            return field.valueIn(model);
        }

        @Override
        public Set<String> firstWords() {
            return field.firstWords();
        }

        @Override
        public boolean owns(Line line) {
            return field.owns(line);
        }

        @Override
        public void read(List<Line> directives, ObjectNode out) {
            field.read(directives, out);
        }

        @Override
        public List<List<String>> lines(JsonNode value) throws ConfigException {
            return field.lines(value);
        }
    }
}
