package dev.dpapi.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Opens a run's report when a test plan starts and writes it (Markdown, JSON, HTML) when it ends. */
public final class ReportWriter implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        Report.begin(key -> testPlan.getConfigurationParameters().get(key).orElse(null));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Report report = Report.end();
        if (report.results().isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(report.dir);
            ReportPages pages = new ReportPages(report);
            Path md = report.dir.resolve("conformance-report.md");
            Files.writeString(md, pages.markdown());
            Files.writeString(report.dir.resolve("conformance-report.html"), pages.html());
            Files.writeString(report.dir.resolve("conformance-report.json"), pages.json());
            System.out.println("conformance report: " + md + " (and .html, .json)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
