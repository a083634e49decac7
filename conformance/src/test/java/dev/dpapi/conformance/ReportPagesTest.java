package dev.dpapi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's pages from a known set of results: scores per profile and family, a column per implementation. */
class ReportPagesTest {

    private static Report.Result result(String impl, String id, Profile profile, String family, Report.Status status,
                                        boolean expected) {
        return new Report.Result(id, "check " + id, "", profile, family, "contract: GET /x", impl, "img:2.6", status,
                status == Report.Status.PASS ? null : "because <b>", 5, expected);
    }

    private static ReportPages pages() {
        Report report = Report.begin(key -> null);
        Report.end();
        report.implementation(new Implementation("ours", Path.of("/tmp/a.tar.gz")));
        report.implementation(new Implementation("theirs", Path.of("/tmp/b.tar.gz")));
        for (String impl : List.of("ours", "theirs")) {
            report.result(result(impl, "A.one", Profile.CORE, "sections", Report.Status.PASS, false));
            report.result(result(impl, "A.two", Profile.CORE, "spoe", impl.equals("ours") ? Report.Status.PASS
                    : Report.Status.NOT_SERVED, false));
            report.result(result(impl, "A.three", Profile.EXTENDED, "lossless", impl.equals("ours") ? Report.Status.PASS
                    : Report.Status.FAIL, impl.equals("theirs")));
        }
        Target target = new Target(new Implementation("ours", Path.of("/tmp/a.tar.gz")), "img:2.6");
        report.timing(target, "GET /v2/info", Map.of("n", 3, "p50_ms", 1.5, "p99_ms", 2.0));
        return new ReportPages(report);
    }

    @Test
    void scoresPerProfileAndFamily() {
        ReportPages pages = pages();
        assertEquals(new ReportPages.Score(2, 0, 0), pages.score("ours", Profile.CORE, null));
        assertEquals(new ReportPages.Score(1, 0, 1), pages.score("theirs", Profile.CORE, null));
        assertEquals(new ReportPages.Score(0, 1, 0), pages.score("theirs", Profile.EXTENDED, null));
        assertEquals(new ReportPages.Score(0, 0, 1), pages.score("theirs", null, "spoe"));
        String md = pages.markdown();
        assertTrue(md.contains("| profile | ours | theirs |"), md);
        assertTrue(md.contains("| core | 2/2 (100 %) | 1/2 (50 %), 1 not served |"), md);
        assertTrue(md.contains("**FAIL (expected)**"), md);
        assertTrue(md.contains("| GET /v2/info | 2.6 | 1.5 / 2.0 ms | - |"), md);
    }

    @Test
    void theHtmlPageStandsAlone() {
        String html = pages().html();
        assertTrue(html.contains("<svg"), "a chart of the timings");
        assertTrue(html.contains("because &lt;b&gt;"), "reasons escaped");
        assertFalse(html.matches("(?s).*(src=|href=\"http|@import|<script).*"), "nothing fetched from anywhere");
    }

    @Test
    void theJsonCarriesEveryResult() throws Exception {
        JsonNode json = new ObjectMapper().readTree(pages().json());
        assertEquals(6, json.path("results").size());
        assertEquals(1, json.path("scores").path("theirs").path("extended").path("failed").asInt());
        assertTrue(json.path("results").get(0).has("source"));
    }
}
