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
     */
    public Line rewritten(List<String> fragments) {
        return rewritten(fragments, Kept.TIME);
    }

    /**
     * Like {@link #rewritten(List)}, a word kept as written also when it is the same time or size written another
     * way ({@code 100k} and {@code 102400}); {@code reader} (the model of a line) checks that the line reads as
     * {@code fragments} do, since a word alone does not say which it is ({@code 1m}: a minute, or 1024²). When it
     * does not, fewer words are kept, down to those of the very same value.
     */
    public Line rewritten(List<String> fragments, Function<Line, ?> reader) {
        Object wanted = reader.apply(Line.of(String.join(" ", fragments), ""));
        for (Kept kept : Kept.values()) {
            Line line = rewritten(fragments, kept);
            if (kept == Kept.SAME_TEXT || wanted.equals(reader.apply(line))) {
                return line;
            }
        }
        throw new IllegalStateException("unreachable: the last way keeps only identical words");
    }

    /** Which unchanged words keep their text: the same value, or also the same number read as a time or size. */
    private enum Kept {
        TIME_OR_SIZE, TIME, SIZE, SAME_TEXT;

        boolean same(Words.Token a, Words.Token b) {
            if (a.value().equals(b.value())) {
                return true;
            }
            boolean time = this != SIZE && this != SAME_TEXT && equal(Words.millis(a.value()), Words.millis(b.value()));
            boolean size = this != TIME && this != SAME_TEXT && equal(Words.bytes(a.value()), Words.bytes(b.value()));
            return time || size;
        }

        private static boolean equal(Optional<Long> a, Optional<Long> b) {
            return a.isPresent() && a.equals(b);
        }
    }

    private Line rewritten(List<String> fragments, Kept kept) {
        String wanted = String.join(" ", fragments);
        List<Words.Token> now = Words.tokens(wanted);
        List<Words.Token> was = Words.tokens(text);
        if (was.isEmpty()) {
            return Line.of(indentation() + wanted, eol);
        }
        int[][] common = new int[was.size() + 1][now.size() + 1];
        for (int i = was.size() - 1; i >= 0; i--) {
            for (int j = now.size() - 1; j >= 0; j--) {
                common[i][j] = kept.same(was.get(i), now.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        if (common[0][0] == was.size() && was.size() == now.size()) {
            return this;
        }
        StringBuilder out = new StringBuilder(text.substring(0, was.get(0).start()));
        String freedGap = null; // the spacing of a dropped word, for the word that takes its place
        boolean first = true;
        int i = 0;
        int j = 0;
        while (i < was.size() || j < now.size()) {
            if (i < was.size() && j < now.size() && kept.same(was.get(i), now.get(j))
                    && common[i][j] == common[i + 1][j + 1] + 1) {
                out.append(first ? "" : gapBefore(was, i)).append(was.get(i).raw(text));
                freedGap = null;
                i++;
                j++;
            } else if (i < was.size() && (j == now.size() || common[i + 1][j] >= common[i][j + 1])) {
                if (freedGap == null && i > 0) {
                    freedGap = gapBefore(was, i);
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
        return Line.of(out.toString(), eol);
    }

    private String gapBefore(List<Words.Token> tokens, int i) {
        return i == 0 ? " " : text.substring(tokens.get(i - 1).end(), tokens.get(i).start());
    }
}
