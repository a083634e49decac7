package dev.dpapi.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The read timeout of a request's headers. A socket read timeout alone only catches silence: a client that sends
 * a byte now and then (slowloris) would hold a connection for ever. So once a request line has arrived, its
 * headers must be whole within {@code read_timeout}, or the connection is closed. (The request line itself is
 * held to it by the listener's idle-connection check, the body by the request's own deadline in
 * {@link RequestGuard}.)
 *
 * <p>Helidon reads a connection's requests on the connection's own virtual thread, which reports the request
 * line and the headers here: interrupting that thread while it waits for bytes closes the socket.
 */
final class HeaderDeadline implements Http1ConnectionListener {

    private static final Logger LOG = Logger.getLogger("dataplaneapi");
    /** The request whose headers the connection of this thread is reading. */
    private static final ThreadLocal<Head> CURRENT = new ThreadLocal<>();

    private final Duration timeout;
    private final Timeouts timeouts;

    HeaderDeadline(Duration timeout, Timeouts timeouts) {
        this.timeout = timeout;
        this.timeouts = timeouts;
    }

    /** The request line has arrived: the headers' clock starts. */
    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        Head previous = CURRENT.get();
        if (previous != null) {
            previous.whole(); // a request that ended before its headers were whole
        }
        CURRENT.set(new Head(Thread.currentThread(), prologue));
    }

    /** The headers are whole: the clock stops. */
    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Head head = CURRENT.get();
        if (head != null) {
            head.whole();
            CURRENT.remove();
        }
    }

    private final class Head {
        private final Thread connection;
        private final HttpPrologue request;
        private final Timeouts.Armed deadline;

        Head(Thread connection, HttpPrologue request) {
            this.connection = connection;
            this.request = request;
            this.deadline = timeouts.arm(timeout, this::expire);
        }

        void whole() {
            deadline.disarm();
        }

        private void expire() {
            connection.interrupt();
            LOG.info(() -> request.method().text() + " " + request.uriPath().rawPath()
                    + ": headers not whole after the read timeout of " + timeout + ": connection closed");
        }
    }
}
