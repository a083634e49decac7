package dev.dpapi.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The report of a run as Markdown, JSON and one self-contained HTML page (no script, no network). */
final class ReportPages {

    private final Report report;
    private final List<Report.Result> results;
    private final List<String> implementations;
    private final List<String> families;

    ReportPages(Report report) {
        this.report = report;
        this.results = report.results();
        Set<String> impls = new LinkedHashSet<>(report.tarballs.keySet());
        results.forEach(r -> impls.add(r.implementation()));
        this.implementations = List.copyOf(impls);
        this.families = results.stream().map(Report.Result::family).distinct().sorted().toList();
    }

    /** Passed, failed and not served counts of one implementation, within a profile and/or family (null: any). */
    record Score(long passed, long failed, long notServed) {
        long total() {
            return passed + failed + notServed;
        }

        String text() {
            return total() == 0 ? "-" : passed + "/" + total() + " (" + Math.round(100.0 * passed / total()) + " %)"
                    + (notServed > 0 ? ", " + notServed + " not served" : "");
        }
    }

    Score score(String impl, Profile profile, String family) {
        List<Report.Result> in = results.stream().filter(r -> r.implementation().equals(impl))
                .filter(r -> profile == null || r.profile() == profile)
                .filter(r -> family == null || r.family().equals(family)).toList();
        return new Score(count(in, Report.Status.PASS), count(in, Report.Status.FAIL), count(in, Report.Status.NOT_SERVED));
    }

    private static long count(List<Report.Result> in, Report.Status status) {
        return in.stream().filter(r -> r.status() == status).count();
    }

    /** One line of a family table: a check (and row) on one image, with a result per implementation. */
    record Line(Report.Result first, Map<String, Report.Result> byImplementation) {
    }

    List<Line> lines(String family) {
        Map<String, Line> lines = new LinkedHashMap<>();
        for (Report.Result r : results) {
            if (r.family().equals(family)) {
                lines.computeIfAbsent(r.line() + "\u0000" + r.image(), k -> new Line(r, new LinkedHashMap<>()))
                        .byImplementation().put(r.implementation(), r);
            }
        }
        return List.copyOf(lines.values());
    }

    private String cell(Line line, String impl) {
        Report.Result r = line.byImplementation().get(impl);
        return r == null ? "-" : r.expected() ? "FAIL (expected)" : r.status().label;
    }

