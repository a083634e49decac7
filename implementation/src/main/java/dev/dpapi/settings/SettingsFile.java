package dev.dpapi.settings;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A settings file read into a tree of maps, in HCL (the format of the install guide and of v2.7) or YAML
 * (the format of v2.8). The file is only ever read: the official server rewrites it at every start,
 * which fails on read-only mounts and loses comments.
 */
record SettingsFile(Path path, String text, Map<String, Object> tree) {

    private static final Pattern HCL_LINE = Pattern.compile("line:? (\\d+)");

    static SettingsFile read(Path path) throws SettingsException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException(path + ": cannot read settings file: " + describe(e));
        }
        String name = path.getFileName().toString().toLowerCase();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return new SettingsFile(path, text, parseYaml(path, text));
        }
        if (name.endsWith(".hcl") || looksLikeHcl(text)) {
            return new SettingsFile(path, text, parseHcl(path, text));
        }
        return new SettingsFile(path, text, parseYaml(path, text));
    }

    /** Best-effort line of a key, for messages about values rather than syntax. */
    int lineOf(String key) {
        Pattern p = Pattern.compile("^\\s*-?\\s*\"?" + Pattern.quote(key) + "\"?\\s*[=:{\"\\s]");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (p.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    String where(String key) {
        int line = lineOf(key);
        return line > 0 ? path + ":" + line : path.toString();
    }

    private static boolean looksLikeHcl(String text) {
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("//")) {
                continue;
            }
            return t.contains("=") || t.endsWith("{");
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseYaml(Path path, String text) throws SettingsException {
        try {
            Object tree = new ObjectMapper(new YAMLFactory()).readValue(text, Object.class);
            if (tree == null) {
                return Map.of();
            }
            if (!(tree instanceof Map)) {
                throw new SettingsException(path + ":1: settings file must hold a mapping of keys");
            }
            return (Map<String, Object>) tree;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String line = at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "";
            throw new SettingsException(path + line + ": invalid YAML: " + oneLine(e.getOriginalMessage()));
        }
    }

    /**
     * The YAML parser's message on one line: its statements, without the positions and the quoted snippet it
     * puts on lines of their own (the line number is given already).
     */
    private static String oneLine(String message) {
        return message.strip().lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip).collect(java.util.stream.Collectors.joining(": "));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseHcl(Path path, String text) throws SettingsException {
        checkBrackets(path, text); // the HCL parser silently accepts unbalanced blocks
        try {
            return new LinkedHashMap<>((Map<String, Object>) new HCLParser().parse(text));
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = String.valueOf(cause.getMessage()).replace("\n", "\\n").strip();
            Matcher m = HCL_LINE.matcher(message);
            String line = m.find() ? ":" + m.group(1) : "";
            throw new SettingsException(path + line + ": invalid HCL: " + message);
        }
    }

    /** Reports the first unbalanced brace or bracket outside strings and comments, with its line. */
    private static void checkBrackets(Path path, String text) throws SettingsException {
        Deque<int[]> open = new ArrayDeque<>(); // {char, line}
        int line = 1;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (inString) {
                    throw new SettingsException(path + ":" + line + ": invalid HCL: unterminated string");
                }
                line++;
                continue;
            }
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '#' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                int end = text.indexOf('\n', i);
                i = (end < 0 ? text.length() : end) - 1;
            } else if (c == '{' || c == '[') {
                open.push(new int[] {c, line});
            } else if (c == '}' || c == ']') {
                char expected = c == '}' ? '{' : '[';
                if (open.isEmpty() || open.peek()[0] != expected) {
                    throw new SettingsException(path + ":" + line + ": invalid HCL: unexpected '" + c + "'");
                }
                open.pop();
            }
        }
        if (!open.isEmpty()) {
            int[] unclosed = open.peek();
            throw new SettingsException(path + ":" + unclosed[1] + ": invalid HCL: '" + (char) unclosed[0]
                    + "' is never closed");
        }
    }

    private static String describe(IOException e) {
        String simple = e.getClass().getSimpleName();
        return switch (simple) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() == null ? simple : e.getMessage();
        };
    }
}
