package dev.dpapi.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A conformance check: run once per implementation and HAProxy image (and per row when {@link #rows()} names a
 * table), recorded in the report under its display name, profile and family, with its source of truth.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{arguments}")
@ArgumentsSource(Targets.class)
@ExtendWith(ReportExtension.class)
public @interface Check {

    Profile profile();

    /** The family of the contract the check belongs to (report tables and scores are per family). */
    String family();

    /** Where the expected behaviour is written: {@code guide: step 6}, {@code contract: POST /…}, {@code promise: …}. */
    String source();

    /** A static method of the test class returning the rows of a table-driven check; each row is one more argument. */
    String rows() default "";
}
