package dev.dpapi.http;

import dev.dpapi.logging.AccessFormat;
import dev.dpapi.logging.Logs;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZonedDateTime;

/** Runs first, so that every answer (a 401 or 404 too) makes its access line once it is sent. */
final class AccessLogFilter implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!Logs.accessLogged()) {
            // the default log level: no clock read, no line built on the hot path
            chain.proceed();
            return;
        }
        ZonedDateTime start = ZonedDateTime.now();
        long started = System.nanoTime();
        res.whenSent(() -> Logs.access(new AccessFormat.Exchange(
                req.remotePeer().address() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "-",
                req.localPeer().port(), req.prologue().method().text(), req.prologue().uriPath().rawPath()
                        + (req.query().rawValue().isEmpty() ? "" : "?" + req.query().rawValue()),
                req.prologue().uriPath().rawPath(), req.query().rawValue(),
                req.prologue().rawProtocol(), res.status().code(), res.bytesWritten(),
                name -> req.headers().first(HeaderNames.create(name)),
                name -> res.headers().first(HeaderNames.create(name)),
                start, Duration.ofNanos(System.nanoTime() - started))));
        chain.proceed();
    }
}
