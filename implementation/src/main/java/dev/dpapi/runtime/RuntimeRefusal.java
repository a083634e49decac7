package dev.dpapi.runtime;

/** HAProxy refused a command (an answer of severity 0 to 3): its own words, then the command. */
public final class RuntimeRefusal extends RuntimeApiException {

    private final String text;

    public RuntimeRefusal(String text, String command) {
        super(text + " [" + command + "]");
        this.text = text;
    }

    /** HAProxy's words alone, e.g. {@code No such backend.} */
    public String text() {
        return text;
    }
}
