package dev.dpapi.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The v2.8 contract's configuration objects, read from its paths: which families of sections and children exist,
 * how each is addressed (its id, its parents) and which can be replaced. The contract lives beside the repository
 * (it may not be copied into it): {@code CONFORMANCE_CONTRACT} or {@code -Dconformance.contract} names it.
 */
final class Contract {

    static final String PREFIX = "/services/haproxy/configuration/";

    /**
     * The section list that names the parents of each parent kind the contract uses ({@code parent_type} values
     * and single-parent query parameters); {@code global} has no name.
     */
    private static final Map<String, String> SECTIONS_OF_KIND = Map.ofEntries(Map.entry("frontend", "frontends"),
            Map.entry("backend", "backends"), Map.entry("defaults", "named_defaults"),
            Map.entry("log_forward", "log_forwards"), Map.entry("peers", "peer_section"),
            Map.entry("peer_section", "peer_section"), Map.entry("ring", "rings"), Map.entry("userlist", "userlists"),
            Map.entry("mailers_section", "mailers_section"), Map.entry("resolver", "resolvers"),
            Map.entry("fcgi-app", "fcgi_apps"), Map.entry("global", ""));

    /**
     * A family of configuration objects: its list path (after {@link #PREFIX}), the path parameter that names one
     * ({@code name}, {@code index}...; null for a single object such as {@code global}), whether its objects can
     * be replaced, and its parents: the query parameter that names them ({@code parent_type}, {@code backend}...;
     * null for a section) and the kinds of parent it takes.
     */
    record Family(String path, String id, boolean replaceable, String parentParameter, List<String> parentKinds) {

        boolean single() {
            return id == null;
        }

        boolean section() {
            return parentParameter == null;
        }

        /** The section list that names the parents of {@code kind} ({@code ""} for global). */
        static String sectionsOf(String kind) {
            String sections = SECTIONS_OF_KIND.get(kind);
            if (sections == null) {
                throw new IllegalStateException("the contract names a parent kind this suite does not know: " + kind);
            }
            return sections;
        }

        /** The query that names a parent of {@code kind} called {@code name}. */
        String parentQuery(String kind, String name) {
            if (!parentParameter.equals("parent_type")) {
                return parentParameter + "=" + name;
            }
            return "parent_type=" + kind + (kind.equals("global") ? "" : "&parent_name=" + name);
        }

        @Override
        public String toString() {
            return path;
        }
    }

    private final JsonNode paths;
    final Path file;

    private Contract(Path file, JsonNode paths) {
        this.file = file;
        this.paths = paths;
    }

    private static Contract loaded;

    /** The contract, read once; null when it is not on this machine. */
    static synchronized Contract load() {
        if (loaded == null) {
            Path file = locate();
            if (file == null) {
                return null;
            }
            try {
                loaded = new Contract(file, new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("paths"));
            } catch (IOException e) {
                throw new UncheckedIOException("the contract " + file, e);
            }
        }
        return loaded;
    }

    static String whereToPutIt() {
        return "the v2.8 contract (dataplaneapi-v2.8-openapi.yaml) is not on this machine: name it with "
                + "CONFORMANCE_CONTRACT or -Dconformance.contract";
    }

    private static Path locate() {
        String configured = RunParameter.of(key -> null, "conformance.contract", "CONFORMANCE_CONTRACT");
        Stream<Path> candidates = configured != null ? Stream.of(Path.of(configured))
                : Stream.of("../../shared/reference", "../../../shared/reference")
                        .map(p -> Path.of(p, "dataplaneapi-v2.8-openapi.yaml"));
        return candidates.filter(Files::isRegularFile).findFirst().orElse(null);
    }

    /**
     * Every family of configuration objects, in the contract's order: single objects (a path read and replaced
     * whole), sections (a list without parent, objects by name) and children (a list whose query names a parent).
     */
    List<Family> configurationFamilies() {
        List<Family> out = new ArrayList<>();
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            if (!path.startsWith(PREFIX) || path.substring(PREFIX.length()).contains("/")) {
                continue;
            }
            String family = path.substring(PREFIX.length());
            JsonNode ops = paths.path(path);
            String itemPath = itemPath(path);
            if (itemPath == null) {
                if (ops.has("get") && ops.has("put")) {
                    out.add(new Family(family, null, true, null, List.of()));
                }
                continue;
            }
            JsonNode item = paths.path(itemPath);
            String id = itemPath.substring(path.length() + 2, itemPath.length() - 1);
            List<String> listParents = parents(ops.path("get"));
            if (listParents.isEmpty()) {
                out.add(new Family(family, id, item.has("put"), null, List.of()));
                continue;
            }
            // parents the item path accepts too (acls list fcgi-app parents, their items do not)
            Set<String> kinds = new LinkedHashSet<>(listParents.subList(1, listParents.size()));
            kinds.retainAll(parents(item.path("get")));
            out.add(new Family(family, id, item.has("put"), listParents.get(0), List.copyOf(kinds)));
        }
        return out;
    }

    /** The {@code /{param}} path under {@code list}, or null. */
    private String itemPath(String list) {
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String p = it.next();
            if (p.matches(java.util.regex.Pattern.quote(list) + "/\\{[a-z_]+}")) {
                return p;
            }
        }
        return null;
    }

    /**
     * How an operation names its parent: the parameter, then the kinds of parent ({@code parent_type}'s values
     * when it has one, else the single query parameter's own name); empty for none.
     */
    private static List<String> parents(JsonNode operation) {
        List<String> plain = new ArrayList<>();
        for (JsonNode p : operation.path("parameters")) {
            if (!p.path("in").asText().equals("query")) {
                continue; // $ref parameters: transaction_id, version, force_reload
            }
            String name = p.path("name").asText();
            if (name.equals("parent_type")) {
                List<String> out = new ArrayList<>(List.of("parent_type"));
                p.path("enum").forEach(v -> out.add(v.asText()));
                return out;
            }
            if (!name.equals("parent_name") && !name.equals("acl_name")) {
                plain.add(name);
            }
        }
        return plain.isEmpty() ? List.of() : List.of(plain.get(0), plain.get(0));
    }
}
