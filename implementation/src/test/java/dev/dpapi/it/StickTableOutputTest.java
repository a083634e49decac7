package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpapi.text.ConfigText;
import dev.dpapi.http.Json;
import dev.dpapi.runtime.StickTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stick table parser on what a real HAProxy prints: {@code show table} of tables of every key type, in
 * proxies and in a peers section, with counters and rates set through the socket.
 */
class StickTableOutputTest {

    @TempDir
    static Path dir;
    static HaproxyProcess haproxy;
    static String config;

    @BeforeAll
    static void start() throws Exception {
        Path socket = dir.resolve("haproxy.sock");
        config = """
                global
                  stats socket %s mode 600 level admin

                defaults
                  mode http
                  timeout connect 5s
                  timeout client 30s
                  timeout server 30s

                peers mypeers
                  table sessions type string len 32 size 10 store gpc0,http_req_rate(1m)

                backend be
                  stick-table type ip size 100 expire 60s store gpc0,gpc1,gpt0,conn_cnt,conn_cur,sess_rate(10s),http_req_rate(10s),bytes_in_cnt,server_id

                backend by_ipv6
                  stick-table type ipv6 size 10 store http_err_cnt

                backend by_integer
                  stick-table type integer size 10 store gpc0_rate(1s)
                """.formatted(socket);
        haproxy = HaproxyProcess.start(Files.writeString(dir.resolve("haproxy.cfg"), config), socket);
        haproxy.runtime("set table be key 10.0.0.5 data.gpc0 4 data.conn_cnt 2 data.gpt0 7");
        haproxy.runtime("set table be key 10.0.0.6 data.gpc1 1");
        haproxy.runtime("set table by_ipv6 key ::1 data.http_err_cnt 9");
        haproxy.runtime("set table by_integer key 42 data.gpc0_rate 1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
    }

    @Test
    void everyTableHeaderIsRead() throws Exception {
        Map<String, StickTables.Header> tables = new java.util.TreeMap<>();
        StickTables.headers(haproxy.runtime("show table")).forEach(h -> tables.put(h.name(), h));
        assertEquals(Map.of(
                "be", new StickTables.Header("be", "ip", 100, 2),
                "by_ipv6", new StickTables.Header("by_ipv6", "ipv6", 10, 1),
                "by_integer", new StickTables.Header("by_integer", "integer", 10, 1),
                "mypeers/sessions", new StickTables.Header("mypeers/sessions", "string", 10, 0)), tables);
    }

    @Test
    void storedTypesAreDeclaredForEveryTableHaproxyShows() throws Exception {
        Map<String, List<StickTables.StoredField>> declared = StickTables.declared(ConfigText.parse(config));
        for (StickTables.Header h : StickTables.headers(haproxy.runtime("show table"))) {
            assertTrue(declared.containsKey(h.name()), h.name() + " is shown but its stored types are unknown");
        }
        assertEquals(List.of(new StickTables.StoredField("gpc0", null, "counter"),
                new StickTables.StoredField("http_req_rate", 60_000L, "rate")), declared.get("mypeers/sessions"));
        assertEquals(new StickTables.StoredField("sess_rate", 10_000L, "rate"), declared.get("be").get(5));
        assertEquals(9, declared.get("be").size());
    }

    /** Every datum HAProxy prints on an entry line that the model has a field for lands in that field. */
    @Test
    void everyPrintedCounterLandsInTheEntryModel() throws Exception {
        Pattern datum = Pattern.compile(" ([a-z0-9_]+)(?:\\(\\d+\\))?=(\\d+)(?= |$)");
        int lines = 0;
        for (String table : List.of("be", "by_ipv6", "by_integer")) {
            String shown = haproxy.runtime("show table " + table);
            List<StickTables.Entry> entries = StickTables.entries(shown);
            List<String> entryLines = shown.lines().filter(l -> l.startsWith("0x")).toList();
            assertEquals(entryLines.size(), entries.size(), shown);
            for (int i = 0; i < entries.size(); i++) {
                JsonNode parsed = new ObjectMapper().readTree(Json.write(entries.get(i)));
                String line = entryLines.get(i);
                assertEquals(line.substring(0, line.indexOf(':')), parsed.path("id").asText());
                Matcher m = datum.matcher(line);
                while (m.find()) {
                    String name = m.group(1);
                    if (name.equals("key") || name.equals("use") || name.equals("shard")) {
                        continue;
                    }
                    assertEquals(Long.parseLong(m.group(2)), parsed.path(name).asLong(-1), name + " of " + line);
                }
                lines++;
            }
        }
        assertEquals(4, lines);
    }

    @Test
    void keysOfEveryTypeAndTheSetCounters() throws Exception {
        StickTables.Entry v4 = StickTables.entries(haproxy.runtime("show table be key 10.0.0.5")).get(0);
        assertEquals("10.0.0.5", v4.key());
        assertEquals(4L, v4.gpc0());
        assertEquals(2L, v4.connCnt());
        assertEquals(7L, v4.gpt0());
        assertEquals(0L, v4.httpReqRate());
        assertTrue(v4.exp() > 0 && v4.exp() <= 60_000, "expires within the table's 60s: " + v4.exp());
        assertNull(v4.use(), "nobody tracks the entry");
        assertNull(v4.httpErrCnt(), "not stored by this table");
        assertEquals("::1", StickTables.entries(haproxy.runtime("show table by_ipv6")).get(0).key());
        StickTables.Entry integer = StickTables.entries(haproxy.runtime("show table by_integer")).get(0);
        assertEquals("42", integer.key());
        assertEquals(1L, integer.gpc0Rate());
        List<StickTables.Entry> filtered = StickTables.entries(haproxy.runtime("show table be data.gpc0 gt 3"));
        assertEquals(List.of("10.0.0.5"), filtered.stream().map(StickTables.Entry::key).toList());
        assertNotNull(filtered.get(0).id());
    }
}
