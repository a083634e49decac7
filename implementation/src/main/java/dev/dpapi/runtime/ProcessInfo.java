package dev.dpapi.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code show info} fields mapped to the names of the API's {@code process_info_item} model. */
public final class ProcessInfo {

    /** HAProxy field → model field; values are whole numbers unless listed in {@link #TEXT}. */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("Version", "version"), Map.entry("Release_date", "release_date"), Map.entry("node", "node"),
            Map.entry("Nbthread", "nbthread"), Map.entry("Nbproc", "processes"), Map.entry("Process_num", "process_num"),
            Map.entry("Pid", "pid"), Map.entry("Uptime_sec", "uptime"), Map.entry("Memmax_MB", "mem_max_mb"),
            Map.entry("PoolAlloc_MB", "pool_alloc_mb"), Map.entry("PoolUsed_MB", "pool_used_mb"),
            Map.entry("PoolFailed", "pool_failed"), Map.entry("Ulimit-n", "ulimit_n"), Map.entry("Maxsock", "max_sock"),
            Map.entry("Maxconn", "max_conn"), Map.entry("Hard_maxconn", "hard_max_conn"),
            Map.entry("CurrConns", "curr_conns"), Map.entry("CumConns", "cum_conns"), Map.entry("CumReq", "cum_req"),
            Map.entry("MaxSslConns", "max_ssl_conns"), Map.entry("CurrSslConns", "curr_ssl_conns"),
            Map.entry("CumSslConns", "cum_ssl_conns"), Map.entry("Maxpipes", "max_pipes"),
            Map.entry("PipesUsed", "pipes_used"), Map.entry("PipesFree", "pipes_free"), Map.entry("ConnRate", "conn_rate"),
            Map.entry("ConnRateLimit", "conn_rate_limit"), Map.entry("MaxConnRate", "max_conn_rate"),
            Map.entry("SessRate", "sess_rate"), Map.entry("SessRateLimit", "sess_rate_limit"),
            Map.entry("MaxSessRate", "max_sess_rate"), Map.entry("SslRate", "ssl_rate"),
            Map.entry("SslRateLimit", "ssl_rate_limit"), Map.entry("MaxSslRate", "max_ssl_rate"),
            Map.entry("SslFrontendKeyRate", "ssl_frontend_key_rate"),
            Map.entry("SslFrontendMaxKeyRate", "ssl_frontend_max_key_rate"),
            Map.entry("SslFrontendSessionReuse_pct", "ssl_frontend_session_reuse"),
            Map.entry("SslBackendKeyRate", "ssl_backend_key_rate"),
            Map.entry("SslBackendMaxKeyRate", "ssl_backend_max_key_rate"),
            Map.entry("SslCacheLookups", "ssl_cache_lookups"), Map.entry("SslCacheMisses", "ssl_cache_misses"),
            Map.entry("CompressBpsIn", "compress_bps_in"), Map.entry("CompressBpsOut", "compress_bps_out"),
            Map.entry("CompressBpsRateLim", "compress_bps_rate_lim"), Map.entry("ZlibMemUsage", "zlib_mem_usage"),
            Map.entry("MaxZlibMemUsage", "max_zlib_mem_usage"), Map.entry("Tasks", "tasks"),
            Map.entry("Run_queue", "run_queue"), Map.entry("Idle_pct", "idle_pct"), Map.entry("Stopping", "stopping"),
            Map.entry("Jobs", "jobs"), Map.entry("Unstoppable Jobs", "unstoppable"), Map.entry("Listeners", "listeners"),
            Map.entry("ActivePeers", "active_peers"), Map.entry("ConnectedPeers", "connected_peers"),
            Map.entry("DroppedLogs", "dropped_logs"), Map.entry("BusyPolling", "busy_polling"),
            Map.entry("FailedResolutions", "failed_resolutions"), Map.entry("TotalBytesOut", "total_bytes_out"),
            Map.entry("BytesOutRate", "bytes_out_rate"));

    private static final Set<String> TEXT = Set.of("version", "release_date", "node");

    private ProcessInfo() {
    }

    /** Model field name → OpenAPI type, for the served document. */
    public static Map<String, String> modelFields() {
        Map<String, String> fields = new TreeMap<>();
        FIELDS.values().forEach(f -> fields.put(f, TEXT.contains(f) ? "string" : "integer"));
        return fields;
    }

    /** Parses the {@code Name: value} lines of {@code show info}; unknown and unparsable fields are left out. */
    public static Map<String, Object> parse(String showInfo) {
        Map<String, Object> info = new LinkedHashMap<>();
        for (String line : showInfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = FIELDS.get(line.substring(0, colon).strip());
            String value = line.substring(colon + 1).strip();
            if (field == null || value.isEmpty()) {
                continue;
            }
            if (field.equals("release_date")) {
                info.put(field, value.replace('/', '-'));
            } else if (TEXT.contains(field)) {
                info.put(field, value);
            } else {
                try {
                    info.put(field, Long.parseLong(value));
                } catch (NumberFormatException e) {
                    // a field HAProxy reports in a form the model has no room for
                }
            }
        }
        return info;
    }
}
