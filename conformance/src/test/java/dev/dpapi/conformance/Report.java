package dev.dpapi.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the checks found, written as conformance-report.md and .json when the run ends. */
public final class Report {

    public record Check(String name, String image, boolean passed, String reason, long millis) {
    }

    public record Timing(String image, String measure, Map<String, Object> values) {
    }

    private static final List<Check> CHECKS = new ArrayList<>();
    private static final List<Timing> TIMINGS = new ArrayList<>();
    private static final Map<String, Map<String, String>> FACTS = new TreeMap<>();

    private Report() {
    }

    static synchronized void check(Check check) {
        CHECKS.add(check);
    }

    /** A fact about the run on one image: HAProxy's version, the implementation's /v2/info version... */
    public static synchronized void fact(String image, String key, String value) {
        FACTS.computeIfAbsent(image, i -> new LinkedHashMap<>()).put(key, value);
    }

    public static synchronized void timing(String image, String measure, Map<String, Object> values) {
        TIMINGS.add(new Timing(image, measure, values));
    }

    /** p50 and p99 (nearest rank) of durations in milliseconds. */
    public static Map<String, Object> percentiles(List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("n", sorted.size());
        values.put("p50_ms", round(rank(sorted, 0.50)));
        values.put("p99_ms", round(rank(sorted, 0.99)));
        return values;
    }

    private static double rank(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Writes the report; false when no check ran (nothing to report). */
    static synchronized boolean write(Path dir) throws IOException {
        if (CHECKS.isEmpty()) {
            return false;
        }
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tarball", Tarball.underTest().path().toString());
        json.put("images", FACTS);
        json.put("checks", CHECKS);
        json.put("timings", TIMINGS);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("conformance-report.json").toFile(), json);
        Files.writeString(dir.resolve("conformance-report.md"), markdown());
        return true;
    }

    private static String markdown() {
        StringBuilder md = new StringBuilder("# Data Plane API conformance report\n\n");
        md.append("Tarball: `").append(Tarball.underTest().path()).append("`\n\n");
        md.append("| HAProxy image | facts |\n|---|---|\n");
        FACTS.forEach((image, facts) -> md.append("| `").append(image).append("` | ")
                .append(String.join("; ", facts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()))
                .append(" |\n"));
        long passed = CHECKS.stream().filter(Check::passed).count();
        md.append("\n## Checks: ").append(passed).append(" of ").append(CHECKS.size()).append(" passed\n\n");
        md.append("| check | image | result | time | reason |\n|---|---|---|---|---|\n");
        for (Check c : CHECKS) {
            md.append("| ").append(c.name()).append(" | `").append(c.image()).append("` | ")
                    .append(c.passed() ? "pass" : "**FAIL**").append(" | ").append(c.millis()).append(" ms | ")
                    .append(c.reason() == null ? "" : c.reason().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        md.append("\n## Timings\n\n| image | measure | values |\n|---|---|---|\n");
        for (Timing t : TIMINGS) {
            md.append("| `").append(t.image()).append("` | ").append(t.measure()).append(" | ")
                    .append(t.values()).append(" |\n");
        }
        return md.toString();
    }
}
