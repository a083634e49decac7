package dev.dpapi.discovery;

import dev.dpapi.text.ConfigException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Follows one enabled definition: every {@code retry_timeout} seconds asks its source for the services and makes
 * the generated backends follow them. When the source cannot be asked (down, refusing, answering nonsense),
 * nothing changes: the backends keep their servers until it answers again.
 */
final class Reconciler {

    private static final Logger LOG = Logger.getLogger("discovery");

    private final Source source;
    private final long periodMillis;
    private final GeneratedBackends.Scaling scaling;
    private final String defaults;
    private final Backends backends;
    private Thread thread;

    Reconciler(Source source, long retryTimeoutSeconds, GeneratedBackends.Scaling scaling, String defaults,
               Backends backends) {
        this.source = source;
        this.periodMillis = Math.max(1, retryTimeoutSeconds) * 1000;
        this.scaling = scaling;
        this.defaults = defaults;
        this.backends = backends;
    }

    Source source() {
        return source;
    }

    void start() {
        thread = Thread.ofVirtual().name("discovery-" + source.backendPrefix()).start(this::run);
    }

    /** Stops and waits for a pass under way to finish, so that nothing is written after this returns. */
    void stop() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            pass();
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pass() {
        Map<String, List<Source.Instance>> services;
        try {
            services = source.services();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warning("service discovery " + source.backendPrefix() + "*: cannot read the services, keeping the "
                    + "backends as they are: " + e);
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        try {
            backends.follow(source.backendPrefix(), services, scaling, defaults);
        } catch (ConfigException e) {
            LOG.warning("service discovery " + source.backendPrefix() + "*: haproxy.cfg not changed: " + e.getMessage());
        }
    }
}
