package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entry point of the config capability for views built on its models (sites): frontends and backends, their
 * binds and servers, and backend switching rules, read and written through the same tables as the configuration
 * API (changes are made with its rules, {@code http.configuration.Mutations}). Edits are as lossless as the
 * configuration API's. A body value of the wrong JSON type is refused here ({@link #checkTypes}).
 */
public final class ConfigModels {

    private ConfigModels() {
    }

    /** A section resource with its field table. */
    public enum Sections {
        FRONTEND("frontend", SectionTables.FRONTEND), BACKEND("backend", SectionTables.BACKEND);

        private final String keyword;
        private final List<FieldMapping> fields;

        Sections(String keyword, List<FieldMapping> fields) {
            this.keyword = keyword;
            this.fields = fields;
        }

        public String keyword() {
            return keyword;
        }

        /** The section's model (with its name). */
        public ObjectNode read(Section s) {
            return SectionEditor.read(s, fields);
        }

        /** The section holding exactly {@code model} (a full replacement); a value of the wrong JSON type is refused 400. */
        public Section write(Section s, JsonNode model, String eol) throws ConfigException {
            return ConfigModels.write(keyword, s, fields, model, eol);
        }

        public Section create(String name, String eol) {
            return Section.create(keyword, name, eol);
        }
    }

    /** Directives keyed by name inside a section, with their model. */
    public enum Named {
        SERVERS("server", LineModel.SERVER), BINDS("bind", LineModel.BIND);

        private final String model;
        private final NamedCodec codec;

        Named(String model, NamedCodec codec) {
            this.model = model;
            this.codec = codec;
        }

        /** The lines' models, in file order. */
        public List<ObjectNode> read(Section s) {
            return s.body().stream().filter(codec::matches).map(codec::read).toList();
        }

        /**
         * The section holding exactly these entries: an entry whose name has a line rewrites that line in place
         * (unchanged words and unknown parameters stay as written), a new one goes after the last line of its kind,
         * and lines of names no longer wanted go.
         */
        public Section write(Section s, List<JsonNode> entries, String eol) throws ConfigException {
            Map<String, Line> existing = new HashMap<>();
            s.body().stream().filter(codec::matches).forEach(l -> existing.putIfAbsent(codec.name(l), l));
            List<Line> kept = new ArrayList<>();
            List<List<String>> keptWords = new ArrayList<>();
            List<List<String>> added = new ArrayList<>();
            Set<String> given = new HashSet<>();
            for (JsonNode entry : entries) {
                String name = entry.path(codec.namedByWord() ? codec.nameField() : "name").asText();
                if (!given.add(name)) {
                    throw new ConfigException(400, model + " " + name + " is given twice");
                }
                Line old = existing.get(name);
                List<String> words = codec.words(entry, old);
                checkTypes(model, entry, codec.read(Line.of(String.join(" ", words), "")));
                if (old != null) {
                    kept.add(old);
                    keptWords.add(words);
                } else {
                    added.add(words);
                }
            }
            keptWords.addAll(added); // the new ones follow the last line of their kind
            String indent = SectionEditor.indentation(s);
            List<Line> body = SectionEditor.withOwnedLines(s.body(), kept, keptWords, codec::read,
                    SectionEditor.afterLast(s.body(), codec::matches), indent, eol);
            // the lines of names no longer wanted go
            Set<Line> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
            existing.forEach((name, line) -> {
                if (!given.contains(name)) {
                    dropped.add(line);
                }
            });
            List<Line> remaining = new ArrayList<>(body);
            remaining.removeIf(dropped::contains);
            return SectionEditor.withBody(s, remaining, eol);
        }
    }

    /** The {@code use_backend} rules of a frontend as backend switching rule models ({@code name}, {@code cond}...). */
    public static List<ObjectNode> backendSwitchingRules(Section frontend) {
        return frontend.body().stream().filter(RuleTables.USE_BACKEND::matches).map(RuleTables.USE_BACKEND::read)
                .toList();
    }

    /**
     * The frontend whose {@code use_backend} rules for which {@code managed} holds are exactly {@code rules}, in
     * order: the i-th such line is rewritten in place, surplus lines go, new ones follow the last
     * {@code use_backend} line. Other {@code use_backend} lines stay as they are.
     */
    public static Section withBackendSwitchingRules(Section frontend, java.util.function.Predicate<ObjectNode> managed,
                                                    List<JsonNode> rules, String eol) throws ConfigException {
        List<Line> owned = frontend.body().stream().filter(RuleTables.USE_BACKEND::matches)
                .filter(l -> managed.test(RuleTables.USE_BACKEND.read(l))).toList();
        List<List<String>> desired = new ArrayList<>();
        for (JsonNode rule : rules) {
            List<String> words = RuleTables.USE_BACKEND.words(rule);
            checkTypes("backend_switching_rule", rule, RuleTables.USE_BACKEND.read(Line.of(String.join(" ", words), "")));
            desired.add(words);
        }
        List<Line> body = SectionEditor.withOwnedLines(frontend.body(), owned, desired, RuleTables.USE_BACKEND::read,
                SectionEditor.afterLast(frontend.body(), RuleTables.USE_BACKEND::matches),
                SectionEditor.indentation(frontend), eol);
        return SectionEditor.withBody(frontend, body, eol);
    }

    /**
     * The section holding exactly {@code body} written through its table (a full replacement); a body value of the
     * wrong JSON type for {@code model} is refused 400.
     */
    public static Section write(String model, Section section, List<FieldMapping> fields, JsonNode body, String eol)
            throws ConfigException {
        Section written = SectionEditor.write(section, fields, body, eol);
        checkTypes(model, body, SectionEditor.read(written, fields));
        return written;
    }

    /**
     * Refuses 400, as the official's decoder does, a body value whose JSON type does not fit its field: a string
     * where the model reads back a number or a boolean ({@code "max_object_size":"1"}), a number or a boolean
     * where it reads back a string. {@code written} is the model read back from what the body was written as;
     * fields it lacks are not judged. Nested objects likewise.
     */
    public static void checkTypes(String model, JsonNode body, JsonNode written) throws ConfigException {
        checkTypes(model, "", body, written);
    }

    private static void checkTypes(String model, String path, JsonNode body, JsonNode written) throws ConfigException {
        if (body == null || written == null || !body.isObject() || !written.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode sent = field.getValue();
            JsonNode read = written.get(field.getKey());
            if (read == null) {
                continue;
            }
            boolean scalar = sent.isNumber() || sent.isBoolean();
            if ((sent.isTextual() && (read.isNumber() || read.isBoolean())) || (scalar && read.isTextual())) {
                String type = read.isNumber() ? "int64" : read.isBoolean() ? "bool" : "string";
                throw ConfigException.wrongType(sent,
                        "Go struct field " + goName(model) + "." + path + field.getKey() + " of type " + type);
            }
            if (sent.isObject()) {
                checkTypes(field.getKey(), path + field.getKey() + ".", sent, read);
            }
        }
    }

    /** The Go type name of a model in the decoder's messages: {@code http_request_rule} is {@code HTTPRequestRule}. */
    public static String goName(String model) {
        StringBuilder out = new StringBuilder();
        for (String part : model.split("[_-]")) {
            if (List.of("http", "tcp", "acl", "id", "ssl", "api", "fcgi").contains(part)) {
                out.append(part.toUpperCase(java.util.Locale.ROOT));
            } else if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

}
