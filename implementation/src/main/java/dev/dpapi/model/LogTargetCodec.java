package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.List;
import java.util.Set;

/**
 * {@code log} lines, read and written by the log target table; {@code no log} is {@code {"nolog":true}}.
 */
public final class LogTargetCodec implements LineCodec {

    public static final LogTargetCodec INSTANCE = new LogTargetCodec();
    private static final List<String> NO_LOG = List.of("no", "log");

    private LogTargetCodec() {
    }

    @Override
    public boolean matches(Line line) {
        return (RuleTables.LOG_TARGET.matches(line) && line.words().size() > 1) || line.words().equals(NO_LOG);
    }

    @Override
    public ObjectNode read(Line line) {
        if (line.words().equals(NO_LOG)) {
            return JsonNodeFactory.instance.objectNode().put("nolog", true);
        }
        return RuleTables.LOG_TARGET.read(line);
    }

    @Override
    public List<String> words(JsonNode model) throws ConfigException {
        if (model.path("nolog").asBoolean(false)) {
            return NO_LOG;
        }
        return RuleTables.LOG_TARGET.words(model);
    }

    @Override
    public String keyword() {
        return "log";
    }

    @Override
    public Set<String> firstWords() {
        return Set.of("log", "no");
    }
}
