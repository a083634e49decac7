package dev.dpapi.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * How the runtime and storage handlers read their query parameters and bodies, and where their refusals are
 * answered: a handler throws a {@link Refusal} or lets a {@link RuntimeApiException} through (500 with its text).
 */
public final class Answers {

    private Answers() {
    }

    /** A refusal in the official error shape: HTTP status, the body's code (the status, or go-openapi's 6xx). */
    public static final class Refusal extends RuntimeException {
        final int status;
        final int code;

        public Refusal(int status, String message) {
            this(status, status, message);
        }

        public Refusal(int status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    @FunctionalInterface
    public interface Action {
        void handle(ServerRequest req, ServerResponse res) throws RuntimeApiException;
    }

    /** A handler whose refusals and socket failures are answered here. */
    public static Handler guarded(Action action) {
        return (req, res) -> {
            try {
                action.handle(req, res);
            } catch (Refusal r) {
                Json.send(res, r.status, new Json.ApiError(r.code, r.getMessage()));
            } catch (RuntimeApiException e) {
                Json.error(res, 500, e.getMessage());
            }
        };
    }

    /** A query parameter; an empty value counts as absent. */
    public static Optional<String> query(ServerRequest req, String name) {
        return req.query().first(name).asOptional().filter(v -> !v.isEmpty());
    }

    public static String required(ServerRequest req, String name) {
        return query(req, name).orElseThrow(() -> new Refusal(422, 602, name + " in query is required"));
    }

    public static boolean flag(ServerRequest req, String name) {
        return query(req, name).map(v -> switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new Refusal(422, 600, name + " in query must be of type boolean: \"" + v + "\"");
        }).orElse(false);
    }

    public static Optional<Long> integer(ServerRequest req, String name) {
        return query(req, name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new Refusal(422, 600, name + " in query must be of type int64: \"" + v + "\"");
            }
        });
    }

    /** The JSON body; required. */
    public static JsonNode body(ServerRequest req) {
        String text = req.content().hasEntity() ? req.content().as(String.class) : "";
        if (text.isBlank()) {
            throw new Refusal(422, 602, "data in body is required");
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Refusal(400, "parsing data body from \"\" failed, because " + e.getOriginalMessage());
        }
    }

    /** A text field of a body, required. */
    public static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new Refusal(422, 602, field + " in body is required");
        }
        if (!v.isTextual()) {
            throw new Refusal(400, "parsing data body from \"\" failed, because " + field + " must be a string");
        }
        return v.asText();
    }

    /** A value sent to the socket as one argument; refused when it could end the command line. */
    public static String argument(String field, String value) {
        try {
            return RuntimeApi.argument(value);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, field + " " + e.getMessage());
        }
    }

    public static void noContent(ServerResponse res) {
        res.status(Status.NO_CONTENT_204);
        res.send();
    }
}
