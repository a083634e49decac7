package dev.dpapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.configuration.ConfigurationService;
import dev.dpapi.model.ConfigModels;
import dev.dpapi.model.ModelSchemas;
import dev.dpapi.text.ConfigException;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.ServerRequest;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a configuration request asks, read once with the official's query rules: empty values count as absent,
 * {@code version=0} too; an integer that is not one is refused 422 (code 600); booleans read as go-openapi
 * reads them (any other word is false). {@code body} is the decoded JSON body, null when the request has none.
 */
public record WriteRequest(Optional<String> transaction, OptionalLong version, boolean forceReload,
                           boolean skipVersion, boolean skipReload, boolean onlyValidate, JsonNode body) {

    /** The start of the 400 message for a body that cannot be decoded. */

    private static final Set<String> TRUE = Set.of("true", "1", "yes", "ok", "y", "on", "selected", "checked", "t",
            "enabled");

    /** The query of a request without a body (or whose body is not JSON). */
    public static WriteRequest of(ServerRequest req) throws ConfigException {
        return new WriteRequest(transactionId(req), integer(req, "version").stream().filter(v -> v != 0).findFirst(),
                flag(req, "force_reload"), flag(req, "skip_version"), flag(req, "skip_reload"),
                flag(req, "only_validate"), null);
    }

    /**
     * The query and the JSON body, which is required. The body is judged first: the official's validator binds the
     * parameters in alphabetical order, the body being {@code data}, and reports the first refusal.
     */
    public static WriteRequest withBody(ServerRequest req) throws ConfigException {
        return withBody(req, json(text(req)));
    }

    private static WriteRequest withBody(ServerRequest req, JsonNode body) throws ConfigException {
        WriteRequest query = of(req);
        return new WriteRequest(query.transaction(), query.version(), query.forceReload(), query.skipVersion(),
                query.skipReload(), query.onlyValidate(), body);
    }

    /**
     * The query and a body that must be a JSON object: any other JSON value cannot be decoded into the official's
     * {@code model} (its Go type named by {@link ConfigModels#goName}), and is refused 400 as its decoder does;
     * {@code null} decodes as the empty model. A configuration model lacking a property its schema requires is
     * refused 422 (602), the first one missing named, before the query is read and anything is looked up.
     */
    public static WriteRequest withObjectBody(ServerRequest req, String model) throws ConfigException {
        JsonNode body = json(text(req));
        if (body.isNull()) {
            body = Json.MAPPER.createObjectNode();
        } else if (!body.isObject()) {
            throw ConfigException.wrongType(body, "Go value of type models." + ConfigModels.goName(model));
        }
        JsonNode schema = ConfigurationService.definitions().getOrDefault(model, NO_SCHEMA);
        // the official decodes the whole body before its validator looks for what is missing
        Optional<Map.Entry<String, String>> wrong = ModelSchemas.firstWrongType(schema, body);
        if (wrong.isPresent()) {
            throw ConfigException.wrongType(body.get(wrong.get().getKey()), "Go struct field "
                    + ConfigModels.goName(model) + "." + wrong.get().getKey() + " of type " + wrong.get().getValue());
        }
        Optional<String> missing = ModelSchemas.firstMissing(schema, body);
        if (missing.isPresent()) {
            throw ConfigException.schema(602, missing.get() + " in body is required");
        }
        return withBody(req, body);
    }

    /** A model without a schema of its own requires nothing and types nothing. */
    private static final JsonNode NO_SCHEMA = Json.MAPPER.createObjectNode();

    /** The body as text; empty when the request has none. */
    public static String text(ServerRequest req) {
        return req.content().hasEntity() ? req.content().as(String.class) : "";
    }

    /** A JSON body: 422 (602) when empty, 400 when it is not JSON. */
    public static JsonNode json(String text) throws ConfigException {
        if (text.isBlank()) {
            throw ConfigException.schema(602, "data in body is required");
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw ConfigException.undecodable(e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The transaction a read or a change is about, if any. */
    public static Optional<String> transactionId(ServerRequest req) {
        return value(req, "transaction_id");
    }

    /** A query parameter; an empty value is absent. */
    public static Optional<String> value(ServerRequest req, String name) {
        // contains/get rather than first(): first() goes through the mapper registry, on every request
        UriQuery query = req.query();
        String value = query.contains(name) ? query.get(name) : "";
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A required query parameter: 422 (602) when absent. */
    public static String required(ServerRequest req, String name) throws ConfigException {
        return value(req, name).orElseThrow(() -> ConfigException.schema(602, name + " in query is required"));
    }

    /** An integer query parameter: 422 (600) when it is not one. */
    public static OptionalLong integer(ServerRequest req, String name) throws ConfigException {
        Optional<String> raw = value(req, name);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(raw.get()));
        } catch (NumberFormatException e) {
            throw ConfigException.schema(600, name + " in query must be of type int64: \"" + raw.get() + "\"");
        }
    }

    /** An integer path parameter: 422 (600) when it is not one. */
    public static long pathInteger(ServerRequest req, String name) throws ConfigException {
        String raw = req.path().pathParameters().get(name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ConfigException.schema(600, name + " in path must be of type int64: \"" + raw + "\"");
        }
    }

    public static boolean flag(ServerRequest req, String name) {
        return value(req, name).map(v -> TRUE.contains(v.toLowerCase(java.util.Locale.ROOT))).orElse(false);
    }

    /**
     * Where a change goes: the transaction, or (empty) haproxy.cfg directly at {@link #version()}. The official's
     * 400s when both or neither are given, and when a transaction is asked to force a reload.
     */
    public Optional<String> target() throws ConfigException {
        if (transaction.isPresent() && forceReload) {
            throw new ConfigException(400, "Both force_reload and transaction specified, specify only one");
        }
        if (transaction.isPresent() && version.isPresent()) {
            throw new ConfigException(400, "12: both version and transaction specified, specify only one");
        }
        if (transaction.isEmpty() && version.isEmpty()) {
            throw new ConfigException(400, "13: version or transaction not specified, specify only one");
        }
        return transaction;
    }
}
