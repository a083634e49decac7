package dev.dpapi.model;

import static dev.dpapi.model.Arg.param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.ArrayList;
import java.util.List;

/** A directive {@code <keyword> <name> <arguments>} of a section, keyed by its name: its table of arguments. */
public record NamedLine(String keyword, String nameField, ArgList args) implements NamedCodec {

    /** A userlist's {@code user <username> password|insecure-password <password> [groups <g1>,<g2>]}. */
    public static final NamedLine USER = new NamedLine("user", "username", ArgList.of(List.of(
            Arg.keyed("secure_password", "password", Value.FORMAT, "password", "insecure-password")
                    .keyAs(Value.yesNo("password", "insecure-password")).mandatory(),
            param("groups", "groups", Value.WORD_OR_NONE))));

    /** A userlist's {@code group <name> [users <u1>,<u2>]}. */
    public static final NamedLine GROUP = new NamedLine("group", "name", ArgList.of(List.of(
            param("users", "users", Value.WORD_OR_NONE))));

    @Override
    public boolean matches(Line l) {
        return l.keyword().equals(keyword) && l.words().size() >= 2;
    }

    @Override
    public String name(Line l) {
        return l.word(1);
    }

    @Override
    public ObjectNode read(Line l) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put(nameField, l.word(1));
        args.read(l, 2, out);
        return out;
    }

    @Override
    public List<String> words(JsonNode model, Line old) throws ConfigException {
        List<String> words = new ArrayList<>(List.of(keyword, Value.WORD.write(nameField, model.path(nameField))));
        args.write(model, "", words);
        return words;
    }
}
