package dev.dpapi.model;

import static dev.dpapi.model.Field.integer;
import static dev.dpapi.model.Field.onOff;
import static dev.dpapi.model.Field.present;
import static dev.dpapi.model.Field.time;
import static dev.dpapi.model.Field.word;
import static dev.dpapi.model.Field.words;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Section;
import java.util.List;

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
            new ListField("log", LogTargetCodec.INSTANCE, false),
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
            new ListField("acl", RuleTables.ACL, true),
            words("args", "args"),
            ObjectField.of("event", "event", Arg.word("name"), Arg.condition("cond")))),

    GROUP("spoe-group", List.of(words("messages", "messages")));

    private final String keyword;
    private final List<FieldMapping> fields;

    SpoeTables(String keyword, List<FieldMapping> fields) {
        this.keyword = keyword;
        this.fields = fields;
    }

    /** The fields of the section's model, in the table's order. */
    List<FieldMapping> fields() {
        return fields;
    }

    /** The name of the section's model, e.g. {@code spoe_agent}. */
    public String model() {
        return keyword.replace('-', '_');
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
}
