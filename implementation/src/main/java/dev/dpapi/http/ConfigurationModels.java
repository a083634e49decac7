package dev.dpapi.http;

import static dev.dpapi.http.OpenApiDocument.ref;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.configuration.ConfigurationService;
import dev.dpapi.model.ModelSchemas;
import dev.dpapi.sites.SitesService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration families in the served document: their models are generated from the configuration tables
 * ({@link ModelSchemas}), the sites' from those ({@link SitesService#definitions}); a change (POST, PUT) takes as its
 * body the model it answers with, as the official's does.
 */
final class ConfigurationModels {

    private static final List<String> FAMILIES = List.of("/services/haproxy/configuration/", "/services/haproxy/sites");

    private ConfigurationModels() {
    }

    /** The body parameter of a configuration change, none for other operations. */
    static List<Map<String, Object>> body(ApiEndpoint e) {
        boolean change = e.method().text().equals("POST") || e.method().text().equals("PUT");
        if (!change || e.responseSchema() == null || FAMILIES.stream().noneMatch(e.path()::startsWith)) {
            return List.of();
        }
        return List.of(Map.of("name", "data", "in", "body", "required", true, "schema", ref(e.responseSchema())));
    }

    static Map<String, Object> definitions() {
        Map<String, JsonNode> configuration = ConfigurationService.definitions();
        Map<String, Object> defs = new LinkedHashMap<>(configuration);
        defs.putAll(SitesService.definitions(configuration));
        return defs;
    }
}
