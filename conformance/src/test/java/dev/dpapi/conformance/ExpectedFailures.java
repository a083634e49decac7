package dev.dpapi.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Known failures of one implementation, given by whoever runs the suite (as conformance suites let a vendor
 * list what it does not do yet): such a check still runs and is reported {@code FAIL (expected)}, it counts
 * against the score, but it does not fail the build. A listed check that passes is reported, so the list
 * shrinks. File: one {@code <implementation> <check id glob>  # why} per line
 * ({@code this-build SectionsCheck.fieldOrder[*]  # issue 8}).
 */
record ExpectedFailures(Path file, List<Entry> entries) {

    record Entry(Pattern implementation, Pattern check) {
    }

    static ExpectedFailures configured(Function<String, String> parameter) {
        String configured = RunParameter.of(parameter, "conformance.expected.failures", "CONFORMANCE_EXPECTED_FAILURES");
        if (configured == null) {
            return new ExpectedFailures(null, List.of());
        }
        Path file = Path.of(configured);
        try {
            List<Entry> entries = Files.readAllLines(file).stream()
                    .map(l -> l.replaceFirst("\\s*#.*$", "").strip()).filter(l -> !l.isEmpty())
                    .map(l -> {
                        String[] words = l.split("\\s+", 2);
                        return new Entry(glob(words[0]), glob(words.length > 1 ? words[1] : "*"));
                    }).toList();
            return new ExpectedFailures(file, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("expected failures " + file, e);
        }
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    boolean expects(String implementation, String checkId) {
        return entries.stream().anyMatch(e -> e.implementation().matcher(implementation).matches()
                && e.check().matcher(checkId).matches());
    }
}
