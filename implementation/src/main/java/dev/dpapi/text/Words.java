package dev.dpapi.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a haproxy.cfg line into words the way HAProxy does: quotes, backslash escapes, '#' comments. */
public final class Words {

    private static final Pattern TIME = Pattern.compile("^(\\d+)(us|ms|s|m|h|d)?$");
    private static final Pattern SIZE = Pattern.compile("^(\\d+)([kKmMgG])?$");

    private Words() {
    }

    /** Whether every quote the line opens is closed (outside comments), as HAProxy requires. */
    public static boolean quotesClosed(String line) {
        return scan(line).quotesClosed();
    }

    public static List<String> of(String line) {
        return scan(line).words();
    }

    /**
     * A word of a line: where its raw text starts and ends in the line, and the value HAProxy reads from it.
     * Computed on demand from the line's text, never kept with the line.
     */
    public record Token(int start, int end, String value) {
        public String raw(String line) {
            return line.substring(start, end);
        }
    }

    /** The line's words with their raw text's place in the line. */
    public static List<Token> tokens(String line) {
        return scan(line).tokens();
    }

    private record Scan(List<String> words, List<Token> tokens, boolean quotesClosed) {
    }

    /**
     * HAProxy's own reading of a line (parse_line): single quotes take everything literally; elsewhere a backslash
     * escapes a space, a backslash, '#' and the quotes, writes \t \n \r and \xHH, escapes '$' inside double
     * quotes, and is kept as written before any other character (so {@code \1} and {@code \.} stay).
     */
    private static Scan scan(String line) {
        List<String> words = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        int start = 0;
        int stop = line.length();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\') {
                start = inWord ? start : i;
                inWord = true;
                char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
                switch (next) {
                    case ' ', '\\', '#', '\'', '"' -> {
                        word.append(next);
                        i++;
                    }
                    case 't' -> {
                        word.append('\t');
                        i++;
                    }
                    case 'n' -> {
                        word.append('\n');
                        i++;
                    }
                    case 'r' -> {
                        word.append('\r');
                        i++;
                    }
                    case '$' -> {
                        if (quote == '"') {
                            word.append('$');
                            i++;
                        } else {
                            word.append(c);
                        }
                    }
                    case 'x' -> {
                        if (i + 3 < line.length() && isHex(line.charAt(i + 2)) && isHex(line.charAt(i + 3))) {
                            word.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
                            i += 3;
                        } else {
                            word.append(c);
                        }
                    }
                    default -> word.append(c);
                }
            } else if (quote == '"') {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                start = inWord ? start : i;
                quote = c;
                inWord = true;
            } else if (c == '#') {
                stop = i;
                break;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    tokens.add(new Token(start, i, word.toString()));
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                start = inWord ? start : i;
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
            tokens.add(new Token(start, stop, word.toString()));
        }
        return new Scan(words, tokens, quote == 0);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /**
     * The one encoder: a value as a single word that HAProxy reads back exactly. Plain when nothing in it is
     * special, else double-quoted with backslash, quote, '$' and line breaks escaped.
     */
    public static String encode(String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            plain = " \t\r\n\"'#\\".indexOf(value.charAt(i)) < 0;
        }
        return plain ? value : quote(value);
    }

    /** A value double-quoted, escaped as HAProxy reads it back. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '$' -> out.append("\\$");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** HAProxy time to milliseconds: bare numbers are ms; us rounds up to 1 ms. */
    public static Optional<Long> millis(String s) {
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        try {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (unit) {
                case "us" -> Math.max(1, n / 1000);
                case "s" -> Math.multiplyExact(n, 1000L);
                case "m" -> Math.multiplyExact(n, 60_000L);
                case "h" -> Math.multiplyExact(n, 3_600_000L);
                case "d" -> Math.multiplyExact(n, 86_400_000L);
                default -> n;
            });
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty(); // beyond a long: not a time HAProxy reads either
        }
    }

    /** HAProxy size to a number: {@code 100k} is 102400 (as HAProxy's size parser reads it). */
    public static Optional<Long> bytes(String s) {
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        int shift = m.group(2) == null ? 0 : switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            default -> 30;
        };
        try {
            return Optional.of(Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift));
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty(); // beyond a long: not a size HAProxy reads either
        }
    }
}
