package dev.dpapi.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Response models of the informational endpoints; their JSON names are the official ones. */
public final class Models {

    private Models() {
    }

    public record Info(Api api, SystemInfo system) {
    }

    public record Api(@JsonProperty("build_date") String buildDate, String version) {
    }

    /** Filled only when show_system_info is on; otherwise every field is null and it reads {@code {}}. */
    public record SystemInfo(String hostname, @JsonProperty("cpu_info") CpuInfo cpuInfo,
                             @JsonProperty("mem_info") MemInfo memInfo, @JsonProperty("os_string") String osString,
                             Long uptime, Long time) {
        static final SystemInfo EMPTY = new SystemInfo(null, null, null, null, null, null);
    }

    public record CpuInfo(String model, @JsonProperty("num_cpus") Integer numCpus) {
    }

    public record MemInfo(@JsonProperty("total_memory") Long totalMemory, @JsonProperty("free_memory") Long freeMemory,
                          @JsonProperty("dataplaneapi_memory") Long dataplaneapiMemory) {
    }

    public record Health(String haproxy) {
    }

    /** A discovery link. */
    public record Endpoint(String url, String title, String description) {
    }

    /** One process's {@code show info}, or the error reaching it. */
    public record ProcessInfoEntry(@JsonProperty("runtimeAPI") String runtimeApi, Map<String, Object> info,
                                   String error) {
    }
}
