package dev.dpapi.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings file every check but the install check starts an implementation with: v2.8's own YAML format
 * ({@code config_version: 2}) with v2.8's types ({@code reload_delay} an integer...), as the official example
 * file writes them ({@code SettingsTest} compares the two). The API listens on loopback only.
 */
public record Settings(int port, String reloadCommand, int reloadDelay, int maxOpenTransactions, String statusCommand,
                       List<String> allowedOrigins) {

    public static final String PATH = "/etc/haproxy/dataplaneapi.yaml";
    public static final String TRANSACTION_DIR = "/tmp/haproxy";
    public static final String MAPS_DIR = "/etc/haproxy/maps";
    public static final String SPOE_DIR = "/etc/haproxy/spoe";
    /** The general storage directory's default (v2.8's example file does not set it). */
    public static final String GENERAL_DIR = "/etc/haproxy/general";

    /** Reloads as a container does (SIGUSR2 to HAProxy's master, PID 1), one second between scheduled reloads. */
    public static Settings onPort(int port) {
        return new Settings(port, "kill -SIGUSR2 1", 1, 0, "", List.of());
    }

    public Settings withReloadCommand(String command) {
        return new Settings(port, command, reloadDelay, maxOpenTransactions, statusCommand, allowedOrigins);
    }

    public Settings withMaxOpenTransactions(int max) {
        return new Settings(port, reloadCommand, reloadDelay, max, statusCommand, allowedOrigins);
    }

    public Settings withStatusCommand(String command) {
        return new Settings(port, reloadCommand, reloadDelay, maxOpenTransactions, command, allowedOrigins);
    }

    /**
     * Browser origins the implementation is asked to let make cross-origin requests ({@code allowed_origins}, our
     * key; an implementation that allows every origin, as the official does, reads past it).
     */
    public Settings withAllowedOrigins(List<String> origins) {
        return new Settings(port, reloadCommand, reloadDelay, maxOpenTransactions, statusCommand, List.copyOf(origins));
    }

    /** The settings as a tree of the official keys, in the official types. */
    public Map<String, Object> tree() {
        Map<String, Object> transaction = new LinkedHashMap<>();
        transaction.put("transaction_dir", TRANSACTION_DIR);
        if (maxOpenTransactions > 0) {
            transaction.put("max_open_transactions", maxOpenTransactions);
        }
        Map<String, Object> dataplaneapi = new LinkedHashMap<>();
        dataplaneapi.put("host", "127.0.0.1");
        dataplaneapi.put("port", port);
        dataplaneapi.put("user", List.of(Map.of("name", Seed.USER, "insecure", true, "password", Seed.PASSWORD)));
        dataplaneapi.put("transaction", transaction);
        if (!allowedOrigins.isEmpty()) {
            dataplaneapi.put("allowed_origins", allowedOrigins);
        }
        dataplaneapi.put("resources", Map.of("maps_dir", MAPS_DIR, "spoe_dir", SPOE_DIR,
                "spoe_transaction_dir", "/tmp/spoe-haproxy"));
        Map<String, Object> reload = new LinkedHashMap<>();
        reload.put("reload_delay", reloadDelay);
        reload.put("reload_cmd", reloadCommand);
        reload.put("restart_cmd", reloadCommand);
        if (!statusCommand.isEmpty()) {
            reload.put("status_cmd", statusCommand);
        }
        Map<String, Object> haproxy = new LinkedHashMap<>();
        haproxy.put("config_file", HaproxyContainer.CONFIG);
        haproxy.put("haproxy_bin", "/usr/sbin/haproxy");
        haproxy.put("reload", reload);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("config_version", 2);
        root.put("name", "conformance");
        root.put("dataplaneapi", dataplaneapi);
        root.put("haproxy", haproxy);
        return root;
    }

    public String yaml() {
        try {
            return new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()).writeValueAsString(tree());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
