package dev.dpapi.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Security;
import io.helidon.security.SecurityEnvironment;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs before every route: stamps {@code Configuration-Version} on the answer, answers 404 for a path that is unknown or
 * not plainly written (an encoded slash or dot segment never reaches a route), then requires credentials on every
 * operation (a method a known path does not serve is answered 405 without them, as the official does): a verified
 * client certificate on the HTTPS listener under mutual TLS, else HTTP Basic.
 * A Basic credential that was accepted is remembered (its SHA-256, never the text) with the users it was checked
 * against: the next requests that present it skip the check (a crypt(3) hash costs milliseconds) until the
 * users change.
 */
final class AuthFilter implements Filter {

    private static final HeaderName CONFIGURATION_VERSION = HeaderNames.create("Configuration-Version");

    private final Security security;
    private final ApiRoutes routes;
    /** HTTPS requires a client certificate signed by the configured CA: it stands for the credentials there. */
    private final boolean mutualTls;
    /** The version to stamp: a transaction's (0 when it is not in progress), else the configuration's. */
    private final Function<Optional<String>, Long> versionOf;
    private final AtomicLong requestIds = new AtomicLong();
    /** The users in force now; see {@link #accepted}. */
    private final Supplier<Object> usersInForce;
    /** Digests of accepted Authorization headers, each with the users that accepted it. */
    private final Map<ByteBuffer, Object> accepted = new ConcurrentHashMap<>();
    private static final int REMEMBERED = 64;

    AuthFilter(Security security, ApiRoutes routes, boolean mutualTls, Function<Optional<String>, Long> versionOf,
               Supplier<Object> usersInForce) {
        this.security = security;
        this.routes = routes;
        this.mutualTls = mutualTls;
        this.versionOf = versionOf;
        this.usersInForce = usersInForce;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // stamped as the answer goes out, so that a write's answer carries the version it made
        Optional<String> transaction = WriteRequest.transactionId(req);
        res.beforeSend(() -> res.header(CONFIGURATION_VERSION, Long.toString(versionOf.apply(transaction))));
        String path = req.path().absolute().rawPath();
        if (!isPlain(path)) {
            Json.routingError(req, res, 404, "path " + path + " was not found");
            return;
        }
        Set<Method> allowed = routes.methodsAt(path);
        if (!allowed.contains(req.prologue().method())) {
            // 404 or 405, before any authentication as the official's router answers them; here, never passed on
            FallbackHandler.answer(allowed, req, res);
            return;
        }
        if (mutualTls && req.isSecure() && req.remotePeer().tlsCertificates().isPresent()) {
            chain.proceed(); // the TLS handshake verified the certificate against --tls-ca
            return;
        }
        Optional<String> credentials = req.headers().first(HeaderNames.AUTHORIZATION);
        Object users = usersInForce.get();
        ByteBuffer digest = credentials.map(AuthFilter::digest).orElse(null);
        if (digest != null && accepted.get(digest) == users) {
            chain.proceed();
            return;
        }
        SecurityEnvironment.Builder env = SecurityEnvironment.builder()
                .path(path)
                .method(req.prologue().method().text());
        credentials.ifPresent(v -> env.header("Authorization", v));
        AuthenticationResponse outcome = security.contextBuilder(Long.toString(requestIds.incrementAndGet()))
                .env(env.build())
                .build()
                .authenticate();
        if (outcome.status().isSuccess()) {
            if (digest != null) {
                if (accepted.size() >= REMEMBERED) {
                    accepted.clear();
                }
                accepted.put(digest, users);
            }
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"API\"");
        Json.routingError(req, res, 401, outcome.description().orElse("unauthenticated for invalid credentials"));
    }

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e); // every JDK has SHA-256
        }
    }

    private static ByteBuffer digest(String credentials) {
        try {
            MessageDigest sha = (MessageDigest) SHA_256.clone(); // cheaper than looking the provider up each time
            return ByteBuffer.wrap(sha.digest(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A path routes only as written: no encoded slash or backslash, no {@code .} or {@code ..} segment (raw or
     * encoded), no encoded NUL. Otherwise a route could match something else once decoded.
     */
    static boolean isPlain(String rawPath) {
        int segmentStart = 0;
        for (int i = 0; i <= rawPath.length(); i++) {
            if (i == rawPath.length() || rawPath.charAt(i) == '/') {
                if (isDotSegment(rawPath, segmentStart, i)) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (rawPath.charAt(i) == '\\') {
                return false;
            } else if (rawPath.charAt(i) == '%' && (rawPath.regionMatches(true, i, "%2f", 0, 3)
                    || rawPath.regionMatches(true, i, "%5c", 0, 3) || rawPath.regionMatches(i, "%00", 0, 3))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code path[from, to)} is {@code .} or {@code ..}, each dot written plainly or as {@code %2e}. */
    private static boolean isDotSegment(String path, int from, int to) {
        int dots = 0;
        for (int i = from; i < to; dots++) {
            if (path.charAt(i) == '.') {
                i++;
            } else if (path.regionMatches(true, i, "%2e", 0, 3)) {
                i += 3;
            } else {
                return false;
            }
        }
        return dots == 1 || dots == 2;
    }
}
