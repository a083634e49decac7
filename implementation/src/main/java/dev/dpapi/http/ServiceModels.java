package dev.dpapi.http;

import static dev.dpapi.http.OpenApiDocument.ref;
import static dev.dpapi.http.OpenApiDocument.schemaOf;

import dev.dpapi.cluster.ClusterService;
import dev.dpapi.discovery.ServiceDiscovery;
import dev.dpapi.model.SpoeTables;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.runtime.AclsService;
import dev.dpapi.runtime.MapsService;
import dev.dpapi.runtime.ServersService;
import dev.dpapi.runtime.StatsService;
import dev.dpapi.runtime.StickTables;
import dev.dpapi.spoe.SpoeService;
import dev.dpapi.storage.StorageService;
import dev.dpapi.transactions.Transactions;
import io.helidon.http.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models of the families beside the configuration (runtime, stats, storage, reloads, transactions, SPOE
 * files, service discovery, cluster), for the served document: each definition is built from the record its handler
 * answers with (discovery definitions: from the field table they are decoded by), and each operation's body from
 * the record or the media type the handler reads. Endpoints name their answer's definition; what they read
 * is declared here, by method and path.
 */
final class ServiceModels {

    /** The definitions built from records, by the name endpoints use. */
    private static final Map<String, Class<?>> RECORDS = ordered(
            "runtime_server", ServersService.RuntimeServer.class,
            "map", MapsService.MapFile.class,
            "map_entry", MapsService.MapEntry.class,
            "acl_file", AclsService.AclFile.class,
            "acl_file_entry", AclsService.AclEntry.class,
            "stick_table", StickTables.StickTable.class,
            "stick_table_entry", StickTables.Entry.class,
            "native_stats_collection", StatsService.Collection.class,
            "native_stat", StatsService.NativeStat.class,
            "general_file", StorageService.GeneralFile.class,
            "ssl_certificate", StorageService.SslCertificate.class,
            "reload", ReloadAgent.Reload.class,
            "transaction", Transactions.Transaction.class,
            "spoe_transaction", SpoeService.Transaction.class,
            "spoe_file_path", SpoeService.FilePath.class,
            "spoe_scope_names", SpoeService.ScopeNames.class,
            "spoe_one_scope", SpoeService.OneScope.class,
            "cluster_settings", ClusterService.ClusterSettings.class);

    /** The list definitions: each an array of another definition. */
    private static final Map<String, String> LISTS = ordered(
            "runtime_servers", "runtime_server",
            "maps", "map",
            "map_entries", "map_entry",
            "acl_files", "acl_file",
            "acl_files_entries", "acl_file_entry",
            "stick_tables", "stick_table",
            "stick_table_entries", "stick_table_entry",
            "native_stats", "native_stats_collection",
            "general_files", "general_file",
            "ssl_certificates", "ssl_certificate",
            "reloads", "reload",
            "transactions", "transaction",
            "spoe_transactions", "spoe_transaction");

    /** Definitions of a bare value or a list of them: SPOE files are named by their file names, scopes by [name]. */
    private static final Map<String, Map<String, Object>> VALUES = ordered(
            "spoe_files", Map.of("type", "array", "items", Map.of("type", "string")),
            "spoe_scope", Map.of("type", "string"));

    /** Types met inside a model that have their own definition (referenced rather than repeated). */
    private static final Map<Class<?>, String> NAMED = Map.of(
            StatsService.NativeStat.class, "native_stat",
            StatsService.StatValues.class, "native_stat_stats",
            StickTables.Entry.class, "stick_table_entry");

    /** What an operation reads, and its answer when that is not a JSON definition. */
    record Documented(List<Map<String, Object>> parameters, Optional<Map<String, Object>> response) {
        static final Documented NOTHING = new Documented(List.of(), Optional.empty());
    }

    private static final Map<String, Documented> OPERATIONS = operations();

    private ServiceModels() {
    }

