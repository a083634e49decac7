package dev.dpapi.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;

/**
 * The benchmark of implementations: latency percentiles measured the same way for any tarball. Figures go to
 * the report; nothing is asserted about them but that they could be measured.
 */
class TimingsCheck {

    private static final int READS = 200;
    private static final int WRITES = 20;

    @Check
    @DisplayName("timings: p50/p99 of /v2/info, a configuration read and a configuration write")
    void timings(String image) {
        int port = Seed.freePort();
        try (HaproxyContainer haproxy = new HaproxyContainer(image).withHaproxyConfig(Seed.haproxyConfig(Seed.freePort(), ""))
                .withFile(Seed.SETTINGS_HCL, Seed.withReloadCommand(Seed.hcl(port), "kill -SIGUSR2 1"), 0644)) {
            haproxy.start();
            Tarball.underTest().install(haproxy);
            ApiUnderTest api = ApiUnderTest.start(haproxy, "dataplaneapi -f " + Seed.SETTINGS_HCL, port);
            measure(image, "GET /v2/info", READS, i -> api.admin().get("/v2/info"));
            measure(image, "GET configuration/backends", READS,
                    i -> api.admin().get("/v2/services/haproxy/configuration/backends"));
            long version = api.configurationVersion();
            measure(image, "POST configuration/backends (validated write)", WRITES, i -> api
                    .json(Map.of("name", "timing_be_" + i, "mode", "http"))
                    .post("/v2/services/haproxy/configuration/backends?version=" + (version + i)));
        }
    }

    private static void measure(String image, String what, int n, IntFunction<Response> call) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            Response r = call.apply(i);
            millis.add((System.nanoTime() - start) / 1e6);
            assertTrue(r.statusCode() < 300, what + " answered " + r.statusCode() + ": " + r.asString());
        }
        Report.timing(image, what, Report.percentiles(millis));
    }
}
