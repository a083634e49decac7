package dev.dpapi.runtime;

import dev.dpapi.config.ConfigException;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** /services/haproxy/runtime/stick_tables and stick_table_entries: HAProxy's stick tables as they run. */
public final class StickTablesService implements ApiService {

    private static final String TABLES = "/services/haproxy/runtime/stick_tables";
    private static final String ENTRIES = "/services/haproxy/runtime/stick_table_entries";
    private static final Pattern HEADER = Pattern.compile("^# table: ([^,]+), type: ([^,]+), size:(\\d+), used:(\\d+)");
    private static final Pattern FILTER = Pattern.compile("^data\\.([a-z0-9_]+) (eq|ne|le|lt|ge|gt) (-?\\d+)$");
    /** The integer counters of the stick_table_entry model (HAProxy writes rates as name(period)). */
    private static final Set<String> COUNTERS = Set.of("bytes_in_cnt", "bytes_in_rate", "bytes_out_cnt",
            "bytes_out_rate", "conn_cnt", "conn_cur", "conn_rate", "exp", "gpc0", "gpc0_rate", "gpc1", "gpc1_rate",
            "gpt0", "http_err_cnt", "http_err_rate", "http_req_cnt", "http_req_rate", "server_id", "sess_cnt",
            "sess_rate");
    private static final Pattern STORE = Pattern.compile("([a-z0-9_]+)(?:\\(([0-9a-z]+)\\))?");

    /** A stored data type of a table. */
    public record Field(String field, Long period, String type) {
    }

    /** The stick_table model. */
    public record StickTable(List<Field> fields, String name, Long process, Long size, String type, Long used) {
    }

    private final RuntimeApi runtime;
    private final Supplier<String> configText;

    /** {@code configText}: haproxy.cfg, where the tables' stored data types are declared. */
    public StickTablesService(RuntimeApi runtime, Supplier<String> configText) {
        this.runtime = runtime;
        this.configText = configText;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param process = new ApiEndpoint.Param("process", "integer", true, "process number (1)");
        ApiEndpoint.Param table = new ApiEndpoint.Param("stick_table", "string", true, "name of the table");
        return List.of(
                ApiEndpoint.get(TABLES, "getStickTables", "Stick tables", "Returns every stick table (show table).",
                        null, guarded(this::list), new ApiEndpoint.Param("process", "integer", false, "process number")),
                ApiEndpoint.get(TABLES + "/{name}", "getStickTable", "One stick table",
                        "Returns one stick table: type, size, use and stored data.", null, guarded(this::one), process),
                ApiEndpoint.get(ENTRIES, "getStickTableEntries", "Entries of a stick table",
                        "Returns the table's entries, by key or by the first filter data.<type> <op> <value>.", null,
                        guarded(this::entries), table, process,
                        new ApiEndpoint.Param("filter", "string", false, "data.<type> <operator> <value>, comma separated"),
                        new ApiEndpoint.Param("key", "string", false, "only this key"),
                        new ApiEndpoint.Param("count", "integer", false, "at most this many entries"),
                        new ApiEndpoint.Param("offset", "integer", false, "entries skipped first")),
                new ApiEndpoint(Method.POST, ENTRIES, "setStickTableEntries", "Set a stick table entry",
                        "Sets data of the entry with this key (set table), creating it when missing.",
                        List.of(table, process), 204, null, guarded(this::set)));
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
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String line : runtime.command(command.toString()).split("\n")) {
            if (line.startsWith("0x")) {
                entries.add(entry(line));
            }
        }
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
            if (!COUNTERS.contains(e.getKey()) || e.getKey().equals("exp") || e.getKey().equals("server_id")) {
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
        Map<String, List<Field>> declared = declaredFields();
        List<StickTable> out = new ArrayList<>();
        for (String line : runtime.command("show table").split("\n")) {
            Matcher m = HEADER.matcher(line.strip());
            if (m.find()) {
                out.add(new StickTable(declared.getOrDefault(m.group(1), List.of()), m.group(1), process,
                        Long.parseLong(m.group(3)), m.group(2), Long.parseLong(m.group(4))));
            }
        }
        return out;
    }

    /** One line of show table: {@code 0x..: key=k use=0 exp=1000 gpc0=4 http_req_rate(10000)=2}. */
    static Map<String, Object> entry(String line) {
        Map<String, Object> out = new TreeMap<>();
        int colon = line.indexOf(':');
        out.put("id", line.substring(0, colon));
        for (String word : line.substring(colon + 1).strip().split(" ")) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = word.substring(0, eq).replaceAll("\\(.*\\)$", "");
            String value = word.substring(eq + 1);
            if (name.equals("key")) {
                out.put("key", value);
            } else if (name.equals("use")) {
                if (!value.equals("0")) {
                    out.put("use", true);
                }
            } else if (COUNTERS.contains(name)) {
                try {
                    out.put(name, Long.parseLong(value));
                } catch (NumberFormatException e) {
                    // a value the model has no room for
                }
            }
        }
        return out;
    }

    /**
     * Stored data types as haproxy.cfg declares them: {@code stick-table ... store a,b(10s)} in a proxy (the
     * table takes the proxy's name) or {@code table <name> ... store ...} in a peers section.
     */
    private Map<String, List<Field>> declaredFields() {
        Map<String, List<Field>> out = new LinkedHashMap<>();
        String section = null;
        for (String raw : configText.get().split("\n")) {
            String[] w = raw.strip().split("\\s+");
            if (w.length == 0 || w[0].isEmpty() || w[0].startsWith("#")) {
                continue;
            }
            boolean header = !Character.isWhitespace(raw.charAt(0));
            if (header) {
                section = w.length > 1 ? w[1] : null;
                continue;
            }
            String table = w[0].equals("stick-table") ? section : w[0].equals("table") && w.length > 1 ? w[1] : null;
            if (table == null) {
                continue;
            }
            List<Field> fields = new ArrayList<>();
            for (int i = 0; i < w.length - 1; i++) {
                if (w[i].equals("store")) {
                    for (String store : w[i + 1].split(",")) {
                        Matcher m = STORE.matcher(store);
                        if (m.matches()) {
                            fields.add(m.group(2) == null ? new Field(m.group(1), null, "counter")
                                    : new Field(m.group(1), dev.dpapi.config.Field.millis(m.group(2)).orElse(null), "rate"));
                        }
                    }
                }
            }
            out.put(table, fields);
        }
        return out;
    }
}
