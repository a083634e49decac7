package dev.dpapi.runtime;

import dev.dpapi.text.ConfigException;
import static dev.dpapi.runtime.Answers.guarded;
import static dev.dpapi.runtime.Answers.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** /services/haproxy/stats/native: {@code show stat} in the native_stats model, filtered by type, name and parent. */
public final class StatsService implements ApiService {

    private static final String BASE = "/services/haproxy/stats";
    /** The fields of native_stat_stats that hold text; the others are integers. */
    private static final Set<String> TEXT = Set.of("addr", "agent_desc", "agent_status", "algo", "check_desc",
            "check_status", "cookie", "hanafail", "mode", "status", "tracked");
    private static final Set<String> NUMBERS = Set.of("act", "agent_code", "agent_duration", "agent_fall",
            "agent_health", "agent_rise", "bck", "bin", "bout", "check_code", "check_duration", "check_fall",
            "check_health", "check_rise", "chkdown", "chkfail", "cli_abrt", "comp_byp", "comp_in", "comp_out",
            "comp_rsp", "conn_rate", "conn_rate_max", "conn_tot", "ctime", "dcon", "downtime", "dreq", "dresp",
            "dses", "econ", "ereq", "eresp", "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx",
            "hrsp_other", "iid", "intercepted", "lastchg", "lastsess", "lbtot", "pid", "qcur", "qlimit", "qmax",
            "qtime", "rate", "rate_lim", "rate_max", "req_rate", "req_rate_max", "req_tot", "rtime", "scur", "sid",
            "slim", "smax", "srv_abrt", "stot", "throttle", "ttime", "weight", "wredis", "wretr");
    private static final List<String> TYPES = List.of("frontend", "backend", "server");

    /** native_stat: one frontend, backend or server. */
    public record NativeStat(@JsonProperty("backend_name") String backendName, String name,
                             StatValues stats, String type) {
    }

    /**
     * native_stat_stats: a row's values by column, text or integer as {@link #statFields()} says, written
     * straight from the CSV in the model's (alphabetical) order. Thousands of rows make no map and no string per
     * value: the answer on 2,000 backends x 10 servers spent most of its time collecting such garbage.
     */
    public static final class StatValues extends JsonSerializable.Base {
        private final Columns columns;
        private final String csv;
        /** Value i of the row runs from {@code commas[i] + 1} to {@code commas[i + 1]}. */
        private final int[] commas;

        StatValues(Columns columns, String csv, int[] commas) {
            this.columns = columns;
            this.csv = csv;
            this.commas = commas;
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            int values = commas.length - 1;
            for (int i = 0; i < columns.order.length; i++) {
                int at = columns.order[i];
                if (at >= values || commas[at] + 1 == commas[at + 1]) {
                    continue;
                }
                int from = commas[at] + 1;
                int to = commas[at + 1];
                if (columns.text[i]) {
                    g.writeFieldName(columns.names[i]);
                    g.writeString(csv.substring(from, to));
                } else {
                    long number;
                    try {
                        number = Long.parseLong(csv, from, to, 10);
                    } catch (NumberFormatException e) {
                        continue; // a value the model has no room for
                    }
                    g.writeFieldName(columns.names[i]);
                    g.writeNumber(number);
                }
            }
            g.writeEndObject();
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer type) throws IOException {
            serialize(g, provider);
        }
    }

    /** The fields of native_stat_stats and their JSON types: what a row is read into, and what is documented. */
    public static Map<String, String> statFields() {
        Map<String, String> fields = new TreeMap<>();
        TEXT.forEach(f -> fields.put(f, "string"));
        NUMBERS.forEach(f -> fields.put(f, "integer"));
        return fields;
    }

    /** native_stats_collection: what one runtime socket reported, or why it could not. */
    public record Collection(String error, @JsonProperty("runtimeAPI") String runtimeApi, List<NativeStat> stats) {
    }

    private final RuntimeApi runtime;
    private final ApiEndpoint.Action links;

    public StatsService(RuntimeApi runtime, ApiEndpoint.Action links) {
        this.runtime = runtime;
        this.links = links;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        return List.of(
                ApiEndpoint.get(BASE, "getStatsEndpoints", "Statistics families",
                        "Returns the statistics families.", "endpoints", links),
                ApiEndpoint.get(BASE + "/native", "getStats", "HAProxy's own statistics",
                        "Returns show stat for frontends, backends and servers, optionally only one type or object.",
                        "native_stats", guarded(this::stats),
                        new ApiEndpoint.Param("type", "string", false, "frontend, backend or server"),
                        new ApiEndpoint.Param("name", "string", false, "name of the object (needs type)"),
                        new ApiEndpoint.Param("parent", "string", false, "backend of the server (type=server)")));
    }

