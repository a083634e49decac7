package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model object carried by one directive: its leading words, then its {@link ArgList}, e.g.
 * {@code option forwardfor except 127.0.0.0/8 header X-Client if-none} ↔
 * {@code {"enabled":"enabled","except":"127.0.0.0/8","header":"X-Client","ifnone":"enabled"}}.
 *
 * @param presence a flag field set whenever the directive is there ("enabled" or true), or null
 * @param flat     whether the fields sit in the enclosing object instead of an object of their own
 */
record ObjectField(String json, List<String> keyword, Arg presence, ArgList args, boolean flat) implements LineField {

    /** An object of its own under {@code json}, e.g. {@code "redispatch":{"enabled":"enabled","interval":3}}. */
    static ObjectField of(String json, String keyword, Arg... args) {
        return of(json, keyword, List.of(args));
    }

    static ObjectField of(String json, String keyword, List<Arg> args) {
        return new ObjectField(json, List.of(keyword.split(" ")), null, ArgList.of(args), false);
    }

    /** Like {@link #of}, with a field that reads "enabled" whenever the directive is there. */
    static ObjectField enabled(String json, String keyword, Arg... args) {
        return new ObjectField(json, List.of(keyword.split(" ")), Arg.enabled("enabled", ""), ArgList.of(List.of(args)),
                false);
    }

    /** {@code <keyword> if|unless <condition>} as {@code {"cond":…,"cond_test":…}}. */
    static ObjectField condition(String json, String keyword) {
        return of(json, keyword, Arg.condition("cond"));
    }

    /** The directive's arguments as fields of the enclosing object, {@code presence} telling that it is there. */
    static ObjectField flat(String keyword, Arg presence, Arg... args) {
        return new ObjectField(presence.json(), List.of(keyword.split(" ")), presence, ArgList.of(List.of(args)), true);
    }

    @Override
    public Set<String> firstWords() {
        return Set.of(keyword.get(0));
    }

    @Override
    public boolean owns(Line line) {
        List<String> w = line.words();
        return w.size() >= keyword.size() && w.subList(0, keyword.size()).equals(keyword);
    }

    @Override
    public JsonNode valueIn(JsonNode model) {
        return flat ? model : LineField.super.valueIn(model);
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        lastOwned(directives).ifPresent(last -> {
            ObjectNode value = readLine(last);
            if (flat) {
                out.setAll(value);
            } else {
                out.set(json, value);
            }
        });
    }

    /** The model of one of the lines this field owns. */
    ObjectNode readLine(Line line) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        if (presence != null) {
            value.set(presence.json(), presence.value().read(""));
        }
        args.read(line, keyword.size(), value);
        return value;
    }

    /** Whether the model asks for the directive: nested objects are there unless switched off. */
    private boolean present(JsonNode value) throws ConfigException {
        if (presence == null) {
            return true;
        }
        JsonNode v = value.get(presence.json());
        if (v == null || v.isNull()) {
            return !flat;
        }
        return presence.value().isSet(presence.json(), v);
    }

    @Override
    public Optional<List<String>> words(JsonNode value) throws ConfigException {
        if (value == null || value.isNull() || !value.isObject() || !present(value)) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(keyword);
        args.write(value, flat ? "" : json + ".", words);
        return Optional.of(words);
    }
}
