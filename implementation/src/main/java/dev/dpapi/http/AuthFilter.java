package dev.dpapi.http;

import io.helidon.http.HeaderNames;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Security;
import io.helidon.security.SecurityEnvironment;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs before every route: stamps {@code Configuration-Version}, then requires HTTP Basic credentials on
 * every known path (unknown paths get their 404 first, as the official orders it).
 */
final class AuthFilter implements Filter {

    private final Security security;
    private final ApiRoutes routes;
    /** The version to stamp: a transaction's (0 when it is not in progress), else the configuration's. */
    private final Function<Optional<String>, Long> versionOf;
    private final AtomicLong requestIds = new AtomicLong();

    AuthFilter(Security security, ApiRoutes routes, Function<Optional<String>, Long> versionOf) {
        this.security = security;
        this.routes = routes;
        this.versionOf = versionOf;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> transaction = req.query().first("transaction_id").filter(t -> !t.isEmpty());
        res.header("Configuration-Version", Long.toString(versionOf.apply(transaction)));
        if (routes.methodsAt(req.path().absolute().rawPath()).isEmpty()) {
            chain.proceed();
            return;
        }
        SecurityEnvironment.Builder env = SecurityEnvironment.builder()
                .path(req.path().absolute().rawPath())
                .method(req.prologue().method().text());
        req.headers().first(HeaderNames.AUTHORIZATION).ifPresent(v -> env.header("Authorization", v));
        AuthenticationResponse outcome = security.contextBuilder(Long.toString(requestIds.incrementAndGet()))
                .env(env.build())
                .build()
                .authenticate();
        if (outcome.status().isSuccess()) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"API\"");
        Json.error(res, 401, outcome.description().orElse("unauthenticated for invalid credentials"));
    }
}
