package dev.dpapi.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.dpapi.text.ConfigException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON as the official server writes it: compact, empty values omitted, no HTML escaping, newline-terminated,
 * and every object in its generated model's field order ({@link WireModels}): records, maps and JSON trees
 * alphabetically by JSON name, allOf-composed models part by part.
 */
public final class Json {

    /** For reading bodies and for files: keeps insertion order. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** For responses: the official's field order everywhere. */
    private static final ObjectMapper WIRE = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addModule(new SimpleModule()
                    .addSerializer(new TreeSerializer<>(ObjectNode.class))
                    .addSerializer(new TreeSerializer<>(ArrayNode.class))
                    .addSerializer(new ModelSerializer()))
            .build();

    private Json() {
    }

    /**
     * A JSON tree that is an instance of a model of the contract ({@code server}, {@code bind}, {@code global}...):
     * written in that model's field order.
     */
    public record Model(String name, JsonNode value) {
    }

    public static void send(ServerResponse res, int status, Object body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes(body, true));
    }

    /** A configuration read: {@code {"_version":N,"data":...}}, the data an instance (or a list) of {@code model}. */
    public static void data(ServerResponse res, long version, String model, Object data) {
        Object wrapped = data instanceof JsonNode node ? new Model(model, node)
                : data instanceof List<?> list ? list.stream().map(e -> e instanceof JsonNode n ? new Model(model, n) : e)
                .toList() : data;
        send(res, 200, new Envelope(version, wrapped));
    }

    /** The envelope of configuration reads. */
    private record Envelope(@com.fasterxml.jackson.annotation.JsonProperty("_version") long version, Object data) {
    }

    /** A handler error in the official shape {@code {"code":N,"message":"..."}}. */
    public static void error(ServerResponse res, int status, String message) {
        send(res, status, new ApiError(status, message));
    }

    /**
     * A refusal in the official error body: its status, its code, its message. The framework's own refusals
     * (422 validation, 400 undecodable body) carry no final newline, as go-openapi writes them; an empty message
     * means an empty body (the official answers some missing parents that way).
     */
    public static void refuse(ServerResponse res, ConfigException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.isEmpty()) {
            res.status(Status.create(e.status()));
            res.send();
            return;
        }
        boolean framework = e.status() == 422 || e.code() >= 600 || message.startsWith(ConfigException.UNDECODABLE);
        sendError(res, e.status(), e.code(), message, framework);
    }

    /**
     * An error of the framework rather than of a handler (unknown path, method not allowed, credentials, media
     * types): no final newline, as go-openapi writes it. A HEAD request gets the status and headers alone.
     */
    static void routingError(ServerRequest req, ServerResponse res, int status, String message) {
        if (req.prologue().method().equals(Method.HEAD)) { // a HEAD answer has no content (RFC 9110): headers only
            res.status(Status.create(status));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send();
            return;
        }
        sendError(res, status, status, message, true);
    }

    private static void sendError(ServerResponse res, int status, int code, String message, boolean framework) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes(new ApiError(code, message), !framework));
    }

    /** The body's JSON as UTF-8, written once (large answers are megabytes: no String and copies of it). */
    private static byte[] bytes(Object body, boolean finalNewline) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            WIRE.writeValue(out, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (finalNewline) {
            out.write('\n');
        }
        return out.toByteArray();
    }

    public static String write(Object body) {
        try {
            return WIRE.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error model of the API. */
    public record ApiError(int code, String message) {
    }

    /** Writes a tree in the order of its model's parts (alphabetical for plain models), nested trees likewise. */
    private static void writeTree(JsonNode node, String model, JsonGenerator g) throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            for (String part : WireModels.fieldOrder(model, node)) {
                g.writeFieldName(part);
                writeTree(node.get(part), WireModels.nested(model, part), g);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                writeTree(item, model, g);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }

    private static final class TreeSerializer<T extends JsonNode> extends StdSerializer<T> {
        TreeSerializer(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
            writeTree(value, null, g);
        }
    }

    private static final class ModelSerializer extends StdSerializer<Model> {
        ModelSerializer() {
            super(Model.class);
        }

        @Override
        public void serialize(Model value, JsonGenerator g, SerializerProvider provider) throws IOException {
            writeTree(value.value(), value.name(), g);
        }
    }
}
