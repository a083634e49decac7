package dev.dpapi.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * show stat's CSV becomes the native_stats answer byte for byte as a plain reading of the CSV into JSON trees
 * would write it, wherever the socket cuts the answer into reads, and with each filter.
 */
class NativeStatsTest {

    private static final String SOCKET = "/run/haproxy \"admin\".sock";
    /** Every model field, an unknown column, and values that need care: escapes, signs, overflow, empty. */
    private static final String CSV;

    static {
        List<String> header = new ArrayList<>(List.of("pxname", "svname", "type", "unknown_col"));
        header.addAll(StatsService.statFields().keySet());
        StringBuilder csv = new StringBuilder("# ").append(String.join(",", header)).append('\n');
        String[][] rows = {
                {"fe", "FRONTEND", "0"}, {"be \"q\"", "BACKEND", "1"}, {"be \"q\"", "s1", "2"},
                {"be2", "s1", "2"}, {"fe", "sock-1", "3"}, {"bé\\x", "s\t2", "2"}};
        int n = 0;
        for (String[] row : rows) {
            List<String> values = new ArrayList<>(Arrays.asList(row));
            values.add("ignored");
            for (Map.Entry<String, String> f : StatsService.statFields().entrySet()) {
                int k = n++ % 7;
                values.add(f.getValue().equals("string")
                        ? List.of("UP", "", "L4OK \"x\"", "é", "a\\b", "no", "MAINT").get(k)
                        : List.of("0", "-1", "", "007", "99999999999999999999", "+5", "123456789012").get(k));
            }
            csv.append(String.join(",", values)).append('\n');
        }
        CSV = csv.append('\n').toString();
    }

    @Test
    void everyCutOfTheAnswerGivesTheSameJson() throws Exception {
        String expected = expected(r -> true);
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            StatsService.CsvToJson rows = rows(Optional.empty(), Optional.empty(), Optional.empty());
            rows.accept(bytes, 0, cut);
            rows.accept(bytes, cut, bytes.length);
            assertEquals(expected, new String(rows.json(), StandardCharsets.UTF_8), "cut at " + cut);
        }
        StatsService.CsvToJson byteByByte = rows(Optional.empty(), Optional.empty(), Optional.empty());
        for (int i = 0; i < bytes.length; i++) {
            byteByByte.accept(bytes, i, i + 1);
        }
        assertEquals(expected, new String(byteByByte.json(), StandardCharsets.UTF_8));
    }

    @Test
    void filters() throws Exception {
        assertEquals(expected(r -> r[2].equals("1")), answer("backend", null, null));
        assertEquals(expected(r -> r[2].equals("2") && r[1].equals("s1")), answer("server", "s1", null));
        assertEquals(expected(r -> r[2].equals("2") && r[1].equals("s1") && r[0].equals("be2")), answer("server", "s1", "be2"));
        assertEquals(expected(r -> r[2].equals("1") && r[0].equals("be \"q\"")), answer("backend", "be \"q\"", "be2"));
        assertEquals(expected(r -> false), answer("frontend", "nope", null));
        assertEquals("[{\"runtimeAPI\":\"" + SOCKET.replace("\"", "\\\"") + "\",\"stats\":[]}]\n", answer("frontend", "nope", null));
    }

    private static String answer(String type, String name, String parent) {
        StatsService.CsvToJson rows = rows(Optional.ofNullable(type), Optional.ofNullable(name), Optional.ofNullable(parent));
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        rows.accept(bytes, 0, bytes.length);
        return new String(rows.json(), StandardCharsets.UTF_8);
    }

    private static StatsService.CsvToJson rows(Optional<String> type, Optional<String> name, Optional<String> parent) {
        return new StatsService.CsvToJson(SOCKET, type, name, parent);
    }

    /** The answer read plainly: split lines and commas, a tree per row, the model's fields in order. */
    private static String expected(java.util.function.Predicate<String[]> keep) throws Exception {
        List<String> lines = CSV.lines().toList();
        List<String> header = List.of(lines.get(0).substring(2).split(",", -1));
        ArrayNode stats = Json.MAPPER.createArrayNode();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            String[] v = line.split(",", -1);
            String type = v[header.indexOf("type")];
            if (type.equals("3") || !keep.test(v)) {
                continue;
            }
            ObjectNode row = stats.addObject();
            if (type.equals("2")) {
                row.put("backend_name", v[0]);
            }
            row.put("name", type.equals("2") ? v[1] : v[0]);
            ObjectNode values = row.putObject("stats");
            for (Map.Entry<String, String> f : new TreeMap<>(StatsService.statFields()).entrySet()) {
                String value = v[header.indexOf(f.getKey())];
                if (value.isEmpty()) {
                    continue;
                }
                if (f.getValue().equals("string")) {
                    values.put(f.getKey(), value);
                } else {
                    try {
                        values.put(f.getKey(), Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        // too big for the model's integer: left out
                    }
                }
            }
            row.put("type", List.of("frontend", "backend", "server").get(Integer.parseInt(type)));
        }
        ObjectNode collection = Json.MAPPER.createObjectNode();
        collection.put("runtimeAPI", SOCKET);
        collection.set("stats", stats);
        return Json.MAPPER.writeValueAsString(List.of(collection)) + "\n";
    }
}
