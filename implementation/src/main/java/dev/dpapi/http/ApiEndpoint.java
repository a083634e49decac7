package dev.dpapi.http;

import dev.dpapi.text.ConfigException;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * One operation the API serves, described once: routing, 405 answers, discovery links and the served
 * OpenAPI document are all derived from these.
 */
public record ApiEndpoint(Method method, String path, String operationId, String summary, String description,
                          List<Param> params, int status, String responseSchema, Action handler) {

    /** A query parameter of an operation (path parameters come from the path template). */
    public record Param(String name, String type, boolean required, String description) {
        /** The query parameters of every configuration change (and, the first, of its reads). */
        public static final Param TRANSACTION_ID = new Param("transaction_id", "string", false,
                "transaction to read or change");
        public static final Param VERSION = new Param("version", "integer", false, "version the change is made against");
        public static final Param FORCE_RELOAD = new Param("force_reload", "boolean", false, "reload before answering");
    }

    /** A handler whose refusals are thrown; {@link ApiService} answers them in the official error body. */
    @FunctionalInterface
    public interface Action {
        void handle(ServerRequest req, ServerResponse res) throws ConfigException;
    }

    public static ApiEndpoint get(String path, String operationId, String summary, String description,
                                  String responseSchema, Action handler, Param... params) {
        return new ApiEndpoint(Method.GET, path, operationId, summary, description, List.of(params), 200,
                responseSchema, handler);
    }
}
