package dev.dpapi.conformance;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Arguments of a {@link Check}: every target, crossed with the check's rows when it has a table. */
public final class Targets implements ArgumentsProvider {

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        List<Target> targets = Target.configured(key -> context.getConfigurationParameter(key).orElse(null));
        targets.forEach(t -> Report.current().implementation(t.implementation()));
        Method method = context.getRequiredTestMethod();
        Check check = method.getAnnotation(Check.class);
        String rows = check == null ? "" : check.rows();
        if (rows.isEmpty()) {
            return targets.stream().map(Arguments::of);
        }
        List<?> table = rows(context.getRequiredTestClass(), rows);
        return targets.stream().flatMap(t -> table.stream().map(row -> Arguments.of(t, row)));
    }

    private static List<?> rows(Class<?> type, String name) {
        try {
            Method m = type.getDeclaredMethod(name);
            m.setAccessible(true);
            return (List<?>) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("rows " + name + " of " + type.getSimpleName(), e);
        }
    }
}
