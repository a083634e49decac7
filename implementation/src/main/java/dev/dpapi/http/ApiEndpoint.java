package dev.dpapi.http;

import dev.dpapi.text.ConfigException;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * One operation the API serves, described once: routing, 405 answers, discovery links and the served
 * OpenAPI document are all derived from these. {@code tag} is the operation's family in the document (the contract's
 * tag: generated clients get one API class per tag); it is given to a whole family at once by {@link #tagged}.
 */
public record ApiEndpoint(Method method, String path, String operationId, String summary, String description,
                          List<Param> params, int status, String responseSchema, Action handler, String tag) {

    /** An operation not yet given its family's tag. */
    public ApiEndpoint(Method method, String path, String operationId, String summary, String description,
                       List<Param> params, int status, String responseSchema, Action handler) {
        this(method, path, operationId, summary, description, params, status, responseSchema, handler, null);
    }

    /** The operations of one family, each under the family's tag. */
    public static List<ApiEndpoint> tagged(String tag, List<ApiEndpoint> family) {
        return family.stream().map(e -> new ApiEndpoint(e.method, e.path, e.operationId, e.summary, e.description,
                e.params, e.status, e.responseSchema, e.handler, tag)).toList();
    }

    /** A query or header parameter of an operation ({@code in}; path parameters come from the path template). */
    public record Param(String name, String type, boolean required, String description, String in) {
        /** A query parameter. */
        public Param(String name, String type, boolean required, String description) {
            this(name, type, required, description, "query");
        }

        /** An optional request header. */
        public static Param header(String name, String description) {
            return new Param(name, "string", false, description, "header");
        }

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
