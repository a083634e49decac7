package dev.dpapi.config;

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
}
