package dev.dpapi.logging;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, except that the JVM's own shutdown hook does not close the log handlers: that hook runs
 * beside the API's, and closed them while the API still logged its stop (its "stopping" line went missing now and
 * then). The API's shutdown hook closes them itself, once it has stopped ({@link #closeAtExit}). Installed by the
 * launcher ({@code -Djava.util.logging.manager}).
 */
public final class LastToCloseLogManager extends LogManager {

    private static final String JDK_CLEANER = "java.util.logging.LogManager$Cleaner";

    @Override
    public void reset() {
        if (!Thread.currentThread().getClass().getName().equals(JDK_CLEANER)) {
            super.reset();
        }
    }

    /** Flushes and closes the handlers: the last thing the API's shutdown hook does. */
    public static void closeAtExit() {
        LogManager.getLogManager().reset(); // on the hook's own thread, so not skipped
    }
}
