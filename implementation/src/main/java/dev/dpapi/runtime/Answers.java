package dev.dpapi.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.WriteRequest;
import io.helidon.http.Status;
import dev.dpapi.text.ConfigException;
import dev.dpapi.http.ApiEndpoint;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.OptionalLong;

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
        void handle(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException;
    }

    /** A handler whose refusals and socket failures are answered where every endpoint's are (500: the socket's text). */
    public static ApiEndpoint.Action guarded(Action action) {
        return (req, res) -> {
            try {
                action.handle(req, res);
            } catch (Refusal r) {
                throw new ConfigException(r.status, r.code, r.getMessage());
            } catch (RuntimeApiException e) {
                throw new ConfigException(500, e.getMessage());
            }
        };
    }

    /** A query parameter, read with the API's one set of query rules (an empty value is absent). */
    public static Optional<String> query(ServerRequest req, String name) {
        return WriteRequest.value(req, name);
    }

    public static String required(ServerRequest req, String name) throws ConfigException {
        return WriteRequest.required(req, name);
    }

    public static boolean flag(ServerRequest req, String name) {
        return WriteRequest.flag(req, name);
    }

    public static Optional<Long> integer(ServerRequest req, String name) throws ConfigException {
        OptionalLong value = WriteRequest.integer(req, name);
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    /** The JSON body; required. */
    public static JsonNode body(ServerRequest req) throws ConfigException {
        return WriteRequest.json(WriteRequest.text(req));
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
