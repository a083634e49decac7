package dev.dpapi.text;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One physical line of haproxy.cfg, kept exactly as read (text without terminator, and the terminator). */
public record Line(String text, String eol, List<String> words) {

    public static Line of(String text, String eol) {
        return new Line(text, eol, Words.of(text));
    }

    public boolean isBlankOrComment() {
        return words.isEmpty();
    }

    public String keyword() {
        return words.isEmpty() ? "" : words.get(0);
    }

    public String word(int i) {
        return i < words.size() ? words.get(i) : "";
    }

    /** The spaces and tabs the line starts with. */
    public String indentation() {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(0, i);
    }

    /**
     * This line holding {@code fragments} (HAProxy text, one or more words each) instead: a word whose value is
     * unchanged keeps its raw text (quotes, escapes, {@code 5s}) and the spacing before it, only changed words are
     * written anew, and the indentation and a trailing comment stay. The line itself when nothing changes.
     * A word is kept as written also when it is the same time or size written another way ({@code 100k} and
     * {@code 102400}); {@code reader} (the model of a line) checks that the line reads as {@code fragments} do,
     * since a word alone does not say which it is ({@code 1m}: a minute, 1024², or a name). When it does not,
     * fewer words are kept, down to those of the very same value.
     */
    public Line rewritten(List<String> fragments, Function<Line, ?> reader) {
        Rewrite rewrite = new Rewrite(this, String.join(" ", fragments));
        if (rewrite.sameAs == Kept.SAME_TEXT.matches) {
            return rewrite.line(Kept.SAME_TEXT); // no word differs only in its spelling: every way writes this line
        }
        Object wanted = reader.apply(Line.of(rewrite.wanted, ""));
        boolean[] refused = new boolean[Kept.ALL + 1];
        for (Kept kept : Kept.values()) {
            int matches = kept.matches & rewrite.sameAs;
            if (kept == Kept.SAME_TEXT) {
                return rewrite.line(kept);
            }
            if (!refused[matches]) { // a way keeping the same words as one refused writes the same line
                Line line = rewrite.line(kept);
                if (wanted.equals(reader.apply(line))) {
                    return line;
                }
                refused[matches] = true;
            }
        }
        throw new IllegalStateException("unreachable: the last way keeps only identical words");
    }

    /** Which unchanged words keep their text: the same value, or also the same number read as a time or size. */
    private enum Kept {
        TIME_OR_SIZE(Kept.SAME | Kept.TIME_EQUAL | Kept.SIZE_EQUAL), TIME(Kept.SAME | Kept.TIME_EQUAL),
        SIZE(Kept.SAME | Kept.SIZE_EQUAL), SAME_TEXT(Kept.SAME);

        /** How two words match, as bits: the same value, the same time, the same size. */
        static final int SAME = 1;
        static final int TIME_EQUAL = 2;
        static final int SIZE_EQUAL = 4;
        static final int ALL = SAME | TIME_EQUAL | SIZE_EQUAL;

        /** The ways two words may match for this way to keep the old one. */
        final int matches;

        Kept(int matches) {
            this.matches = matches;
        }
    }

    /**
     * The old and the wanted words, each read once, and how each pair matches, worked out once for every way of
     * keeping words. {@code sameAs} says which ways of matching occur at all beyond the very same value.
     */
    private static final class Rewrite {
        final Line old;
        final String wanted;
        final List<Words.Token> was;
        final List<Words.Token> now;
        final byte[][] match;
        final int sameAs;

        Rewrite(Line old, String wanted) {
            this.old = old;
            this.wanted = wanted;
            this.was = Words.tokens(old.text);
            this.now = Words.tokens(wanted);
            Optional<Long>[] wasMillis = numbers(was, Words::millis);
            Optional<Long>[] wasBytes = numbers(was, Words::bytes);
            Optional<Long>[] nowMillis = numbers(now, Words::millis);
            Optional<Long>[] nowBytes = numbers(now, Words::bytes);
            match = new byte[was.size()][now.size()];
            int seen = Kept.SAME;
            for (int i = 0; i < was.size(); i++) {
                for (int j = 0; j < now.size(); j++) {
                    int m = was.get(i).value().equals(now.get(j).value()) ? Kept.SAME
                            : (equal(wasMillis[i], nowMillis[j]) ? Kept.TIME_EQUAL : 0)
                            | (equal(wasBytes[i], nowBytes[j]) ? Kept.SIZE_EQUAL : 0);
                    match[i][j] = (byte) m;
                    seen |= m;
                }
            }
            sameAs = seen;
        }

        @SuppressWarnings("unchecked")
        private static Optional<Long>[] numbers(List<Words.Token> tokens, Function<String, Optional<Long>> read) {
            Optional<Long>[] out = new Optional[tokens.size()];
            for (int i = 0; i < out.length; i++) {
                String value = tokens.get(i).value();
                // a time or a size starts with a digit: most words are neither, and need no pattern
                out[i] = !value.isEmpty() && Character.isDigit(value.charAt(0)) ? read.apply(value) : Optional.empty();
            }
            return out;
        }

        private static boolean equal(Optional<Long> a, Optional<Long> b) {
            return a.isPresent() && a.equals(b);
        }

        /** The old line holding the wanted words, keeping the old words that {@code kept} takes as unchanged. */
        Line line(Kept kept) {
            String text = old.text;
            if (was.isEmpty()) {
                return Line.of(old.indentation() + wanted, old.eol);
            }
            int matches = kept.matches;
            int[][] common = new int[was.size() + 1][now.size() + 1];
            for (int i = was.size() - 1; i >= 0; i--) {
                for (int j = now.size() - 1; j >= 0; j--) {
                    common[i][j] = (match[i][j] & matches) != 0 ? common[i + 1][j + 1] + 1
                            : Math.max(common[i + 1][j], common[i][j + 1]);
                }
            }
            if (common[0][0] == was.size() && was.size() == now.size()) {
                return old;
            }
            StringBuilder out = new StringBuilder(text.substring(0, was.get(0).start()));
            String freedGap = null; // the spacing of a dropped word, for the word that takes its place
            boolean first = true;
            int i = 0;
            int j = 0;
            while (i < was.size() || j < now.size()) {
                if (i < was.size() && j < now.size() && (match[i][j] & matches) != 0
                        && common[i][j] == common[i + 1][j + 1] + 1) {
                    out.append(first ? "" : old.gapBefore(was, i)).append(was.get(i).raw(text));
                    freedGap = null;
                    i++;
                    j++;
                } else if (i < was.size() && (j == now.size() || common[i + 1][j] >= common[i][j + 1])) {
                    if (freedGap == null && i > 0) {
                        freedGap = old.gapBefore(was, i);
                    }
                    i++;
                } else {
                    out.append(first ? "" : freedGap == null ? " " : freedGap).append(now.get(j).raw(wanted));
                    freedGap = null;
                    j++;
                }
                first = out.length() == was.get(0).start();
            }
            out.append(text.substring(was.get(was.size() - 1).end()));
            return Line.of(out.toString(), old.eol);
        }
    }

    private String gapBefore(List<Words.Token> tokens, int i) {
        return i == 0 ? " " : text.substring(tokens.get(i - 1).end(), tokens.get(i).start());
    }
}
