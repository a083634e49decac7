package dev.dpapi.http;

import io.helidon.http.HeaderNames;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Security;
import io.helidon.security.SecurityEnvironment;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs before every route: stamps {@code Configuration-Version}, answers 404 for a path that is unknown or
 * not plainly written (an encoded slash or dot segment never reaches a route), then requires credentials on
 * every known path: a verified client certificate on the HTTPS listener under mutual TLS, else HTTP Basic.
 */
final class AuthFilter implements Filter {

    private final Security security;
    private final ApiRoutes routes;
    /** HTTPS requires a client certificate signed by the configured CA: it stands for the credentials there. */
    private final boolean mutualTls;
    /** The version to stamp: a transaction's (0 when it is not in progress), else the configuration's. */
    private final Function<Optional<String>, Long> versionOf;
    private final AtomicLong requestIds = new AtomicLong();

    AuthFilter(Security security, ApiRoutes routes, boolean mutualTls, Function<Optional<String>, Long> versionOf) {
        this.security = security;
        this.routes = routes;
        this.mutualTls = mutualTls;
        this.versionOf = versionOf;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().absolute().rawPath();
        if (!isPlain(path)) {
            Json.error(res, 404, "path " + path + " was not found");
            return;
        }
        Optional<String> transaction = req.query().first("transaction_id").filter(t -> !t.isEmpty());
        res.header("Configuration-Version", Long.toString(versionOf.apply(transaction)));
        if (routes.methodsAt(path).isEmpty()) {
            chain.proceed();
            return;
        }
        if (mutualTls && req.isSecure() && req.remotePeer().tlsCertificates().isPresent()) {
            chain.proceed(); // the TLS handshake verified the certificate against --tls-ca
            return;
        }
        SecurityEnvironment.Builder env = SecurityEnvironment.builder()
                .path(path)
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

    /**
     * A path routes only as written: no encoded slash or backslash, no {@code .} or {@code ..} segment (raw or
     * encoded), no encoded NUL. Otherwise a route could match something else once decoded.
     */
    static boolean isPlain(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || lower.contains("\\")) {
            return false;
        }
        for (String segment : lower.split("/", -1)) {
            String decoded = segment.replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
