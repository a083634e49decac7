package dev.dpapi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpapi.runtime.StatsService;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The models of the runtime, stats, storage, reload and transaction families as documented against what the
 * server writes: for every documented record, an instance with every field set is written the way answers are
 * ({@link Json#write}), and its fields are exactly the documented properties, in the same order, recursively.
 */
class ServiceModelsTest {

    private static final ObjectMapper READ = new ObjectMapper();
    private final JsonNode definitions = READ.valueToTree(ServiceModels.definitions());

    @Test
    void everyModelIsWrittenWithItsDocumentedFieldsInTheirOrder() throws Exception {
        assertFalse(ServiceModels.records().isEmpty());
        for (Map.Entry<String, Class<?>> model : ServiceModels.records().entrySet()) {
            JsonNode written = READ.readTree(Json.write(filled(model.getValue())));
            assertSameShape(model.getKey(), written, definitions.path(model.getKey()));
        }
    }

    @Test
    void everyReferenceInsideTheModelsResolves() {
        List<String> refs = new ArrayList<>();
        definitions.findValues("$ref").forEach(r -> refs.add(r.asText()));
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(definitions.has(ref.substring("#/definitions/".length())), ref);
        }
    }

    @Test
    void fieldsBeyondTheContractAreMarked() {
        JsonNode certificate = definitions.path("ssl_certificate").path("properties");
        assertTrue(certificate.path("not_after").path("x-beyond-contract").asBoolean(), certificate.toString());
        assertFalse(certificate.path("storage_name").has("x-beyond-contract"));
    }

    private void assertSameShape(String where, JsonNode written, JsonNode schema) {
        while (schema.has("$ref")) {
            schema = definitions.path(schema.path("$ref").asText().substring("#/definitions/".length()));
        }
        if (written.isObject()) {
            List<String> fields = new ArrayList<>();
            written.fieldNames().forEachRemaining(fields::add);
            List<String> documented = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(documented::add);
            assertEquals(documented, fields, where + ": the fields written are not the documented ones");
            for (String f : fields) {
                assertSameShape(where + "." + f, written.path(f), schema.path("properties").path(f));
            }
        } else if (written.isArray()) {
            assertEquals("array", schema.path("type").asText(), where);
            for (JsonNode item : written) {
                assertSameShape(where + "[]", item, schema.path("items"));
            }
        } else {
            String type = written.isTextual() ? "string" : written.isIntegralNumber() ? "integer"
                    : written.isBoolean() ? "boolean" : written.getNodeType().toString();
            assertEquals(schema.path("type").asText(), type, where);
        }
    }

    /** An instance of a model with every field set (a list holds one filled item). */
    private static Object filled(Type type) throws Exception {
        if (type instanceof ParameterizedType p) {
            return List.of(filled(p.getActualTypeArguments()[0]));
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return "text";
        }
        if (c == Long.class || c == long.class) {
            return 7L;
        }
        if (c == Integer.class || c == int.class) {
            return 7;
        }
        if (c == Boolean.class || c == boolean.class) {
            return true;
        }
        if (c == StatsService.StatValues.class) { // a row of show stat with every field set
            StringBuilder header = new StringBuilder("# pxname,svname,type");
            StringBuilder row = new StringBuilder("be,s1,2");
            StatsService.statFields().forEach((f, t) -> {
                header.append(',').append(f);
                row.append(',').append(t.equals("string") ? "text" : "7");
            });
            return StatsService.StatValues.of(header + "\n" + row + "\n");
        }
        RecordComponent[] components = c.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = filled(components[i].getGenericType());
            types[i] = components[i].getType();
        }
        var constructor = c.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(args);
    }
}
