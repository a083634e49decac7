package dev.dpapi.runtime;

/** A Runtime API call that failed; the message is what the API answers with (500). */
public class RuntimeApiException extends Exception {
    public RuntimeApiException(String message) {
        super(message);
    }
}
