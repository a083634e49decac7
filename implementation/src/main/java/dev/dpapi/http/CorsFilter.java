package dev.dpapi.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-origin requests from browser front-ends, as the official answers them (its CORS layer: credentials
 * allowed, the methods below, any request header, {@code Reload-ID} and {@code Configuration-Version} exposed,
 * preflights cached a day), but only for the origins of {@code allowed_origins} (and the API's own): the official
 * allows every origin, which lets any web page drive the API with an administrator's cached credentials.
 * Preflights need no credentials, as browsers send none with them.
 */
final class CorsFilter implements Filter {

    private static final HeaderName REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");
    private static final HeaderName REQUEST_HEADERS = HeaderNames.create("Access-Control-Request-Headers");
    private static final Set<String> METHODS = Set.of("HEAD", "GET", "POST", "PUT", "PATCH", "DELETE");

    private final ApiRoutes routes;
    private final List<String> allowedOrigins;

    CorsFilter(ApiRoutes routes, List<String> allowedOrigins) {
        this.routes = routes;
        this.allowedOrigins = allowedOrigins;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN).map(String::strip);
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        boolean allowed = allowedOrigins.contains(origin.get()) || RequestGuard.isSameOrigin(origin.get(), req);
        String path = req.path().absolute().rawPath();
        boolean preflight = req.prologue().method().equals(Method.OPTIONS) && req.headers().contains(REQUEST_METHOD)
                && AuthFilter.isPlain(path) && !routes.methodsAt(path).isEmpty();
        if (!preflight) {
            if (allowed) {
                res.header(HeaderNames.VARY, "Origin");
                allowOrigin(res, origin.get());
                res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Reload-Id, Configuration-Version");
            }
            chain.proceed();
            return;
        }
        res.header(HeaderNames.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        String method = req.headers().first(REQUEST_METHOD).orElse("").strip().toUpperCase(Locale.ROOT);
        if (!allowed) {
            Json.error(res, 403, "cross-site request refused: origin " + origin.get()
                    + " may not use this API (see allowed_origins)");
            return;
        }
        if (!METHODS.contains(method)) {
            Json.error(res, 403, "cross-site request refused: method " + method + " is not allowed");
            return;
        }
        allowOrigin(res, origin.get());
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, method);
        req.headers().first(REQUEST_HEADERS).map(String::strip).filter(h -> !h.isEmpty())
                .ifPresent(h -> res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, h));
        res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
        res.status(Status.NO_CONTENT_204).send();
    }

    private static void allowOrigin(RoutingResponse res, String origin) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
}
