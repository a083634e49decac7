package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.List;

/** A peers section's {@code table <name> type <type> [len <n>] size <size> [expire <t>] [nopurge] [store <data>]}. */
public record TableCodec(ObjectField line) implements NamedCodec {

    public static final TableCodec INSTANCE = new TableCodec(ObjectField.of("table", "table", Arg.word("name"),
            Arg.param("type", "type"), Arg.param("type_len", "len", Value.INTEGER), Arg.param("size", "size"),
            Arg.param("expire", "expire"), Arg.flag("no_purge", "nopurge"), Arg.param("store", "store")));

    @Override
    public String keyword() {
        return "table";
    }

    @Override
    public boolean matches(Line l) {
        return l.keyword().equals("table") && l.words().size() > 1;
    }

    @Override
    public String name(Line l) {
        return l.word(1);
    }

    @Override
    public ObjectNode read(Line l) {
        return line.readLine(l);
    }

    @Override
    public List<String> words(JsonNode model, Line old) throws ConfigException {
        // the official's model requires nothing (a table without type or size is HAProxy's to refuse), but the
        // line starts with the name: without one, its first argument would be read as the name
        if (model.path("name").asText().isEmpty()) {
            throw new ConfigException(400, "a table needs a name");
        }
        return line.words(model).orElseThrow();
    }

    @Override
    public String nameField() {
        return "name";
    }
}
