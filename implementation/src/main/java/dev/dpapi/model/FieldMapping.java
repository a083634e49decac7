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

    /** The field, required by the model's schema: a model without it is refused (422, 602) before any text is built. */
    static FieldMapping required(FieldMapping field) {
        return new Required(field);
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
            if (value == null || value.isNull() || value.isMissingNode()) {
                throw ConfigException.schema(602, json() + " in body is required");
            }
            return field.lines(value);
        }
    }
}
