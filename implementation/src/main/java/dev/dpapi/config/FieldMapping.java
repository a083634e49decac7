package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** A model field and the directive carrying it in a section: the unit of a section's mapping table. */
interface FieldMapping {

    String json();

    /** Whether this field manages the line (it is rewritten or removed with the field). */
    boolean owns(Line line);

    /** Puts the field's value, read from the section's directives, into {@code out}. */
    void read(List<Line> directives, ObjectNode out);

    /** The words of the directive for the value, or empty when the value means "no directive". */
    Optional<List<String>> words(JsonNode value) throws ConfigException;
}
