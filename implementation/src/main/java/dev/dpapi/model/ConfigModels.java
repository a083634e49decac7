package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.WriteRequest;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.dpapi.http.configuration.Mutations;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the config capability for views built on its models (sites): frontends and backends, their
 * binds and servers, and backend switching rules, read and written through the same tables as the configuration
 * API, and changes made with its rules ({@link Mutations}). Edits are as lossless as the configuration API's.
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
            Section written = SectionEditor.write(s, fields, model, eol);
            Mutations.checkTypes(keyword, model, SectionEditor.read(written, fields));
            return written;
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
            List<Line> body = new ArrayList<>(s.body());
            Map<String, Line> existing = new HashMap<>();
            body.stream().filter(codec::matches).forEach(l -> existing.putIfAbsent(codec.name(l), l));
            Map<String, Boolean> kept = new HashMap<>();
            String indent = SectionEditor.indentation(s);
            for (JsonNode entry : entries) {
                String name = entry.path(codec.namedByWord() ? codec.nameField() : "name").asText();
                Line old = existing.get(name);
                List<String> words = codec.words(entry, old);
                Mutations.checkTypes(model, entry, codec.read(Line.of(String.join(" ", words), "")));
                if (old != null) {
                    body.set(ConfigText.identityIndex(body, old), old.rewritten(words));
                    kept.put(name, true);
                } else {
                    body.add(afterLast(body, codec::matches), Line.of(indent + String.join(" ", words), eol));
                }
            }
            existing.forEach((name, line) -> {
                if (!kept.containsKey(name)) {
                    body.remove(ConfigText.identityIndex(body, line));
                }
            });
            return SectionEditor.withBody(s, body, eol);
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
        List<Line> body = new ArrayList<>(frontend.body());
        List<Line> owned = body.stream().filter(RuleTables.USE_BACKEND::matches)
                .filter(l -> managed.test(RuleTables.USE_BACKEND.read(l))).toList();
        String indent = SectionEditor.indentation(frontend);
        for (int i = 0; i < rules.size(); i++) {
            List<String> words = RuleTables.USE_BACKEND.words(rules.get(i));
            Mutations.checkTypes("backend_switching_rule", rules.get(i),
                    RuleTables.USE_BACKEND.read(Line.of(String.join(" ", words), "")));
            if (i < owned.size()) {
                body.set(ConfigText.identityIndex(body, owned.get(i)), owned.get(i).rewritten(words));
            } else {
                body.add(afterLast(body, RuleTables.USE_BACKEND::matches), Line.of(indent + String.join(" ", words), eol));
            }
        }
        for (int i = rules.size(); i < owned.size(); i++) {
            body.remove(ConfigText.identityIndex(body, owned.get(i)));
        }
        return SectionEditor.withBody(frontend, body, eol);
    }

    /** After the last line of a kind, else after the last directive. */
    private static int afterLast(List<Line> body, java.util.function.Predicate<Line> kind) {
        for (int i = body.size() - 1; i >= 0; i--) {
            if (kind.test(body.get(i))) {
                return i + 1;
            }
        }
        return SectionEditor.afterLastDirective(body);
    }

    /** The text a read is about: the transaction's when {@code transaction_id} names one, else haproxy.cfg. */
    public static ConfigText read(Mutations mutations, ServerRequest req) throws ConfigException {
        return mutations.read(req);
    }

    /** The kinds of change, for the status matrix of configuration changes. */
    public enum Change {
        CREATE(Mutations.Op.CREATE), REPLACE(Mutations.Op.REPLACE), DELETE(Mutations.Op.DELETE);

        private final Mutations.Op op;

        Change(Mutations.Op op) {
            this.op = op;
        }
    }

    /**
     * Applies one change as every configuration change is (version or transaction, one validated write, the
     * reload and the status matrix), echoing {@code model} in its field order (DELETE: none).
     */
    public static void apply(Mutations mutations, WriteRequest request, ServerResponse res, Change kind, String model,
                             JsonNode echo, ConfigStore.ConfigChange change) throws ConfigException {
        mutations.apply(request, res, kind.op, echo == null ? null : Mutations.echo(model, echo), change);
    }
}
