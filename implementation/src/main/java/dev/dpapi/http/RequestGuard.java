package dev.dpapi.http;

import dev.dpapi.settings.Settings;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Method;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Runs after authentication, before any handler reads the request: refuses changes sent by a page of another
 * site (403), bodies over the limit (413, without reading them) and media types the operation does not take
 * (415), and requests whose {@code Accept} takes none of the operation's media types (406); then holds the
 * request to the listener's read timeout (its body) and write timeout (its answer).
 */
final class RequestGuard implements Filter {

    private static final Logger LOG = Logger.getLogger("dataplaneapi");
    private static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");
    private static final Set<Method> CHANGES = Set.of(Method.POST, Method.PUT, Method.DELETE, Method.PATCH);
    private static final String JSON = "application/json";
    private static final String STORAGE = ApiRoutes.BASE + "/services/haproxy/storage/";
    /** Operations answering a stored file's own bytes ({@code application/octet-stream}) as well as JSON. */
    private static final Pattern FILE_CONTENTS =
            Pattern.compile(ApiRoutes.BASE + "/services/haproxy/storage/(maps|general)/[^/]+");
    /** Bulk payloads of the runtime (a map or ACL file's worth of entries): held to the upload limit too. */
    private static final Pattern RUNTIME_PAYLOAD =
            Pattern.compile(ApiRoutes.BASE + "/services/haproxy/runtime/(maps/[^/]+|acl_file_entries)");

    /** Operations that take more than JSON (the contract's {@code consumes}); all others take JSON only. */
    private record Consumes(Method method, Pattern path, String mediaType) {
    }

    private static final List<Consumes> CONSUMES = List.of(
            new Consumes(Method.POST, Pattern.compile("/v2/services/haproxy/configuration/raw"), "text/plain"),
            new Consumes(Method.POST, Pattern.compile("/v2/services/haproxy/storage/(maps|ssl_certificates|general)"),
                    "multipart/form-data"),
            new Consumes(Method.PUT, Pattern.compile("/v2/services/haproxy/storage/(maps|ssl_certificates|general)/[^/]+"),
                    "text/plain"),
            new Consumes(Method.POST, Pattern.compile("/v2/services/haproxy/spoe/spoe_files"), "multipart/form-data"));

    /** A body that went over its limit while a handler read it (a chunked one, with no length announced). */
    static final class BodyTooLarge extends RuntimeException {
        final long limit;

        BodyTooLarge(long limit) {
            super("request body is larger than " + limit + " bytes", null, false, false);
            this.limit = limit;
        }
    }

    private final ApiRoutes routes;
    private final Settings.Requests requests;
    private final Function<String, Settings.Limits> limitsOfSocket;
    private final Timeouts timeouts;

