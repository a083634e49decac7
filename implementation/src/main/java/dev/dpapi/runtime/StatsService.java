package dev.dpapi.runtime;

import dev.dpapi.config.ConfigException;
import static dev.dpapi.runtime.Answers.guarded;
import static dev.dpapi.runtime.Answers.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** native_stat_stats: a row's values by column, text or integer as {@link #statFields()} says. */
    public static final class StatValues extends LinkedHashMap<String, Object> {
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
    static List<NativeStat> parse(String csv) {
        List<NativeStat> out = new ArrayList<>();
        Columns columns = null;
        for (String line : csv.split("\n")) {
            if (line.startsWith("# ")) {
                columns = new Columns(line.substring(2).split(",", -1));
                continue;
            }
            if (columns == null || line.isBlank()) {
                continue;
            }
            String[] values = line.split(",", -1);
            String kind = columns.type < values.length ? switch (values[columns.type]) {
                case "0" -> "frontend";
                case "1" -> "backend";
                case "2" -> "server";
                default -> null;
            } : null;
            if (kind == null) {
                continue;
            }
            StatValues stats = new StatValues();
            for (int i = 0; i < columns.order.length; i++) {
                int at = columns.order[i];
                if (at >= values.length || values[at].isEmpty()) {
                    continue;
                }
                if (columns.text[i]) {
                    stats.put(columns.names[i], values[at]);
                } else {
                    try {
                        stats.put(columns.names[i], Long.parseLong(values[at]));
                    } catch (NumberFormatException e) {
                        // a value the model has no room for
                    }
                }
            }
            boolean server = kind.equals("server");
            out.add(new NativeStat(server ? values[0] : null, server ? values[1] : values[0], stats, kind));
        }
        return out;
    }

    /** The model's columns of a CSV header, in the model's (alphabetical) order, worked out once per answer. */
    private static final class Columns {
        final int type;
        final int[] order;
        final String[] names;
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
            names = new String[known.size()];
            text = new boolean[known.size()];
            int n = 0;
            for (Map.Entry<String, Integer> e : known.entrySet()) {
                names[n] = e.getKey();
                order[n] = e.getValue();
                text[n++] = TEXT.contains(e.getKey());
            }
        }
    }
}
