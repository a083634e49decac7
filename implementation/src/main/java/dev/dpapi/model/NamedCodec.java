package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.List;

/** A directive inside a section keyed by a name: which lines, their names, and their model both ways. */
public interface NamedCodec {

    String keyword();

    boolean matches(Line line);

    String name(Line line);

    ObjectNode read(Line line);

    /** The words for a model; {@code old} is the line it replaces (null for a new one). */
    List<String> words(JsonNode model, Line old) throws ConfigException;

    /** The model field holding the name, when the name is the line's second word (else null). */
    String nameField();

    default boolean namedByWord() {
        return nameField() != null;
    }
}
