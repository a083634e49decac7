package dev.dpapi.config;

/**
 * A configuration change refused: the HTTP status, the code of the error body and the message in the official
 * wording. The code is the status, except for schema refusals (422), whose body carries the validator's code
 * (602 required, 605 enum/pattern...), as the official's generated server answers.
 */
public final class ConfigException extends Exception {

    private final int status;
    private final int code;

    public ConfigException(int status, String message) {
        this(status, status, message);
    }

    public ConfigException(int status, int code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** A body that decodes but breaks the model's schema: 422 with the validator's code. */
    public static ConfigException schema(int code, String message) {
        return new ConfigException(422, code, message);
    }

    public int status() {
        return status;
    }

    /** The {@code code} of the error body. */
    public int code() {
        return code;
    }
}
