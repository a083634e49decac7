package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.util.List;

/** {@code log} lines: {@code log global} is {@code {"global":true}}; the others follow the log target table. */
final class LogTargetCodec implements LineCodec {

    static final LogTargetCodec INSTANCE = new LogTargetCodec();

    private LogTargetCodec() {
    }

    @Override
    public boolean matches(Line line) {
        return RuleTables.LOG_TARGET.matches(line) && line.words().size() > 1;
    }

    @Override
    public ObjectNode read(Line line) {
        if (line.words().equals(List.of("log", "global"))) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("global", true);
            return out;
        }
        return RuleTables.LOG_TARGET.read(line);
    }

    @Override
    public List<String> words(JsonNode model) throws ConfigException {
        return model.path("global").asBoolean(false) ? List.of("log", "global") : RuleTables.LOG_TARGET.words(model);
    }

    @Override
    public String keyword() {
        return "log";
    }
}
