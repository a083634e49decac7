package dev.dpapi.model;

import static dev.dpapi.model.Field.integer;
import static dev.dpapi.model.Field.onOff;
import static dev.dpapi.model.Field.present;
import static dev.dpapi.model.Field.time;
import static dev.dpapi.model.Field.word;
import static dev.dpapi.model.Field.words;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sections of an SPOE file ({@code spoe-agent}, {@code spoe-message}, {@code spoe-group}) and their models:
 * JSON field ↔ directive, one table per section kind, read and written by the same {@link SectionEditor} as
 * haproxy.cfg's sections. An SPOE file is parsed with {@link #opensSection}: scope lines ({@code [name]}) and
 * these three keywords open sections.
 */
public enum SpoeTables {

    AGENT("spoe-agent", List.of(
            onOff("async", "option async"),
            present("continue-on-error", "option continue-on-error"),
            onOff("dontlog-normal", "option dontlog-normal"),
            word("engine-name", "engine-name"),
            present("force-set-var", "option force-set-var"),
            words("groups", "groups"),
            time("hello_timeout", "timeout hello"),
            time("idle_timeout", "timeout idle"),
            new CodecList("log", LogTargetCodec.INSTANCE, false),
            integer("max-frame-size", "max-frame-size"),
            integer("max-waiting-frames", "max-waiting-frames"),
            integer("maxconnrate", "maxconnrate"),
            integer("maxerrrate", "maxerrrate"),
            words("messages", "messages"),
            word("option_set-on-error", "option set-on-error"),
            word("option_set-process-time", "option set-process-time"),
            word("option_set-total-time", "option set-total-time"),
            word("option_var-prefix", "option var-prefix"),
            onOff("pipelining", "option pipelining"),
            time("processing_timeout", "timeout processing"),
            words("register-var-names", "register-var-names"),
            onOff("send-frag-payload", "option send-frag-payload"),
            word("use-backend", "use-backend"))),

    MESSAGE("spoe-message", List.of(
            new CodecList("acl", RuleTables.ACL, true),
            words("args", "args"),
            ObjectField.of("event", "event", Arg.word("name"), Arg.condition("cond")))),

    GROUP("spoe-group", List.of(words("messages", "messages")));

    private final String keyword;
    private final List<FieldMapping> fields;

    SpoeTables(String keyword, List<FieldMapping> fields) {
        this.keyword = keyword;
        this.fields = fields;
    }

    /** The section keyword, e.g. {@code spoe-agent}. */
    public String keyword() {
        return keyword;
    }

    /** Whether a line starting with {@code word} opens a section of an SPOE file: a scope or one of the three kinds. */
    public static boolean opensSection(String word) {
        return isScope(word) || word.equals("spoe-agent") || word.equals("spoe-message") || word.equals("spoe-group");
    }

    /** A scope line's word: {@code [name]}. */
    public static boolean isScope(String word) {
        return word.length() > 2 && word.startsWith("[") && word.endsWith("]");
    }

    public ObjectNode read(Section section) {
        return SectionEditor.read(section, fields);
    }

    /** The section holding exactly the model's fields; untouched lines stay byte for byte. */
    public Section write(Section section, JsonNode model, String eol) throws ConfigException {
        return SectionEditor.write(section, fields, model, eol);
    }

    /**
     * Every line a codec matches, as a JSON array in file order ({@code acl} lines of a message, {@code log}
     * lines of an agent); {@code indexed} items carry their position as {@code index}, as the acl model does.
     */
    private record CodecList(String json, LineCodec codec, boolean indexed) implements FieldMapping {

        @Override
        public Set<String> firstWords() {
            return Set.of(codec.keyword().split(" ")[0], "no");
        }

        @Override
        public boolean owns(Line line) {
            return codec.matches(line);
        }

        @Override
        public void read(List<Line> directives, ObjectNode out) {
            ArrayNode items = null;
            for (Line l : directives) {
                if (owns(l)) {
                    items = items == null ? out.putArray(json) : items;
                    ObjectNode item = codec.read(l);
                    if (indexed) {
                        item.put("index", items.size());
                    }
                    items.add(item);
                }
            }
        }

        @Override
        public List<List<String>> lines(JsonNode value) throws ConfigException {
            List<List<String>> lines = new ArrayList<>();
            if (value != null && !value.isNull()) {
                if (!value.isArray()) {
                    throw ConfigException.wrongType(value, "Go struct field ." + json + " of type []");
                }
                for (JsonNode item : value) {
                    lines.add(codec.words(item));
                }
            }
            return lines;
        }
    }
}
