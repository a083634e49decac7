package dev.dpapi.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.BuildInfo;
import dev.dpapi.runtime.ProcessInfo;
import io.swagger.parser.util.SwaggerDeserializationResult;
import io.swagger.parser.util.SwaggerDeserializer;
import io.swagger.v3.parser.converter.SwaggerConverter;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 2.0 document of what this server serves, built from its endpoints and model records. */
final class OpenApiDocument {

    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    private OpenApiDocument() {
    }

    static Map<String, Object> build(ApiRoutes routes, BuildInfo build) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("swagger", "2.0");
        doc.put("info", Map.of(
                "title", "Data Plane API for HAProxy (Java)",
                "description", "REST interface that edits haproxy.cfg, reloads HAProxy and uses its Runtime API.",
                "version", build.version()));
        doc.put("basePath", ApiRoutes.BASE);
        doc.put("schemes", List.of("http"));
        doc.put("consumes", List.of("application/json"));
        doc.put("produces", List.of("application/json"));
        doc.put("securityDefinitions", Map.of("basic_auth", Map.of("type", "basic")));
        doc.put("security", List.of(Map.of("basic_auth", List.of())));
        Map<String, Map<String, Object>> paths = new LinkedHashMap<>();
        for (ApiEndpoint e : routes.endpoints()) {
            paths.computeIfAbsent(e.path(), p -> new LinkedHashMap<>())
                    .put(e.method().text().toLowerCase(Locale.ROOT), operation(e));
        }
        doc.put("paths", paths);
        // every tag the operations use, by name (Swagger UI lists the families in this order)
        doc.put("tags", routes.endpoints().stream().map(ApiEndpoint::tag).filter(Objects::nonNull)
                .distinct().sorted().map(t -> Map.of("name", t)).toList());
        doc.put("definitions", definitions());
        return doc;
    }

    /**
     * The same document as OpenAPI 3, converted by the swagger-parser project's v2 converter. As the official does,
     * a document without a host gets the API's own ({@code localhost} read as {@code 127.0.0.1}), so that the
     * converted server URL is a complete one.
     */
    static String openApi3(Map<String, Object> v2, String host) {
        Map<String, Object> doc = new LinkedHashMap<>(v2);
        if (!host.isEmpty() && !doc.containsKey("host")) {
            doc.put("host", host.equals("localhost") ? "127.0.0.1" : host);
        }
        JsonNode tree = Json.MAPPER.valueToTree(doc);
        SwaggerDeserializationResult read = new SwaggerDeserializer().deserialize(tree);
        SwaggerParseResult converted = new SwaggerConverter().convert(read);
        if (converted.getOpenAPI() == null) {
            throw new IllegalStateException("the OpenAPI 2.0 document could not be converted: " + converted.getMessages());
        }
        try {
            return io.swagger.v3.core.util.Json.mapper().writeValueAsString(converted.getOpenAPI());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> operation(ApiEndpoint e) {
        Map<String, Object> op = new LinkedHashMap<>();
        if (e.tag() != null) {
            op.put("tags", List.of(e.tag()));
        }
        op.put("operationId", e.operationId());
        op.put("summary", e.summary());
        op.put("description", e.description());
        List<Map<String, Object>> params = new ArrayList<>();
        Matcher m = PATH_PARAM.matcher(e.path());
        while (m.find()) {
            // rule lines are addressed by position, everything else by name
            String type = m.group(1).equals("index") ? "integer" : "string";
            params.add(Map.of("name", m.group(1), "in", "path", "required", true, "type", type));
        }
        for (ApiEndpoint.Param p : e.params()) {
            params.add(Map.of("name", p.name(), "in", p.in(), "required", p.required(), "type", p.type(),
                    "description", p.description()));
        }
        ServiceModels.Documented documented = ServiceModels.of(e);
        params.addAll(documented.parameters());
        params.addAll(ConfigurationModels.body(e));
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        List<String> consumes = RequestGuard.consumes(e.method(), ApiRoutes.BASE + e.path());
        if (!consumes.equals(List.of("application/json"))) {
            op.put("consumes", consumes);
        }
        List<String> produces = RequestGuard.produces(e.method(), ApiRoutes.BASE + e.path());
        if (!produces.equals(List.of("application/json"))) {
            op.put("produces", produces);
        }
        Map<String, Object> success = new LinkedHashMap<>();
        success.put("description", "Successful operation");
        Map<String, Object> schema = documented.response().orElse(e.status() == 204 ? Map.of()
                : e.responseSchema() == null ? Map.of("type", "object") : ref(e.responseSchema()));
        if (!schema.isEmpty()) {
            success.put("schema", schema);
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(Integer.toString(e.status()), success);
        responses.put("401", Map.of("description", "Missing or wrong credentials", "schema", ref("error")));
        responses.put("default", Map.of("description", "General error", "schema", ref("error")));
        op.put("responses", responses);
        return op;
    }

    private static Map<String, Object> definitions() {
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("error", schemaOf(Json.ApiError.class));
        defs.put("info", schemaOf(Models.Info.class));
        defs.put("health", schemaOf(Models.Health.class));
        defs.put("endpoint", schemaOf(Models.Endpoint.class));
        defs.put("endpoints", Map.of("type", "array", "items", ref("endpoint")));
        Map<String, Object> item = new LinkedHashMap<>();
        ProcessInfo.modelFields().forEach((name, type) -> item.put(name, Map.of("type", type)));
        defs.put("process_info_item", Map.of("type", "object", "properties", item));
        defs.put("process_info", Map.of("type", "object", "properties", Map.of(
                "runtimeAPI", Map.of("type", "string"),
                "info", ref("process_info_item"),
                "error", Map.of("type", "string"))));
        defs.put("process_infos", Map.of("type", "array", "items", ref("process_info")));
        defs.putAll(ServiceModels.definitions());
        defs.putAll(ConfigurationModels.definitions());
        return defs;
    }

    static Map<String, Object> ref(String definition) {
        return Map.of("$ref", "#/definitions/" + definition);
    }

    /** A JSON schema of a model record, using the same names Jackson writes. */
    static Map<String, Object> schemaOf(Type type) {
        return schemaOf(type, Map.of());
    }

    /** The same, with a reference to its definition for each type of {@code types} met inside. */
    static Map<String, Object> schemaOf(Type type, Map<Class<?>, String> types) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", nestedSchema(p.getActualTypeArguments()[0], types));
            }
            return Map.of("type", "object");
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return Map.of("type", "integer");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (!c.isRecord()) {
            return Map.of("type", "object");
        }
        Map<String, Object> properties = new TreeMap<>(); // records go on the wire alphabetically (Json)
        for (RecordComponent rc : c.getRecordComponents()) {
            JsonProperty named = rc.getAccessor().getAnnotation(JsonProperty.class);
            if (named == null) {
                named = rc.getAnnotation(JsonProperty.class);
            }
            Map<String, Object> field = nestedSchema(rc.getGenericType(), types);
            if (rc.getAccessor().isAnnotationPresent(BeyondContract.class)) {
                field = new LinkedHashMap<>(field);
                field.put("x-beyond-contract", true);
            }
            properties.put(named != null ? named.value() : rc.getName(), field);
        }
        return Map.of("type", "object", "properties", properties);
    }

    private static Map<String, Object> nestedSchema(Type type, Map<Class<?>, String> types) {
        String definition = type instanceof Class<?> c ? types.get(c) : null;
        return definition != null ? ref(definition) : schemaOf(type, types);
    }
}