    RequestGuard(ApiRoutes routes, Settings.Requests requests, Function<String, Settings.Limits> limitsOfSocket,
                 Timeouts timeouts) {
        this.routes = routes;
        this.requests = requests;
        this.limitsOfSocket = limitsOfSocket;
        this.timeouts = timeouts;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Settings.Limits limits = limitsOfSocket.apply(req.listenerContext().config().name());
        Method method = req.prologue().method();
        String path = req.path().absolute().rawPath(); // a route's, with its method: the others were answered before
        if (CHANGES.contains(method)) {
            Optional<String> refusal = crossSite(req);
            if (refusal.isPresent()) {
                Json.error(res, 403, refusal.get());
                return;
            }
        }
        Deadlines deadlines = new Deadlines(method.text() + " " + path);
        if (hasBody(req)) {
            boolean upload = path.startsWith(STORAGE)
                    || (method.equals(Method.PUT) && RUNTIME_PAYLOAD.matcher(path).matches());
            long limit = upload ? requests.maxUploadSize() : requests.maxBodySize();
            if (req.headers().contentLength().orElse(0L) > limit) {
                tooLarge(res, limit);
                return;
            }
            List<String> accepted = consumes(method, path);
            // the media type alone, without parameters (a charset): the official names it so in its refusal
            String type = req.headers().contentType().map(HttpMediaType::mediaType)
                    .map(m -> m.type() + "/" + m.subtype()).orElse("application/octet-stream").toLowerCase(Locale.ROOT);
            if (!accepted.contains(type)) {
                Json.routingError(req, res, 415, "unsupported media type \"" + type + "\", only " + accepted.toString()
                        .replace(",", "") + " are allowed");
                return;
            }
            Optional<Timeouts.Armed> bodyRead = deadlines.cutOffAfter(limits.readTimeout(), "read timeout");
            req.streamFilter(in -> new Bounded(in, limit, () -> bodyRead.ifPresent(Timeouts.Armed::disarm)));
        }
        List<String> accept = req.headers().all(HeaderNames.ACCEPT, List::of);
        List<String> offered = accept.isEmpty() ? List.of() // no Accept takes anything
                : routes.pageMediaType(path).map(List::of).orElseGet(() -> produces(method, path));
        if (!accept.isEmpty() && !acceptable(accept, offered)) {
            deadlines.cancel();
            Json.routingError(req, res, 406, "unsupported media type requested, only " + offered.toString().replace(",", "")
                    + " are available");
            return;
        }
        deadlines.cutOffAfter(limits.writeTimeout(), "write timeout");
        res.beforeSend(deadlines::closeIfCutOff);
        try {
            chain.proceed();
        } finally {
            deadlines.cancel();
        }
    }

    /**
     * The read and write timeouts of one request. When one passes, the handler is interrupted (a blocked socket
     * of a virtual thread closes when interrupted, a running command is stopped) and no answer is sent: the
     * connection is closed, as the official's server does.
     */
    private final class Deadlines {
        private final String request;
        private final Thread handler = Thread.currentThread();
        private final List<Timeouts.Armed> timers = new java.util.ArrayList<>(2); // the handler's thread only
        private volatile String passed;

        Deadlines(String request) {
            this.request = request;
        }

        Optional<Timeouts.Armed> cutOffAfter(java.time.Duration timeout, String which) {
            if (timeout.isZero()) {
                return Optional.empty();
            }
            Timeouts.Armed timer = timeouts.arm(timeout, () -> {
                passed = which;
                handler.interrupt();
                LOG.info(() -> request + ": " + which + " of " + timeout + " passed: connection closed");
            });
            timers.add(timer);
            return Optional.of(timer);
        }

        void cancel() {
            timers.forEach(Timeouts.Armed::disarm);
        }

        void closeIfCutOff() {
            if (passed != null) {
                throw new CloseConnectionException(request + ": " + passed);
            }
        }
    }

    /**
     * Runs first, so that every answer (a 401 or 404 too) carries it: {@code keep_alive 0} means no HTTP keep-alive.
     * The connection is closed once the answer is sent, then, as it is when the client asked for that: Helidon
     * writes {@code Connection: close} but would go on reading requests on the connection.
     */
    static Filter keepAlive(Function<String, Settings.Limits> limitsOfSocket) {
        return (chain, req, res) -> {
            boolean noKeepAlive = limitsOfSocket.apply(req.listenerContext().config().name()).keepAlive().isZero();
            if (noKeepAlive) {
                res.header(HeaderNames.CONNECTION, "close");
            }
            chain.proceed();
            if (noKeepAlive || asksToClose(req)) {
                throw new CloseConnectionException("connection: close");
            }
        };
    }

