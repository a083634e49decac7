package dev.dpapi.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Words;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one parser of stick tables: what {@code show table} prints (table headers and entry lines) and what
 * haproxy.cfg declares they store ({@code stick-table ... store a,b(10s)}, {@code table <name> ... store ...}).
 */
public final class StickTables {

    private static final Pattern HEADER = Pattern.compile("^# table: ([^,]+), type: ([^,]+), size:(\\d+), used:(\\d+)");
    private static final Pattern STORE = Pattern.compile("([a-z0-9_]+)(?:\\(([0-9a-z]+)\\))?");

    private StickTables() {
    }

    /** A stored data type of a table: a counter, or a rate over {@code period} milliseconds. */
    public record StoredField(String field, Long period, String type) {
    }

    /** The stick_table model. */
    public record StickTable(List<StoredField> fields, String name, Long process, Long size, String type, Long used) {
    }

    /** A table as the header line of {@code show table} gives it. */
    public record Header(String name, String type, long size, long used) {
    }

    /** The stick_table_entry model: an entry's key, whether it is in use, and the counters its table stores. */
    public record Entry(@JsonProperty("bytes_in_cnt") Long bytesInCnt, @JsonProperty("bytes_in_rate") Long bytesInRate,
                        @JsonProperty("bytes_out_cnt") Long bytesOutCnt,
                        @JsonProperty("bytes_out_rate") Long bytesOutRate, @JsonProperty("conn_cnt") Long connCnt,
                        @JsonProperty("conn_cur") Long connCur, @JsonProperty("conn_rate") Long connRate, Long exp,
                        Long gpc0, @JsonProperty("gpc0_rate") Long gpc0Rate, Long gpc1,
                        @JsonProperty("gpc1_rate") Long gpc1Rate, Long gpt0,
                        @JsonProperty("http_err_cnt") Long httpErrCnt, @JsonProperty("http_err_rate") Long httpErrRate,
                        @JsonProperty("http_req_cnt") Long httpReqCnt, @JsonProperty("http_req_rate") Long httpReqRate,
                        String id, String key, @JsonProperty("server_id") Long serverId,
                        @JsonProperty("sess_cnt") Long sessCnt, @JsonProperty("sess_rate") Long sessRate,
                        Boolean use) {
    }

    /** The body that sets an entry: its key and the data to set. */
    public record EntrySetting(String key, @JsonProperty("data_type") Entry dataType) {
    }

    /** The entry model's fields, in its record's order: an entry line is read into these by JSON name. */
    private static final RecordComponent[] ENTRY = Entry.class.getRecordComponents();
    private static final Map<String, Integer> FIELD_AT = new HashMap<>();
    private static final Constructor<Entry> NEW_ENTRY;

    static {
        for (int i = 0; i < ENTRY.length; i++) {
            FIELD_AT.put(jsonName(ENTRY[i]), i);
        }
        try {
            NEW_ENTRY = Entry.class.getDeclaredConstructor(Arrays.stream(ENTRY).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The integer data an entry can carry (HAProxy's data type names). */
    private static final Set<String> COUNTERS = Arrays.stream(ENTRY).filter(c -> c.getType() == Long.class)
            .map(StickTables::jsonName).collect(Collectors.toUnmodifiableSet());

    /** Counters an entry's data can be set with ({@code set table ... data.<name>}): not its expiry or server. */
    public static final Set<String> SETTABLE = COUNTERS.stream()
            .filter(c -> !c.equals("exp") && !c.equals("server_id")).collect(Collectors.toUnmodifiableSet());

    /** The tables of a {@code show table} answer. */
    public static List<Header> headers(String showTable) {
        List<Header> out = new ArrayList<>();
        for (String line : showTable.split("\n")) {
            Matcher m = HEADER.matcher(line.strip());
            if (m.find()) {
                out.add(new Header(m.group(1), m.group(2), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
            }
        }
        return out;
    }

    /** The entries of a {@code show table <name>} answer, in HAProxy's order. */
    public static List<Entry> entries(String showTable) {
        List<Entry> out = new ArrayList<>();
        for (String line : showTable.split("\n")) {
            if (line.startsWith("0x")) {
                out.add(entry(line));
            }
        }
        return out;
    }

    /**
     * One entry line: {@code 0x55d1..: key=10.0.0.5 use=0 exp=59995 shard=0 gpc0=4 http_req_rate(10000)=2}.
     * A string key may hold blanks: it runs up to {@code use=}. Data the model has no field for is left out.
     */
    static Entry entry(String line) {
        int colon = line.indexOf(':');
        String id = line.substring(0, colon);
        String rest = line.substring(colon + 1).strip();
        String key = null;
        if (rest.startsWith("key=")) {
            int use = rest.indexOf(" use=");
            int end = use >= 0 ? use : rest.indexOf(' ') >= 0 ? rest.indexOf(' ') : rest.length();
            key = rest.substring(4, end);
            rest = rest.substring(end).strip();
        }
        Object[] fields = new Object[ENTRY.length];
        fields[FIELD_AT.get("id")] = id;
        fields[FIELD_AT.get("key")] = key;
        for (String word : rest.split(" ")) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = word.substring(0, eq);
            int paren = name.indexOf('(');
            if (paren >= 0) {
                name = name.substring(0, paren); // a rate's period: http_req_rate(10000)
            }
            String value = word.substring(eq + 1);
            if (name.equals("use")) {
                fields[FIELD_AT.get("use")] = value.equals("0") ? null : Boolean.TRUE;
            } else if (COUNTERS.contains(name)) {
                try {
                    fields[FIELD_AT.get(name)] = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    // not a number the model can hold
                }
            }
        }
        try {
            return NEW_ENTRY.newInstance(fields);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The stored data types haproxy.cfg declares, by table: a proxy's {@code stick-table} (the table takes the
     * proxy's name) and a peers section's {@code table <name>} (named {@code <peers>/<name>}, as show table does).
     */
    public static Map<String, List<StoredField>> declared(ConfigText config) {
        Map<String, List<StoredField>> out = new LinkedHashMap<>();
        for (Section section : config.sections()) {
            for (Line line : section.directives()) {
                // HAProxy names a peers section's table <peers>/<table>
                String table = line.keyword().equals("stick-table") ? section.name()
                        : line.keyword().equals("table") && section.kind().equals("peers")
                        ? section.name() + "/" + line.word(1) : null;
                if (table == null || table.isEmpty()) {
                    continue;
                }
                List<StoredField> fields = new ArrayList<>();
                List<String> words = line.words();
                for (int i = 0; i < words.size() - 1; i++) {
                    if (words.get(i).equals("store")) {
                        fields.addAll(stored(words.get(i + 1)));
                    }
                }
                out.put(table, fields);
            }
        }
        return out;
    }

    /** A {@code store} list: {@code gpc0,conn_cnt,http_req_rate(10s)}. */
    static List<StoredField> stored(String list) {
        List<StoredField> fields = new ArrayList<>();
        for (String store : list.split(",")) {
            Matcher m = STORE.matcher(store);
            if (m.matches()) {
                fields.add(m.group(2) == null ? new StoredField(m.group(1), null, "counter")
                        : new StoredField(m.group(1), Words.millis(m.group(2)).orElse(null), "rate"));
            }
        }
        return fields;
    }

    /** The name Jackson writes (the annotation lands on the accessor, not on the component). */
    private static String jsonName(RecordComponent c) {
        JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
        return named != null ? named.value() : c.getName();
    }
}
