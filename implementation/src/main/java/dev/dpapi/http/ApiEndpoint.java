package dev.dpapi.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import java.util.List;

/**
 * One operation the API serves, described once: routing, 405 answers, discovery links and the served
 * OpenAPI document are all derived from these.
 */
public record ApiEndpoint(Method method, String path, String operationId, String summary, String description,
                          List<Param> params, int status, String responseSchema, Handler handler) {

    /** A query parameter of an operation (path parameters come from the path template). */
    public record Param(String name, String type, boolean required, String description) {
    }

    public static ApiEndpoint get(String path, String operationId, String summary, String description,
                                  String responseSchema, Handler handler, Param... params) {
        return new ApiEndpoint(Method.GET, path, operationId, summary, description, List.of(params), 200,
                responseSchema, handler);
    }
}
