package dev.dpapi.settings;

/** Settings that cannot be used; the message is the one line printed before exiting with status 1. */
public final class SettingsException extends Exception {
    public SettingsException(String message) {
        super(message);
    }
}
