package dev.dpapi.config;

/** A configuration change refused: the HTTP status and the message in the official wording. */
public final class ConfigException extends Exception {

    private final int status;

    public ConfigException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