    private static Map<String, Documented> operations() {
        Map<String, Documented> ops = new LinkedHashMap<>();
        String runtime = "/services/haproxy/runtime/";
        body(ops, Method.PUT, runtime + "servers/{name}", "data", ref("runtime_server"));
        body(ops, Method.POST, runtime + "servers", "data", ref("runtime_add_server"));
        body(ops, Method.PUT, runtime + "maps/{name}", "data", ref("map_entries"));
        body(ops, Method.POST, runtime + "maps_entries", "data", ref("map_entry"));
        body(ops, Method.PUT, runtime + "maps_entries/{id}", "data", schemaOf(MapsService.MapValue.class));
        body(ops, Method.POST, runtime + "acl_file_entries", "data", ref("acl_file_entry"));
        body(ops, Method.PUT, runtime + "acl_file_entries", "data", ref("acl_files_entries"));
        body(ops, Method.POST, runtime + "stick_table_entries", "stick_table_entry",
                schemaOf(StickTables.EntrySetting.class, NAMED));
        for (String kind : List.of("maps", "ssl_certificates", "general")) {
            String list = "/services/haproxy/storage/" + kind;
            String one = list + "/{name}";
            // uploads are multipart/form-data with the file in file_upload; replacements are the text itself
            ops.put(key(Method.POST, list), new Documented(List.of(Map.of("name", "file_upload", "in", "formData",
                    "required", true, "type", "file")), Optional.empty()));
            body(ops, Method.PUT, one, "data", Map.of("type", "string"));
            if (!kind.equals("ssl_certificates")) { // a certificate answers its descriptor; other files their bytes
                // in application/octet-stream: RequestGuard.produces says so, for the document and the Accept check
                ops.put(key(Method.GET, one), new Documented(List.of(), Optional.of(Map.of("type", "file"))));
                ops.put(key(Method.PUT, one), new Documented(ops.get(key(Method.PUT, one)).parameters(),
                        Optional.of(Map.of())));
            }
        }
        for (ServiceDiscovery.DefinitionModel d : ServiceDiscovery.definitionModels()) {
            body(ops, Method.POST, "/service_discovery/" + d.path(), "data", ref(d.name()));
            body(ops, Method.PUT, "/service_discovery/" + d.path() + "/{id}", "data", ref(d.name()));
        }
        String spoe = "/services/haproxy/spoe/";
        // an upload answers the stored file's path; a new scope is read as its bare name and answered with no body
        ops.put(key(Method.POST, spoe + "spoe_files"), new Documented(List.of(Map.of("name", "file_upload",
                "in", "formData", "required", true, "type", "file")), Optional.of(Map.of("type", "string"))));
        body(ops, Method.POST, spoe + "spoe_scopes", "data", ref("spoe_scope"));
        ops.put(key(Method.POST, spoe + "spoe_scopes"), new Documented(ops.get(key(Method.POST, spoe + "spoe_scopes"))
                .parameters(), Optional.of(Map.of())));
        ops.put(key(Method.GET, spoe + "version"), new Documented(List.of(), Optional.of(Map.of("type", "integer")))); // the bare version number
        for (SpoeTables table : SpoeTables.values()) { // a new or replaced section is answered with no body
            String list = spoe + table.model() + "s";
            for (String key : List.of(key(Method.POST, list), key(Method.PUT, list + "/{name}"))) {
                ops.put(key, new Documented(List.of(Map.of("name", "data", "in", "body", "required", true,
                        "schema", ref(table.model()))), Optional.of(Map.of())));
            }
        }
        body(ops, Method.POST, "/cluster", "data", ref("cluster_settings"));
        body(ops, Method.PUT, "/cluster", "data", ref("cluster_settings"));
        return ops;
    }

    private static void body(Map<String, Documented> ops, Method method, String path, String name,
                             Map<String, Object> schema) {
        ops.put(key(method, path), new Documented(List.of(Map.of("name", name, "in", "body", "required", true,
                "schema", schema)), Optional.empty()));
    }

    private static String key(Method method, String path) {
        return method.text() + " " + path;
    }

    /** What the document adds to an endpoint's routing facts (nothing for the configuration families). */
    static Documented of(ApiEndpoint e) {
        return OPERATIONS.getOrDefault(key(e.method(), e.path()), Documented.NOTHING);
    }

    /** The operations described here: each must be served. */
    static List<String> operationKeys() {
        return List.copyOf(OPERATIONS.keySet());
    }

    /** The records behind the definitions, by definition name. */
    static Map<String, Class<?>> records() {
        return RECORDS;
    }

    static Map<String, Object> definitions() {
        Map<String, Object> defs = new LinkedHashMap<>();
        RECORDS.forEach((name, type) -> defs.put(name, schemaOf(type, NAMED)));
        LISTS.forEach((name, item) -> defs.put(name, Map.of("type", "array", "items", ref(item))));
        defs.putAll(VALUES);
        for (ServiceDiscovery.DefinitionModel d : ServiceDiscovery.definitionModels()) {
            defs.put(d.name(), d.schema());
            defs.put(d.name() + "s", Map.of("type", "array", "items", ref(d.name())));
            defs.put(d.name() + "_data", Map.of("type", "object", "properties", Map.of("data", ref(d.name()))));
            defs.put(d.name() + "s_data", Map.of("type", "object", "properties", Map.of("data", ref(d.name() + "s"))));
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        StatsService.statFields().forEach((field, type) -> stats.put(field, Map.of("type", type)));
        defs.put("native_stat_stats", Map.of("type", "object", "properties", stats));
        return defs;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        return map;
    }
}
