package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.text.ConfigException;
import java.util.List;
import java.util.Optional;

/** A field carried by a single directive line. */
interface LineField extends FieldMapping {

    /** The words of the directive for the value, or empty when the value means "no directive". */
    Optional<List<String>> words(JsonNode value) throws ConfigException;

    @Override
    default List<List<String>> lines(JsonNode value) throws ConfigException {
        return words(value).map(List::of).orElse(List.of());
    }
}
