package dev.dpapi.conformance;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** What one run of the suite found: results of every check, facts and timings per target. */
public final class Report {

    public enum Status {
        PASS("pass"), FAIL("FAIL"), NOT_SERVED("not served");

        final String label;

        Status(String label) {
            this.label = label;
        }
    }

    /**
     * {@code id}: the check's class and method, and its row ({@code SectionsCheck.crud[backends]});
     * {@code expected}: a failure the run's list of expected failures names (it counts, but does not fail the build).
     */
    public record Result(String id, String check, String row, Profile profile, String family, String source,
                         String implementation, String image, Status status, String reason, long millis,
                         boolean expected) {
        /** The check's line in a family table: its name, and its row when it is table-driven. */
        String line() {
            return row.isEmpty() ? check : check + ": " + row;
        }
    }

    public record Timing(String implementation, String image, String measure, Map<String, Object> values) {
    }

    private static final Deque<Report> RUNS = new ArrayDeque<>();

    final Path dir;
    final Map<String, String> tarballs = new LinkedHashMap<>();
    final Map<String, Map<String, String>> facts = new TreeMap<>();
    final List<Result> results = new ArrayList<>();
    final List<Timing> timings = new ArrayList<>();

    private Report(Path dir) {
        this.dir = dir;
    }

    /** Starts the report of a run (runs nest: the suite's own tests run it inside a run). */
    static synchronized Report begin(Function<String, String> parameter) {
        String dir = parameter.apply("conformance.report.dir");
        Report report = new Report(Path.of(dir != null ? dir : System.getProperty("conformance.report.dir", "target")));
        RUNS.push(report);
        return report;
    }

    static synchronized Report end() {
        return RUNS.pop();
    }

    /** The report of the innermost run in progress. */
    public static synchronized Report current() {
        if (RUNS.isEmpty()) {
            begin(key -> null);
        }
        return RUNS.peek();
    }

    synchronized void implementation(Implementation implementation) {
        tarballs.putIfAbsent(implementation.name(), implementation.tarball().toString());
    }

    synchronized void result(Result result) {
        results.add(result);
    }

    /** A fact about a target: HAProxy's version, the implementation's /v2/info version... */
    public synchronized void fact(Target target, String key, String value) {
        facts.computeIfAbsent(target.toString(), t -> new LinkedHashMap<>()).put(key, value);
    }

    public synchronized void timing(Target target, String measure, Map<String, Object> values) {
        timings.add(new Timing(target.implementation().name(), target.image(), measure, values));
    }

    synchronized List<Result> results() {
        return results.stream().sorted(Comparator.comparing(Result::family).thenComparing(Result::profile)
                .thenComparing(Result::check).thenComparing(Result::row).thenComparing(Result::image)).toList();
    }

    synchronized List<Timing> timings() {
        return List.copyOf(timings);
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
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
