package dev.dpapi.runtime;

import dev.dpapi.text.ConfigException;
import static dev.dpapi.runtime.Answers.guarded;
import static dev.dpapi.runtime.Answers.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
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
     * native_stat_stats: a row's values by column, text or integer as {@link #statFields()} says, in the model's
     * (alphabetical) order. The answer itself is written by {@link CsvToJson}; this holds one row's JSON, for the
     * documentation.
     */
    public static final class StatValues extends JsonSerializable.Base {
        private final String json;

        private StatValues(String json) {
            this.json = json;
        }

        /** The values of the first row of a {@code show stat} CSV. */
        public static StatValues of(String csv) throws IOException {
            CsvToJson rows = new CsvToJson("", Optional.empty(), Optional.empty(), Optional.empty());
            byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
            rows.accept(bytes, 0, bytes.length);
            return new StatValues(Json.MAPPER.readTree(rows.json()).get(0).get("stats").get(0).get("stats").toString());
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeRawValue(json);
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
        return Stream.of(
                ApiEndpoint.tagged("Discovery", List.of(ApiEndpoint.get(BASE, "getStatsEndpoints",
                        "Statistics families", "Returns the statistics families.", "endpoints", links))),
                ApiEndpoint.tagged("Stats", List.of(ApiEndpoint.get(BASE + "/native", "getStats",
                        "HAProxy's own statistics",
                        "Returns show stat for frontends, backends and servers, optionally only one type or object.",
                        "native_stats", guarded(this::stats),
                        new ApiEndpoint.Param("type", "string", false, "frontend, backend or server"),
                        new ApiEndpoint.Param("name", "string", false, "name of the object (needs type)"),
                        new ApiEndpoint.Param("parent", "string", false, "backend of the server (type=server)")))))
                .flatMap(List::stream).toList();
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
        CsvToJson rows = new CsvToJson(socket, type, name, parent);
        try {
            runtime.command("show stat", rows);
        } catch (RuntimeApiException e) {
            Json.send(res, 500, List.of(new Collection(e.getMessage(), socket, null)));
            return;
        }
        rows.send(res);
    }

    /**
     * {@code show stat}'s CSV to the native_stats JSON ({@code [{"runtimeAPI":...,"stats":[...]}]}) in one pass over
     * the bytes, line by line as they come from the socket, keeping the rows the filters ask for: no string per
     * value, no object per row. Listeners (type 3) are not part of the model.
     */
    static final class CsvToJson implements RuntimeApi.AnswerSink {
        private static final byte[] BACKEND_NAME = "{\"backend_name\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] NAME = "\"name\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] STATS = ",\"stats\":{".getBytes(StandardCharsets.US_ASCII);
        /** A row's end, by its type's index in {@link #TYPES}. */
        private static final byte[][] TYPE = TYPES.stream()
                .map(t -> ("},\"type\":\"" + t + "\"}").getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

        private final int onlyType;
        private final byte[] onlyName;
        private final byte[] onlyParent;
        /** The answer so far, from the envelope's head on. */
        private byte[] out = new byte[1 << 16];
        private int length;
        private boolean anyRow;
        /** The start of a line that the last chunk cut. */
        private byte[] partial = new byte[1024];
        private int partialLength;
        private Columns columns;
        private int[] commas = new int[128];

        /** The rows of the answer of {@code socket} (the runtimeAPI the envelope names). */
        CsvToJson(String socket, Optional<String> type, Optional<String> name, Optional<String> parent) {
            byte[] head = ("[{\"runtimeAPI\":" + Json.write(socket) + ",\"stats\":[").getBytes(StandardCharsets.UTF_8);
            write(head, 0, head.length);
            this.onlyType = type.map(TYPES::indexOf).orElse(-1);
            this.onlyName = name.map(n -> n.getBytes(StandardCharsets.UTF_8)).orElse(null);
            // the parent filters servers only, and only with a name
            this.onlyParent = name.isPresent() && type.map("server"::equals).orElse(false)
                    ? parent.map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null) : null;
        }

        @Override
        public void accept(byte[] bytes, int from, int to) {
            int start = from;
            for (int i = from; i < to; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                if (partialLength > 0) {
                    keep(bytes, start, i);
                    line(partial, 0, partialLength);
                    partialLength = 0;
                } else {
                    line(bytes, start, i);
                }
                start = i + 1;
            }
            keep(bytes, start, to);
        }

        private void keep(byte[] bytes, int from, int to) {
            if (partialLength + to - from > partial.length) {
                partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + to - from));
            }
            System.arraycopy(bytes, from, partial, partialLength, to - from);
            partialLength += to - from;
        }

        /** Writes the answer (after the last chunk). */
        void send(ServerResponse res) {
            finish();
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(out, 0, length);
        }

        /** The answer as {@link #send} writes it. */
        byte[] json() {
            finish();
            return Arrays.copyOf(out, length);
        }

        /** Ends the answer: the last line, if the socket did not end it, and the envelope's tail. */
        private void finish() {
            if (partialLength > 0) {
                line(partial, 0, partialLength);
                partialLength = 0;
            }
            write(']');
            write('}');
            write(']');
            write('\n');
        }

        private void line(byte[] b, int from, int to) {
            if (to - from >= 2 && b[from] == '#' && b[from + 1] == ' ') {
                columns = new Columns(new String(b, from + 2, to - from - 2, StandardCharsets.UTF_8).split(",", -1));
                return;
            }
            if (columns == null || to == from) {
                return;
            }
            int values = 0;
            commas[values++] = from - 1;
            for (int i = from; i < to; i++) {
                if (b[i] == ',') {
                    if (values + 1 >= commas.length) {
                        commas = Arrays.copyOf(commas, commas.length * 2);
                    }
                    commas[values++] = i;
                }
            }
            commas[values] = to;
            int kind = columns.type >= 0 && columns.type < values && commas[columns.type + 1] - commas[columns.type] == 2
                    ? b[commas[columns.type] + 1] - '0' : -1;
            if (kind < 0 || kind > 2 || (onlyType >= 0 && kind != onlyType)) {
                return;
            }
            boolean server = kind == 2;
            int nameAt = server ? 1 : 0;
            if (onlyName != null && !same(b, nameAt, onlyName) || onlyParent != null && !same(b, 0, onlyParent)) {
                return;
            }
            if (anyRow) {
                write(',');
            }
            anyRow = true;
            if (server) {
                write(BACKEND_NAME, 0, BACKEND_NAME.length);
                text(b, commas[0] + 1, commas[1]);
                write(',');
            } else {
                write('{');
            }
            write(NAME, 0, NAME.length);
            text(b, commas[nameAt] + 1, commas[nameAt + 1]);
            write(STATS, 0, STATS.length);
            boolean first = true;
            for (int i = 0; i < columns.order.length; i++) {
                int at = columns.order[i];
                if (at >= values || commas[at] + 1 == commas[at + 1]) {
                    continue;
                }
                int start = commas[at] + 1;
                int end = commas[at + 1];
                byte[] field = columns.names[i];
                if (columns.text[i]) {
                    field(field, first);
                    text(b, start, end);
                } else if (plainNumber(b, start, end)) {
                    field(field, first);
                    write(b, start, end - start);
                } else {
                    long number;
                    try {
                        number = Long.parseLong(new String(b, start, end - start, StandardCharsets.UTF_8));
                    } catch (NumberFormatException e) {
                        continue; // a value the model has no room for
                    }
                    field(field, first);
                    byte[] digits = Long.toString(number).getBytes(StandardCharsets.US_ASCII);
                    write(digits, 0, digits.length);
                }
                first = false;
            }
            write(TYPE[kind], 0, TYPE[kind].length);
        }

        private void field(byte[] name, boolean first) {
            write(name, first ? 1 : 0, first ? name.length - 1 : name.length);
        }

        /** Whether value {@code i} of the row is {@code expected}. */
        private boolean same(byte[] b, int i, byte[] expected) {
            int from = commas[i] + 1;
            return commas[i + 1] - from == expected.length && Arrays.equals(b, from, commas[i + 1], expected, 0, expected.length);
        }

        /** Digits that a long holds, written as Jackson writes the long: no sign, no leading zero. */
        private static boolean plainNumber(byte[] b, int from, int to) {
            if (to - from > 18 || (b[from] == '0' && to - from > 1)) {
                return false;
            }
            for (int i = from; i < to; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    return false;
                }
            }
            return true;
        }

        /** A JSON string of UTF-8 bytes; anything to escape goes through Jackson's own quoting. */
        private void text(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] < 0x20 || b[i] == '"' || b[i] == '\\') { // bytes of non-ASCII characters are negative
                    byte[] quoted = JsonStringEncoder.getInstance()
                            .quoteAsUTF8(new String(b, from, to - from, StandardCharsets.UTF_8));
                    write('"');
                    write(quoted, 0, quoted.length);
                    write('"');
                    return;
                }
            }
            write('"');
            write(b, from, to - from);
            write('"');
        }

        private void write(int c) {
            if (length == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[length++] = (byte) c;
        }

        private void write(byte[] bytes, int from, int count) {
            if (length + count > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, length + count));
            }
            System.arraycopy(bytes, from, out, length, count);
            length += count;
        }
    }

    /** The model's columns of a CSV header, in the model's (alphabetical) order, worked out once per answer. */
    private static final class Columns {
        final int type;
        final int[] order;
        /** {@code ,"name":} per column: the first value of a row is written without its comma. */
        final byte[][] names;
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
            names = new byte[known.size()][];
            text = new boolean[known.size()];
            int n = 0;
            for (Map.Entry<String, Integer> e : known.entrySet()) {
                names[n] = (",\"" + e.getKey() + "\":").getBytes(StandardCharsets.US_ASCII);
                order[n] = e.getValue();
                text[n++] = TEXT.contains(e.getKey());
            }
        }
    }
}
