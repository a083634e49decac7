package dev.dpapi.conformance;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Records every check (method display name) on every image (invocation display name) into the report. */
public final class ReportExtension implements BeforeTestExecutionCallback, TestWatcher {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ReportExtension.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NS).put("start", System.currentTimeMillis());
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, true, null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, false, String.valueOf(cause.getMessage()));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, false, "aborted: " + cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, false, "disabled: " + reason.orElse(""));
    }

    private static void record(ExtensionContext context, boolean passed, String reason) {
        Long start = context.getStore(NS).get("start", Long.class);
        long millis = start == null ? 0 : System.currentTimeMillis() - start;
        String check = context.getParent().map(ExtensionContext::getDisplayName).orElse(context.getDisplayName());
        String shortReason = reason == null ? null : reason.length() > 400 ? reason.substring(0, 400) + "..." : reason;
        Report.check(new Report.Check(check, context.getDisplayName(), passed, shortReason, millis));
    }
}
