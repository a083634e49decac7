package dev.dpapi.settings;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations and sizes as the official server's settings write them: Go durations, human sizes. */
final class Units {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*(?:([kmgt])(i)?)?b?");

    private Units() {
    }

    /** {@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 0}. */
    static Duration duration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(text);
        double nanos = 0;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            at = m.end();
        }
        if (at == 0 || at != text.length()) {
            throw new IllegalArgumentException(text);
        }
        return Duration.ofNanos((long) nanos);
    }

    /** {@code 1MiB} (1024-based), {@code 1MB} (1000-based), {@code 1M} (1024-based), {@code 65536} (bytes). */
    static long size(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(text);
        }
        double n = Double.parseDouble(m.group(1));
        if (m.group(2) == null) {
            return (long) n;
        }
        boolean binary = m.group(3) != null || !text.toLowerCase().endsWith("b");
        int power = "kmgt".indexOf(Character.toLowerCase(m.group(2).charAt(0))) + 1;
        return (long) (n * Math.pow(binary ? 1024 : 1000, power));
    }
}
