package dev.dpapi.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Set;
import java.util.stream.Collectors;

/** Answers requests no route took: 405 with {@code Allow} for a known path, else 404. */
final class FallbackHandler implements Handler {

    private final ApiRoutes routes;

    FallbackHandler(ApiRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        answer(routes.methodsAt(req.path().absolute().rawPath()), req, res);
    }

    /**
     * 404 or 405 for a request whose path, as written, no route serves with its method. Answered by the
     * authentication filter itself, before any credentials: a request it let through would reach Helidon's router,
     * which matches a normalised path (an empty segment, a {@code ;} parameter, an encoded letter) to a route.
     */
    static void answer(Set<Method> allowed, ServerRequest req, ServerResponse res) {
        String path = req.path().absolute().rawPath();
        if (allowed.isEmpty()) {
            Json.routingError(req, res, 404, "path " + path + " was not found");
            return;
        }
        String list = allowed.stream().map(Method::text).collect(Collectors.joining(","));
        res.header(HeaderNames.ALLOW, list);
        Json.routingError(req, res, 405, "method " + req.prologue().method().text() + " is not allowed, but [" + list + "] are");
    }
}
