package dev.dpapi.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Writes the report once every check has run. */
public final class ReportWriter implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Path dir = Path.of(System.getProperty("conformance.report.dir", "target"));
        try {
            if (Report.write(dir)) {
                System.out.println("conformance report: " + dir.resolve("conformance-report.md"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
