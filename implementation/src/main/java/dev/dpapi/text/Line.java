package dev.dpapi.text;

import dev.dpapi.model.SectionEditor;
import dev.dpapi.model.Value;
import java.util.List;

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

    /**
     * This line holding {@code fragments} (HAProxy text, one or more words each) instead: a word whose value is
     * unchanged keeps its raw text (quotes, escapes, {@code 5s}) and the spacing before it, only changed words are
     * written anew, and the indentation and a trailing comment stay. The line itself when nothing changes.
     */
    public Line rewritten(List<String> fragments) {
        String wanted = String.join(" ", fragments);
        List<Words.Token> now = Words.tokens(wanted);
        List<Words.Token> was = Words.tokens(text);
        if (was.isEmpty()) {
            return Line.of(SectionEditor.leadingSpace(text) + wanted, eol);
        }
        int[][] common = new int[was.size() + 1][now.size() + 1];
        for (int i = was.size() - 1; i >= 0; i--) {
            for (int j = now.size() - 1; j >= 0; j--) {
                common[i][j] = same(was.get(i), now.get(j)) ? common[i + 1][j + 1] + 1
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
            if (i < was.size() && j < now.size() && same(was.get(i), now.get(j))
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

    /** The same value, or the same HAProxy time written another way ({@code 5s} and {@code 5000}). */
    private static boolean same(Words.Token a, Words.Token b) {
        if (a.value().equals(b.value())) {
            return true;
        }
        var x = Value.millis(a.value());
        return x.isPresent() && x.equals(Value.millis(b.value()));
    }
}
