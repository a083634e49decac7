package dev.dpapi.http;

import static dev.dpapi.http.OpenApiDocument.ref;

import dev.dpapi.model.ModelSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration families in the served document: their models are generated from the configuration tables
 * ({@link ModelSchemas}); a change (POST, PUT) takes as its body the model it answers with, as the official's does.
 */
final class ConfigurationModels {

    private static final String CONFIGURATION = "/services/haproxy/configuration/";

    private ConfigurationModels() {
    }

    /** The body parameter of a configuration change, none for other operations. */
    static List<Map<String, Object>> body(ApiEndpoint e) {
        boolean change = e.method().text().equals("POST") || e.method().text().equals("PUT");
        if (!change || e.responseSchema() == null || !e.path().startsWith(CONFIGURATION)) {
            return List.of();
        }
        return List.of(Map.of("name", "data", "in", "body", "required", true, "schema", ref(e.responseSchema())));
    }

    static Map<String, Object> definitions() {
        return new LinkedHashMap<String, Object>(ModelSchemas.definitions());
    }
}
