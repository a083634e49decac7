package dev.dpapi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The suite's YAML settings are v2.8's format and types: every key it writes is in the official example file. */
class SettingsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Types the official example gives the keys the suite writes (JSON node types of the parsed YAML). */
    private static final Map<String, String> OFFICIAL_TYPES = Map.ofEntries(
            Map.entry("config_version", "NUMBER"), Map.entry("name", "STRING"),
            Map.entry("dataplaneapi.host", "STRING"), Map.entry("dataplaneapi.port", "NUMBER"),
            Map.entry("dataplaneapi.user.name", "STRING"), Map.entry("dataplaneapi.user.insecure", "BOOLEAN"),
            Map.entry("dataplaneapi.user.password", "STRING"),
            Map.entry("dataplaneapi.transaction.transaction_dir", "STRING"),
            Map.entry("dataplaneapi.transaction.max_open_transactions", "NUMBER"),
            Map.entry("dataplaneapi.resources.maps_dir", "STRING"), Map.entry("dataplaneapi.resources.spoe_dir", "STRING"),
            Map.entry("dataplaneapi.resources.spoe_transaction_dir", "STRING"),
            Map.entry("haproxy.config_file", "STRING"), Map.entry("haproxy.haproxy_bin", "STRING"),
            Map.entry("haproxy.reload.reload_delay", "NUMBER"), Map.entry("haproxy.reload.reload_cmd", "STRING"),
            Map.entry("haproxy.reload.restart_cmd", "STRING"), Map.entry("haproxy.reload.status_cmd", "STRING"));

    private static Map<String, String> leaves(JsonNode node, String prefix, Map<String, String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), into));
        } else if (node.isArray()) {
            node.forEach(element -> leaves(element, prefix, into));
        } else if (!node.isNull()) {
            into.put(prefix, node.getNodeType().name());
        }
        return into;
    }

    private static Map<String, String> written() throws Exception {
        Settings all = Settings.onPort(5555).withMaxOpenTransactions(5).withStatusCommand("true");
        return leaves(YAML.readTree(all.yaml()), "", new java.util.TreeMap<>());
    }

    @Test
    void everyKeyHasTheOfficialType() throws Exception {
        Map<String, String> written = written();
        assertEquals(OFFICIAL_TYPES.keySet(), written.keySet(), "the keys the suite writes");
        written.forEach((key, type) -> assertEquals(OFFICIAL_TYPES.get(key), type, key));
    }

    @Test
    void theOfficialExampleAgrees() throws Exception {
        Path example = Stream.of("../../shared/reference", "../../../shared/reference")
                .map(p -> Path.of(p, "dataplaneapi-v2.8-example-full.yaml")).filter(Files::isRegularFile)
                .findFirst().orElse(null);
        Assumptions.assumeTrue(example != null, "the official example file is not on this machine");
        Map<String, String> official = leaves(YAML.readTree(example.toFile()), "", new java.util.TreeMap<>());
        List<String> differences = new ArrayList<>();
        written().forEach((key, type) -> {
            if (!official.containsKey(key)) {
                differences.add(key + " is not in the example");
            } else if (!official.get(key).equals(type)) {
                differences.add(key + ": ours " + type + ", the example's " + official.get(key));
            }
        });
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }
}