    private void stats(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Optional<String> type = query(req, "type");
        Optional<String> name = query(req, "name");
        Optional<String> parent = query(req, "parent");
        if (type.isPresent() && !TYPES.contains(type.get())) {
            throw new Answers.Refusal(422, 605, "type in query should be one of [frontend backend server]");
        }
        if (name.isPresent() && type.isEmpty()) {
            throw new Answers.Refusal(400, "Type required when filtering by name");
        }
        if (name.isPresent() && type.get().equals("server") && parent.isEmpty()) {
            throw new Answers.Refusal(400, "Parent backend required when filtering by server");
        }
        String socket = runtime.endpoint().map(RuntimeApi.Endpoint::path)
                .orElseThrow(() -> new RuntimeApiException("runtime: option is not available"));
        String csv;
        try {
            csv = runtime.command("show stat");
        } catch (RuntimeApiException e) {
            Json.send(res, 500, List.of(new Collection(e.getMessage(), socket, null)));
            return;
        }
        List<NativeStat> stats = parse(csv).stream()
                .filter(s -> type.isEmpty() || s.type().equals(type.get()))
                .filter(s -> name.isEmpty() || s.name().equals(name.get()))
                .filter(s -> name.isEmpty() || parent.isEmpty() || !type.get().equals("server")
                        || parent.get().equals(s.backendName()))
                .toList();
        Json.send(res, 200, List.of(new Collection(null, socket, stats)));
    }

    /** The rows of {@code show stat}'s CSV; listeners (type 3) are not part of the model. */
    public static List<NativeStat> parse(String csv) {
        List<NativeStat> out = new ArrayList<>();
        Columns columns = null;
        int[] commas = new int[128];
        for (int start = 0, end; start < csv.length(); start = end + 1) {
            end = csv.indexOf('\n', start);
            if (end < 0) {
                end = csv.length();
            }
            if (csv.startsWith("# ", start)) {
                columns = new Columns(csv.substring(start + 2, end).split(",", -1));
                continue;
            }
            if (columns == null || csv.substring(start, end).isBlank()) {
                continue;
            }
            int values = 0;
            commas[values++] = start - 1;
            for (int at = csv.indexOf(',', start); at >= 0 && at < end; at = csv.indexOf(',', at + 1)) {
                if (values + 1 >= commas.length) {
                    commas = Arrays.copyOf(commas, commas.length * 2);
                }
                commas[values++] = at;
            }
            commas[values] = end;
            int[] row = Arrays.copyOf(commas, values + 1);
            String kind = columns.type >= 0 && columns.type < values ? switch (value(csv, row, columns.type)) {
                case "0" -> "frontend";
                case "1" -> "backend";
                case "2" -> "server";
                default -> null;
            } : null;
            if (kind == null) {
                continue;
            }
            boolean server = kind.equals("server");
            out.add(new NativeStat(server ? value(csv, row, 0) : null, value(csv, row, server ? 1 : 0),
                    new StatValues(columns, csv, row), kind));
        }
        return out;
    }

    private static String value(String csv, int[] commas, int i) {
        return csv.substring(commas[i] + 1, commas[i + 1]);
    }

    /** The model's columns of a CSV header, in the model's (alphabetical) order, worked out once per answer. */
    private static final class Columns {
        final int type;
        final int[] order;
        final SerializedString[] names;
        final boolean[] text;

        Columns(String[] header) {
            Map<String, Integer> known = new TreeMap<>();
            int typeAt = -1;
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals("type")) {
                    typeAt = i;
                } else if (TEXT.contains(header[i]) || NUMBERS.contains(header[i])) {
                    known.putIfAbsent(header[i], i);
                }
            }
            type = typeAt;
            order = new int[known.size()];
            names = new SerializedString[known.size()];
            text = new boolean[known.size()];
            int n = 0;
            for (Map.Entry<String, Integer> e : known.entrySet()) {
                names[n] = new SerializedString(e.getKey());
                order[n] = e.getValue();
                text[n++] = TEXT.contains(e.getKey());
            }
        }
    }
}
