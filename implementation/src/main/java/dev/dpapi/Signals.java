package dev.dpapi;

import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * The official server's signals. They matter beyond habit: HAProxy's process manager sends SIGUSR1 to a
 * program it keeps across a reload ({@code no option start-on-reload}), and the JVM's default for it is to exit.
 */
final class Signals {

    private static final Logger LOG = Logger.getLogger("dataplaneapi");

    private Signals() {
    }

    /**
     * SIGUSR1: rebuild the runtime client; SIGUSR2: re-read haproxy.cfg and the API users; SIGHUP: restart in the
     * same process (the JVM's default would exit, and {@code systemctl reload} would stop the API). SIGTERM and
     * SIGINT stop gracefully (the shutdown hooks) and exit 0, as the official does, rather than the JVM's 143/130.
     */
    static void install(Runnable onUsr1, Runnable onUsr2, Runnable onHup) {
        handle("USR1", onUsr1);
        handle("USR2", onUsr2);
        handle("HUP", onHup);
        handle("TERM", () -> System.exit(0));
        handle("INT", () -> System.exit(0));
    }

    private static void handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), signal -> {
                LOG.info(() -> "SIG" + name + " received");
                action.run();
            });
        } catch (IllegalArgumentException e) {
            LOG.warning("cannot handle SIG" + name + " on this JVM: " + e.getMessage());
        }
    }
}