    /** Whether the request's {@code Connection} header holds the {@code close} token (in any case, in any list). */
    private static boolean asksToClose(RoutingRequest req) {
        for (String value : req.headers().all(HeaderNames.CONNECTION, List::of)) {
            for (String token : value.split(",")) {
                if (token.strip().equalsIgnoreCase("close")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** 413, then the connection is closed rather than the rest of the body read. */
    static void tooLarge(ServerResponse res, long limit) {
        res.header(HeaderNames.CONNECTION, "close");
        Json.error(res, 413, "request body is larger than " + limit + " bytes");
        throw new CloseConnectionException("request body over " + limit + " bytes");
    }

    private static boolean hasBody(RoutingRequest req) {
        return req.headers().contentLength().orElse(0L) > 0
                || req.headers().contains(HeaderNames.TRANSFER_ENCODING);
    }

    static List<String> consumes(Method method, String path) {
        for (Consumes c : CONSUMES) {
            if (c.method().equals(method) && c.path().matcher(path).matches()) {
                return List.of(c.mediaType(), JSON);
            }
        }
        return List.of(JSON);
    }

    /**
     * What an operation answers in (the contract's {@code produces}, then JSON, as the official's router adds it):
     * the one rule, for the Accept check and the served document alike.
     */
    static List<String> produces(Method method, String path) {
        return method.equals(Method.GET) && FILE_CONTENTS.matcher(path).matches()
                ? List.of("application/octet-stream", JSON) : List.of(JSON);
    }

    /**
     * Whether {@code Accept} lets the answer be one of {@code offered}, as the official's negotiation reads it:
     * no header (or none that parses) takes anything; otherwise some range with a quality above 0 must be
     * {@code *}{@code /*}, {@code type/*} of an offered type, or an offered type itself.
     */
    static boolean acceptable(List<String> accept, List<String> offered) {
        boolean any = false;
        for (String header : accept) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String value = parts[0].strip().toLowerCase(Locale.ROOT);
                int slash = value.indexOf('/');
                if (slash <= 0 || slash != value.lastIndexOf('/') || slash == value.length() - 1) {
                    continue; // not type/subtype: a range that does not parse
                }
                any = true;
                if (quality(parts) <= 0) {
                    continue;
                }
                for (String offer : offered) {
                    if (value.equals("*/*") || value.equals(offer)
                            || (value.endsWith("/*") && offer.startsWith(value.substring(0, value.length() - 1)))) {
                        return true;
                    }
                }
            }
        }
        return !any;
    }

    private static double quality(String[] rangeParts) {
        for (int i = 1; i < rangeParts.length; i++) {
            String param = rangeParts[i].strip();
            if (param.startsWith("q=")) {
                try {
                    return Double.parseDouble(param.substring(2).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /**
     * Why a change is refused as coming from a page of another site, if it is. Browsers say where a request
     * comes from ({@code Origin}, {@code Sec-Fetch-Site}); command-line clients and SDKs send neither.
     */
    private Optional<String> crossSite(RoutingRequest req) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent()) {
            String o = origin.get().strip();
            if (requests.allowedOrigins().contains(o) || isSameOrigin(o, req)) {
                return Optional.empty();
            }
            return Optional.of("cross-site request refused: origin " + o
                    + " may not change this API (see allowed_origins)");
        }
        Optional<String> site = req.headers().first(SEC_FETCH_SITE).map(s -> s.strip().toLowerCase(Locale.ROOT));
        if (site.isPresent() && !site.get().equals("same-origin") && !site.get().equals("none")) {
            return Optional.of("cross-site request refused: Sec-Fetch-Site is " + site.get());
        }
        return Optional.empty();
    }

    /** An origin naming the API itself: the scheme, host and port the request reached it by. */
    static boolean isSameOrigin(String origin, RoutingRequest req) {
        try {
            URI uri = URI.create(origin);
            String scheme = req.isSecure() ? "https" : "http";
            if (!scheme.equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                return false;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
            String authority = req.authority();
            URI own = URI.create(scheme + "://" + authority);
            int ownPort = own.getPort() >= 0 ? own.getPort() : (scheme.equals("https") ? 443 : 80);
            return uri.getHost().equalsIgnoreCase(own.getHost()) && port == ownPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Stops reading a body at its limit; says when the body has been read whole. */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private final Runnable whole;
        private long read;

        Bounded(InputStream in, long limit, Runnable whole) {
            super(in);
            this.limit = limit;
            this.whole = whole;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            } else {
                whole.run();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            } else if (n < 0) {
                whole.run();
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }
    }
}
