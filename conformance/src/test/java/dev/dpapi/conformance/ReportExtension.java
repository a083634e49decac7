package dev.dpapi.conformance;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * Records every invocation of a {@link Check} (its target, its row) into the run's report. A failure that the
 * run's {@link ExpectedFailures} list for that implementation is recorded as such and does not fail the build.
 */
public final class ReportExtension implements BeforeTestExecutionCallback, InvocationInterceptor, TestWatcher {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ReportExtension.class);

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        List<Object> arguments = invocationContext.getArguments();
        context.getStore(NS).put("arguments", arguments);
        try {
            invocation.proceed();
        } catch (TestAbortedException e) {
            throw e;
        } catch (Throwable e) {
            if (!expected(context, arguments)) {
                throw e;
            }
            context.getStore(NS).put("expected failure", e);
        }
    }

    private static boolean expected(ExtensionContext context, List<Object> arguments) {
        if (arguments.isEmpty() || !(arguments.get(0) instanceof Target target)) {
            return false;
        }
        return ExpectedFailures.configured(key -> context.getConfigurationParameter(key).orElse(null))
                .expects(target.implementation().name(), id(context, arguments));
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NS).put("start", System.currentTimeMillis());
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        Throwable expectedFailure = context.getStore(NS).get("expected failure", Throwable.class);
        if (expectedFailure != null) {
            record(context, Report.Status.FAIL, readable(expectedFailure), true);
            return;
        }
        List<?> arguments = context.getStore(NS).get("arguments", List.class);
        boolean listed = arguments != null && expected(context, List.copyOf(arguments));
        record(context, Report.Status.PASS, listed ? "passes although listed as an expected failure: take it off the list" : null, false);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, Report.Status.FAIL, readable(cause), false);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, cause instanceof NotServed ? Report.Status.NOT_SERVED : Report.Status.FAIL, readable(cause), false);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        // a disabled check is not graded
    }

    private static String readable(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        message = message.strip().replaceAll("\\s*\\n\\s*", " / ");
        return message.length() > 600 ? message.substring(0, 600) + "..." : message;
    }

    /** The check's id: class, method and row ({@code SectionsCheck.crud[backends]}). */
    private static String id(ExtensionContext context, List<?> arguments) {
        String row = arguments.size() > 1 ? String.valueOf(arguments.get(1)) : "";
        return context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                + (row.isEmpty() ? "" : "[" + row + "]");
    }

    private static void record(ExtensionContext context, Report.Status status, String reason, boolean expected) {
        Long start = context.getStore(NS).get("start", Long.class);
        long millis = start == null ? 0 : System.currentTimeMillis() - start;
        Method method = context.getRequiredTestMethod();
        Check check = method.getAnnotation(Check.class);
        List<?> arguments = context.getStore(NS).get("arguments", List.class);
        if (check == null || arguments == null || arguments.isEmpty() || !(arguments.get(0) instanceof Target target)) {
            return;
        }
        DisplayName name = method.getAnnotation(DisplayName.class);
        String row = arguments.size() > 1 ? String.valueOf(arguments.get(1)) : "";
        Report.current().result(new Report.Result(id(context, arguments), name == null ? method.getName() : name.value(),
                row, check.profile(), check.family(), check.source(), target.implementation().name(), target.image(),
                status, reason, millis, expected));
    }
}
