package dev.dpapi.conformance;

/**
 * Which promise a check grades, as the Kubernetes Gateway API conformance separates them. A failure in
 * {@link #EXTENDED} never counts against {@link #CORE}.
 */
public enum Profile {
    /** The install guide's behaviours and the v2.8 contract: paths, models, field order, codes, messages, semantics. */
    CORE,
    /** Qualities beyond the contract that a user sees from outside: lossless edits, no reload when none is needed... */
    EXTENDED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
