package dev.dpapi.conformance;

import org.opentest4j.TestAbortedException;

/** The implementation does not serve the family a check grades: reported {@code not served}, not as a failure. */
public final class NotServed extends TestAbortedException {

    public NotServed(String what) {
        super(what);
    }
}
