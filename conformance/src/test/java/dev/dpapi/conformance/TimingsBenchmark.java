package dev.dpapi.conformance;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The benchmark of implementations: the same measures, taken the same way, one target at a time with nothing
 * else running. Measurements, not checks: they go to the report's timings and never fail the run.
 */
@Isolated("timings are taken with nothing else running")
class TimingsBenchmark {

    private static final int WARM_UP = 50;
    private static final int READS = 200;
    private static final int WRITES = 20;
    private static final int TRANSACTIONS = 5;
    private static final int CHANGES_PER_TRANSACTION = 50;
    static final String C = SectionsCheck.C;

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(Targets.class)
    void timings(Target target) {
        Report report = Report.current();
        try (Deployment d = Deployment.start(target, "")) {
            report.timing(target, "start to first 200 on /v2/info", Map.of("ms", d.api.startMillis()));
            measure(report, target, "GET /v2/info", READS, i -> d.api.admin().get("/v2/info"));
            measure(report, target, "GET configuration/backends/be (a read)", READS,
                    i -> d.api.admin().get(C + "backends/be"));
            long version = d.version();
            measure(report, target, "POST configuration/backends (a validated write)", WRITES, i -> d.api
                    .json(Map.of("name", "timing_be_" + i, "mode", "http"))
                    .post(C + "backends?version=" + (version + i)));
            measure(report, target, "transaction of " + CHANGES_PER_TRANSACTION + " changes (start, changes, commit)",
                    TRANSACTIONS, i -> transaction(d, i));
        } catch (RuntimeException | AssertionError e) {
            report.fact(target, "timings", "not measured: " + e.getMessage());
        }
    }

    private static Response transaction(Deployment d, int round) {
        String id = d.api.admin().post("/v2/services/haproxy/transactions?version=" + d.version()).then()
                .statusCode(201).extract().path("id");
        for (int i = 0; i < CHANGES_PER_TRANSACTION; i++) {
            d.api.json(Map.of("name", "tx_" + round + "_" + i)).post(C + "backends?transaction_id=" + id)
                    .then().statusCode(202);
        }
        return d.api.admin().put("/v2/services/haproxy/transactions/" + id);
    }

    /** {@code n} calls timed one by one, after {@link #WARM_UP} untimed ones when the call can be repeated. */
    private static void measure(Report report, Target target, String what, int n, IntFunction<Response> call) {
        if (n >= READS) {
            for (int i = 0; i < WARM_UP; i++) {
                call.apply(i);
            }
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            Response r = call.apply(i);
            millis.add((System.nanoTime() - start) / 1e6);
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.asString());
            }
        }
        report.timing(target, what, Report.percentiles(millis));
    }
}