    /** Reasons worth reading: every failure, and a not served where another implementation differs. */
    private List<Report.Result> reasons(String family) {
        List<Report.Result> out = new ArrayList<>();
        for (Line line : lines(family)) {
            Set<Report.Status> statuses = line.byImplementation().values().stream().map(Report.Result::status)
                    .collect(Collectors.toSet());
            for (Report.Result r : line.byImplementation().values()) {
                if (r.reason() != null && (r.status() == Report.Status.FAIL || statuses.size() > 1)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static String tag(String image) {
        int colon = image.lastIndexOf(':');
        return colon < 0 ? image : image.substring(colon + 1);
    }

    private List<String> measures() {
        return report.timings().stream().map(Report.Timing::measure).distinct().toList();
    }

    private List<String> images() {
        Set<String> images = new LinkedHashSet<>();
        results.forEach(r -> images.add(r.image()));
        report.timings().forEach(t -> images.add(t.image()));
        return List.copyOf(images);
    }

    private String timing(String impl, String image, String measure) {
        return report.timings().stream()
                .filter(t -> t.implementation().equals(impl) && t.image().equals(image) && t.measure().equals(measure))
                .map(t -> t.values().containsKey("p50_ms")
                        ? t.values().get("p50_ms") + " / " + t.values().get("p99_ms") + " ms"
                        : t.values().get("ms") + " ms")
                .findFirst().orElse("-");
    }

    private double p50(String impl, String image, String measure) {
        return report.timings().stream()
                .filter(t -> t.implementation().equals(impl) && t.image().equals(image) && t.measure().equals(measure))
                .map(t -> t.values().getOrDefault("p50_ms", t.values().get("ms")))
                .mapToDouble(v -> ((Number) v).doubleValue()).findFirst().orElse(Double.NaN);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Data Plane API conformance report\n\n");
        md.append("| implementation | tarball |\n|---|---|\n");
        report.tarballs.forEach((name, path) -> md.append("| ").append(name).append(" | `").append(path).append("` |\n"));
        md.append("\n| target | facts |\n|---|---|\n");
        report.facts.forEach((target, facts) -> md.append("| ").append(target).append(" | ")
                .append(facts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")))
                .append(" |\n"));
        md.append("\n## Scores\n\nA score is passed / graded (check x image); `extended` failures never count against `core`.\n\n");
        md.append(header("profile")).append(rule());
        for (Profile p : Profile.values()) {
            md.append("| ").append(p.label());
            implementations.forEach(i -> md.append(" | ").append(score(i, p, null).text()));
            md.append(" |\n");
        }
        md.append("\n").append(header("family")).append(rule());
        for (String f : families) {
            md.append("| ").append(f);
            implementations.forEach(i -> md.append(" | ").append(score(i, null, f).text()));
            md.append(" |\n");
        }
        for (String f : families) {
            md.append("\n## Family: ").append(f).append("\n\n")
                    .append("| check | profile | source | image | ").append(String.join(" | ", implementations))
                    .append(" |\n|---|---|---|---|").append("---|".repeat(implementations.size())).append("\n");
            for (Line line : lines(f)) {
                Report.Result r = line.first();
                md.append("| ").append(md(r.line())).append(" | ").append(r.profile().label()).append(" | ")
                        .append(md(r.source())).append(" | ").append(tag(r.image()));
                implementations.forEach(i -> md.append(" | ").append(bold(cell(line, i))));
                md.append(" |\n");
            }
            List<Report.Result> reasons = reasons(f);
            if (!reasons.isEmpty()) {
                md.append("\nReasons:\n\n");
                reasons.forEach(r -> md.append("- ").append(r.implementation()).append(" @ ").append(tag(r.image()))
                        .append(", ").append(md(r.line())).append(": ").append(md(r.reason())).append("\n"));
            }
        }
        md.append("\n## Timings\n\nMeasured the same way for every implementation, one target at a time (p50 / p99).\n\n");
        md.append("| measure | image | ").append(String.join(" | ", implementations)).append(" |\n|---|---|")
                .append("---|".repeat(implementations.size())).append("\n");
        for (String m : measures()) {
            for (String image : images()) {
                md.append("| ").append(m).append(" | ").append(tag(image));
                implementations.forEach(i -> md.append(" | ").append(timing(i, image, m)));
                md.append(" |\n");
            }
        }
        return md.toString();
    }

    private String header(String first) {
        return "| " + first + " | " + String.join(" | ", implementations) + " |\n";
    }

    private String rule() {
        return "|---|" + "---|".repeat(implementations.size()) + "\n";
    }

    private static String bold(String cell) {
        return cell.startsWith("FAIL") ? "**" + cell + "**" : cell;
    }

    private static String md(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    String json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("implementations", report.tarballs);
        json.put("targets", report.facts);
        Map<String, Object> scores = new LinkedHashMap<>();
        for (String i : implementations) {
            Map<String, Object> perImpl = new LinkedHashMap<>();
            for (Profile p : Profile.values()) {
                perImpl.put(p.label(), score(i, p, null));
            }
            Map<String, Object> perFamily = new LinkedHashMap<>();
            families.forEach(f -> perFamily.put(f, score(i, null, f)));
            perImpl.put("families", perFamily);
            scores.put(i, perImpl);
        }
        json.put("scores", scores);
        json.put("results", results);
        json.put("timings", report.timings());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    String html() {
        StringBuilder h = new StringBuilder("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
                <title>Data Plane API conformance report</title><style>
                body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
                table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
                th{background:#f3f3f3}.pass{background:#e3f6e3}.FAIL{background:#fbdcdc;font-weight:bold}.not-served{background:#eee;color:#666}
                .src{color:#555;font-size:12px}small{color:#555}
                </style></head><body><h1>Data Plane API conformance report</h1>
                """);
        h.append("<table><tr><th>implementation</th><th>tarball</th></tr>");
        report.tarballs.forEach((n, p) -> h.append("<tr><td>").append(esc(n)).append("</td><td><code>").append(esc(p))
                .append("</code></td></tr>"));
        h.append("</table><table><tr><th>target</th><th>facts</th></tr>");
        report.facts.forEach((t, f) -> h.append("<tr><td>").append(esc(t)).append("</td><td>").append(esc(f.toString()))
                .append("</td></tr>"));
        h.append("</table><h2>Scores</h2><p><small>passed / graded (check &times; image); <code>extended</code> failures never count against <code>core</code></small></p>");
        h.append(htmlHeader("profile"));
        for (Profile p : Profile.values()) {
            h.append("<tr><th>").append(p.label()).append("</th>");
            implementations.forEach(i -> h.append("<td>").append(esc(score(i, p, null).text())).append("</td>"));
            h.append("</tr>");
        }
        h.append("</table>").append(htmlHeader("family"));
        for (String f : families) {
            h.append("<tr><th><a href=\"#").append(anchor(f)).append("\">").append(esc(f)).append("</a></th>");
            implementations.forEach(i -> h.append("<td>").append(esc(score(i, null, f).text())).append("</td>"));
            h.append("</tr>");
        }
        h.append("</table><h2>Timings</h2>").append(chart());
        for (String f : families) {
            h.append("<h2 id=\"").append(anchor(f)).append("\">Family: ").append(esc(f)).append("</h2>")
                    .append("<table><tr><th>check</th><th>profile</th><th>image</th>");
            implementations.forEach(i -> h.append("<th>").append(esc(i)).append("</th>"));
            h.append("</tr>");
            for (Line line : lines(f)) {
                Report.Result r = line.first();
                h.append("<tr><td>").append(esc(r.line())).append("<br><span class=\"src\">").append(esc(r.source()))
                        .append("</span></td><td>").append(r.profile().label()).append("</td><td>").append(esc(tag(r.image())))
                        .append("</td>");
                for (String i : implementations) {
                    Report.Result ri = line.byImplementation().get(i);
                    String c = cell(line, i);
                    h.append("<td class=\"").append(c.startsWith("FAIL") ? "FAIL" : c.replace(' ', '-')).append("\"");
                    if (ri != null && ri.reason() != null) {
                        h.append(" title=\"").append(esc(ri.reason())).append("\"");
                    }
                    h.append(">").append(esc(c));
                    if (ri != null && ri.reason() != null && ri.status() != Report.Status.PASS) {
                        h.append("<br><small>").append(esc(ri.reason())).append("</small>");
                    }
                    h.append("</td>");
                }
                h.append("</tr>");
            }
            h.append("</table>");
        }
        return h.append("</body></html>\n").toString();
    }

    private String htmlHeader(String first) {
        StringBuilder h = new StringBuilder("<table><tr><th>").append(first).append("</th>");
        implementations.forEach(i -> h.append("<th>").append(esc(i)).append("</th>"));
        return h.append("</tr>").toString();
    }

    /** Horizontal bars of each measure's p50 (start: its one value), one bar per implementation and image. */
    private String chart() {
        List<String> measures = measures();
        if (measures.isEmpty()) {
            return "<p>No timings were measured.</p>";
        }
        String[] colours = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"};
        List<String> series = new ArrayList<>();
        for (String image : images()) {
            for (String i : implementations) {
                series.add(i + "\u0000" + image);
            }
        }
        int bar = 14;
        int group = series.size() * bar + 24;
        int width = 900;
        int labelWidth = 330;
        StringBuilder svg = new StringBuilder();
        int height = measures.size() * group + 20 + series.size() * 18;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" font-size=\"12\">");
        int y = 10;
        for (String m : measures) {
            double max = 0;
            for (String s : series) {
                String[] p = s.split("\u0000");
                double v = p50(p[0], p[1], m);
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
            svg.append("<text x=\"0\" y=\"").append(y + 12).append("\">").append(esc(m)).append("</text>");
            int k = 0;
            for (String s : series) {
                String[] p = s.split("\u0000");
                double v = p50(p[0], p[1], m);
                int w = Double.isNaN(v) || max == 0 ? 0 : (int) Math.max(1, (width - labelWidth - 90) * v / max);
                int by = y + 18 + k * bar;
                svg.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(by).append("\" width=\"").append(w)
                        .append("\" height=\"").append(bar - 3).append("\" fill=\"").append(colours[k % colours.length])
                        .append("\"/><text x=\"").append(labelWidth + w + 4).append("\" y=\"").append(by + bar - 4)
                        .append("\">").append(Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f ms", v)).append("</text>");
                k++;
            }
            y += group;
        }
        int k = 0;
        for (String s : series) {
            String[] p = s.split("\u0000");
            svg.append("<rect x=\"0\" y=\"").append(y + k * 18).append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(colours[k % colours.length]).append("\"/><text x=\"18\" y=\"").append(y + k * 18 + 11)
                    .append("\">").append(esc(p[0] + " @ " + tag(p[1]))).append("</text>");
            k++;
        }
        svg.append("</svg>");
        StringBuilder table = new StringBuilder("<table><tr><th>measure (p50 / p99)</th><th>image</th>");
        implementations.forEach(i -> table.append("<th>").append(esc(i)).append("</th>"));
        table.append("</tr>");
        for (String m : measures) {
            for (String image : images()) {
                table.append("<tr><td>").append(esc(m)).append("</td><td>").append(esc(tag(image))).append("</td>");
                implementations.forEach(i -> table.append("<td>").append(esc(timing(i, image, m))).append("</td>"));
                table.append("</tr>");
            }
        }
        return svg + table.append("</table>").toString();
    }

    private static String anchor(String family) {
        return "family-" + family.replaceAll("[^A-Za-z0-9]+", "-");
    }

    private static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
