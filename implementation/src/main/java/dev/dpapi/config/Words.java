package dev.dpapi.config;

import java.util.ArrayList;
import java.util.List;

/** Splits a haproxy.cfg line into words the way HAProxy does: quotes, backslash escapes, '#' comments. */
public final class Words {

    private Words() {
    }

    /** Whether every quote the line opens is closed (outside comments), as HAProxy requires. */
    public static boolean quotesClosed(String line) {
        return scan(line).quotesClosed();
    }

    public static List<String> of(String line) {
        return scan(line).words();
    }

    private record Scan(List<String> words, boolean quotesClosed) {
    }

    private static Scan scan(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == '#') {
                break;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return new Scan(words, quote == 0);
    }
}
