package dev.dpapi.text;

import com.fasterxml.jackson.databind.JsonNode;

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

    /** The start of the official's message for a body that cannot be decoded into its model. */
    public static final String UNDECODABLE = "parsing data body from \"\" failed, because ";

    /** The start of a validation's refusal: client-native's code 14. */
    private static final String REFUSED_BY_VALIDATION = "14: ";

    /** HAProxy (or {@code validate_cmd}) refused a candidate configuration: 400, code 14, with its words. */
    public static ConfigException refusedByValidation(String why) {
        return new ConfigException(400, REFUSED_BY_VALIDATION + why);
    }

    /** Whether this is the refusal of a candidate configuration by its validation (and not of the request). */
    public boolean isRefusedByValidation() {
        return getMessage().startsWith(REFUSED_BY_VALIDATION);
    }

    /** A body that cannot be decoded into its model: 400 with the decoder's reason. */
    public static ConfigException undecodable(String reason) {
        return new ConfigException(400, UNDECODABLE + reason);
    }

    /**
     * A JSON value of the wrong type for {@code target}, worded as Go's decoder does, e.g. target
     * {@code Go struct field .index of type int64}.
     */
    public static ConfigException wrongType(JsonNode sent, String target) {
        String type = switch (sent.getNodeType()) {
            case NUMBER -> "number";
            case STRING -> "string";
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            case OBJECT, POJO -> "object";
            default -> "null";
        };
        return undecodable("json: cannot unmarshal " + type + " into " + target);
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
