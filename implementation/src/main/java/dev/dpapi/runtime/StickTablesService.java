package dev.dpapi.runtime;

import dev.dpapi.text.ConfigException;
import static dev.dpapi.runtime.Answers.argument;
import static dev.dpapi.runtime.Answers.guarded;
import static dev.dpapi.runtime.Answers.integer;
import static dev.dpapi.runtime.Answers.query;
import static dev.dpapi.runtime.Answers.required;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.dpapi.text.ConfigText;
import dev.dpapi.runtime.StickTables.StickTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** /services/haproxy/runtime/stick_tables and stick_table_entries: HAProxy's stick tables as they run. */
public final class StickTablesService implements ApiService {

    private static final String TABLES = "/services/haproxy/runtime/stick_tables";
    private static final String ENTRIES = "/services/haproxy/runtime/stick_table_entries";
    private static final Pattern FILTER = Pattern.compile("^data\\.([a-z0-9_]+) (eq|ne|le|lt|ge|gt) (-?\\d+)$");

    private final RuntimeApi runtime;
    private final Supplier<ConfigText> config;

    /** {@code config}: haproxy.cfg, where the tables' stored data types are declared. */
    public StickTablesService(RuntimeApi runtime, Supplier<ConfigText> config) {
        this.runtime = runtime;
        this.config = config;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param process = new ApiEndpoint.Param("process", "integer", true, "process number (1)");
        ApiEndpoint.Param table = new ApiEndpoint.Param("stick_table", "string", true, "name of the table");
        return ApiEndpoint.tagged("StickTable", List.of(
                ApiEndpoint.get(TABLES, "getStickTables", "Stick tables", "Returns every stick table (show table).",
                        "stick_tables", guarded(this::list), new ApiEndpoint.Param("process", "integer", false, "process number")),
                ApiEndpoint.get(TABLES + "/{name}", "getStickTable", "One stick table",
                        "Returns one stick table: type, size, use and stored data.", "stick_table", guarded(this::one), process),
                ApiEndpoint.get(ENTRIES, "getStickTableEntries", "Entries of a stick table",
                        "Returns the table's entries, by key or by the first filter data.<type> <op> <value>.", "stick_table_entries",
                        guarded(this::entries), table, process,
                        new ApiEndpoint.Param("filter", "string", false, "data.<type> <operator> <value>, comma separated"),
                        new ApiEndpoint.Param("key", "string", false, "only this key"),
                        new ApiEndpoint.Param("count", "integer", false, "at most this many entries"),
                        new ApiEndpoint.Param("offset", "integer", false, "entries skipped first")),
                new ApiEndpoint(Method.POST, ENTRIES, "setStickTableEntries", "Set a stick table entry",
                        "Sets data of the entry with this key (set table), creating it when missing.",
                        List.of(table, process), 204, null, guarded(this::set))));
    }

    private void list(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Json.send(res, 200, tables(integer(req, "process").orElse(1L)));
    }

    private void one(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        long process = processOf(req);
        String name = req.path().pathParameters().get("name");
        Json.send(res, 200, find(name, process));
    }

    private void entries(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        String table = required(req, "stick_table");
        long process = processOf(req);
        find(table, process);
        StringBuilder command = new StringBuilder("show table ").append(argument("stick_table", table));
        Optional<String> filter = query(req, "filter");
        if (filter.isPresent()) {
            String first = filter.get().split(",")[0].strip();
            Matcher m = FILTER.matcher(first);
            if (!m.matches()) {
                throw new Answers.Refusal(400, "filter must read data.<type> <eq|ne|le|lt|ge|gt> <integer>: " + first);
            }
            command.append(" data.").append(m.group(1)).append(' ').append(m.group(2)).append(' ').append(m.group(3));
        }
        Optional<String> key = query(req, "key");
        if (key.isPresent()) {
            command.append(" key ").append(argument("key", key.get()));
        }
        List<StickTables.Entry> entries = StickTables.entries(runtime.command(command.toString()));
        long offset = integer(req, "offset").orElse(0L);
        if (offset > 0 && offset >= entries.size()) {
            throw new Answers.Refusal(400, "Offset " + offset + " is larger than the slice size " + entries.size());
        }
        long count = integer(req, "count").orElse((long) entries.size());
        Json.send(res, 200, entries.subList((int) offset, (int) Math.min(entries.size(), offset + Math.max(0, count))));
    }

    private void set(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        String table = required(req, "stick_table");
        long process = processOf(req);
        JsonNode body = Answers.body(req);
        String key = Answers.text(body, "key");
        JsonNode data = body.get("data_type");
        if (data == null || !data.isObject() || data.isEmpty()) {
            throw new Answers.Refusal(422, 602, "data_type in body is required");
        }
        find(table, process);
        StringBuilder command = new StringBuilder("set table ").append(argument("stick_table", table))
                .append(" key ").append(argument("key", key));
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) data::fields) {
            if (!StickTables.SETTABLE.contains(e.getKey())) {
                throw new Answers.Refusal(400, "data_type " + e.getKey() + " cannot be set");
            }
            if (!e.getValue().isIntegralNumber()) {
                throw new Answers.Refusal(400, "parsing data body from \"\" failed, because data_type." + e.getKey()
                        + " must be an integer");
            }
            command.append(" data.").append(e.getKey()).append(' ').append(e.getValue().asLong());
        }
        try {
            runtime.command(command.toString());
        } catch (RuntimeRefusal r) {
            throw new Answers.Refusal(400, r.getMessage());
        }
        res.header(MapsService.APPLIED, "runtime");
        Answers.noContent(res);
    }

    private static long processOf(ServerRequest req) throws ConfigException {
        return integer(req, "process").orElseThrow(() -> new Answers.Refusal(422, 602, "process in query is required"));
    }

    private StickTable find(String name, long process) throws RuntimeApiException {
        return tables(process).stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new Answers.Refusal(404, "Stick table " + name + " not found in process " + process));
    }

    private List<StickTable> tables(long process) throws RuntimeApiException {
        Map<String, List<StickTables.StoredField>> declared = StickTables.declared(config.get());
        return StickTables.headers(runtime.command("show table")).stream()
                .map(h -> new StickTable(declared.getOrDefault(h.name(), List.of()), h.name(), process, h.size(),
                        h.type(), h.used()))
                .toList();
    }
}
