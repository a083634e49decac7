package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.List;
import java.util.Set;

/** An ordered directive kept by index: which lines it is, and its model in both directions. */
public interface LineCodec {

    boolean matches(Line line);

    ObjectNode read(Line line);

    /** The words of the line for a model; refusals are {@link ConfigException}s. */
    List<String> words(JsonNode model) throws ConfigException;

    /** The directive's name in descriptions. */
    String keyword();

    /** The first words of the lines it matches. */
    default Set<String> firstWords() {
        return Set.of(keyword().split(" ")[0]);
    }
}
