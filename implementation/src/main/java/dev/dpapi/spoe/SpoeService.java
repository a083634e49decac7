package dev.dpapi.spoe;

import static dev.dpapi.runtime.Answers.guarded;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Section;
import dev.dpapi.model.ConfigModels;
import dev.dpapi.model.SpoeTables;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import dev.dpapi.http.WriteRequest;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.reload.ReloadsService;
import dev.dpapi.storage.Upload;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Entry point of the SPOE capability: /services/haproxy/spoe (the SPOE files of spoe_dir, their scopes, agents,
 * messages and groups) and /services/haproxy/spoe_transactions. Files are edited in place, as haproxy.cfg is:
 * a change rewrites only the lines it must, and a file haproxy.cfg reads must keep it valid. Changes need the
 * file's {@code version} or a {@code transaction_id}; only a transaction's commit reloads HAProxy.
 */
public final class SpoeService implements ApiService {

    private static final String BASE = "/services/haproxy/spoe";
    private static final String TRANSACTIONS = "/services/haproxy/spoe_transactions";
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9-_.:]+$");
    private static final Set<String> STATUSES = Set.of("in_progress", "failed");

    /** The spoe_transaction model. */
    public record Transaction(@JsonProperty("_version") long version, String id, String status) {
    }

    /** The answer for one SPOE file: where it is stored. */
    public record FilePath(String data) {
    }

    /** The answer for a file's scopes: their names, brackets included. */
    public record ScopeNames(List<String> data) {
    }

    /** The answer for one scope: its name, brackets included, at the file's version. */
    public record OneScope(@JsonProperty("_version") long version, String data) {
    }

    /**
     * One kind of scope member: its path, its table and whether its list answers a {@code _version}; its answers'
     * definitions in the served document are named after the table's model.
     */
    private record Kind(String path, String title, SpoeTables table, boolean listVersioned) {
        String model() {
            return table.model();
        }

        String listAnswer() {
            return listVersioned ? model() + "_list_data" : model() + "_list";
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("spoe_agents", "agent", SpoeTables.AGENT, false),
            new Kind("spoe_messages", "message", SpoeTables.MESSAGE, true),
            new Kind("spoe_groups", "group", SpoeTables.GROUP, true));

    private final SpoeFiles files;
    private final ReloadAgent reloads;
    private final ApiEndpoint.Action links;

    public SpoeService(Path spoeDir, Path transactionDir, int maxOpenTransactions, ConfigStore config,
                       ReloadAgent reloads, ApiEndpoint.Action links) {
        this.files = new SpoeFiles(spoeDir, transactionDir, maxOpenTransactions, new References(config));
        this.reloads = reloads;
        this.links = links;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param spoe = new ApiEndpoint.Param("spoe", "string", true, "SPOE file name");
        ApiEndpoint.Param scope = new ApiEndpoint.Param("scope", "string", true, "scope, [name]");
        ApiEndpoint.Param transaction = new ApiEndpoint.Param("transaction_id", "string", false,
                "read or change the transaction's copy");
        ApiEndpoint.Param version = new ApiEndpoint.Param("version", "integer", false, "the file's current version");
        List<ApiEndpoint> out = new ArrayList<>();
        out.add(ApiEndpoint.get(BASE + "/spoe_files", "getAllSpoeFiles", "SPOE files",
                "Returns the names of the files in spoe_dir.", "spoe_files", guarded((req, res) ->
                        Json.send(res, 200, files.names()))));
        out.add(new ApiEndpoint(Method.POST, BASE + "/spoe_files", "createSpoe", "Upload an SPOE file",
                "Stores the multipart/form-data part file_upload in spoe_dir under its file name.", List.of(), 201,
                null, guarded(this::upload)));
        out.add(ApiEndpoint.get(BASE + "/spoe_files/{name}", "getOneSpoeFile", "One SPOE file",
                "Returns the path of the file.", "spoe_file_path", guarded((req, res) ->
                        Json.send(res, 200, new FilePath(files.path(name(req)).toString())))));
        out.add(new ApiEndpoint(Method.DELETE, BASE + "/spoe_files/{name}", "deleteSpoeFile", "Delete an SPOE file",
                "Deletes the file and its transactions.", List.of(), 204, null, guarded((req, res) -> {
                    files.delete(name(req));
                    noContent(res, 204);
                })));
        out.add(ApiEndpoint.get(BASE + "/spoe_scopes", "getSpoeScopes", "Scopes of an SPOE file",
                "Returns the [name] lines of the file.", "spoe_scope_names", guarded(this::scopes), spoe, transaction));
        out.add(new ApiEndpoint(Method.POST, BASE + "/spoe_scopes", "createSpoeScope", "Add a scope",
                "Adds a [name] line at the end of the file.", List.of(spoe, transaction, version), 201, null,
                guarded(this::createScope)));
        out.add(ApiEndpoint.get(BASE + "/spoe_scopes/{name}", "getSpoeScope", "One scope",
                "Returns the scope's name when the file has it.", "spoe_one_scope", guarded(this::scope), spoe, transaction));
        out.add(new ApiEndpoint(Method.DELETE, BASE + "/spoe_scopes/{name}", "deleteSpoeScope", "Delete a scope",
                "Deletes the scope's line and every section up to the next scope.", List.of(spoe, transaction, version),
                204, null, guarded(this::deleteScope)));
        for (Kind k : KINDS) {
            String list = BASE + "/" + k.path();
            String one = list + "/{name}";
            String id = ConfigModels.goName(k.model());
            out.add(ApiEndpoint.get(list, "get" + id + "s", "SPOE " + k.title() + "s of a scope",
                    "Returns the spoe-" + k.title() + " sections of the scope.", k.listAnswer(),
                    guarded((req, res) -> list(k, req, res)), spoe, scope, transaction));
            out.add(new ApiEndpoint(Method.POST, list, "create" + id, "Add an SPOE " + k.title(),
                    "Adds a spoe-" + k.title() + " section at the end of the scope.",
                    List.of(spoe, scope, transaction, version), 201, null, guarded((req, res) -> create(k, req, res))));
            out.add(ApiEndpoint.get(one, "get" + id, "One SPOE " + k.title(),
                    "Returns the spoe-" + k.title() + " section.", k.model() + "_data",
                    guarded((req, res) -> get(k, req, res)),
                    spoe, scope, transaction));
            out.add(new ApiEndpoint(Method.PUT, one, "replace" + id, "Replace an SPOE " + k.title(),
                    "Rewrites the lines of the fields that change; other lines stay as written.",
                    List.of(spoe, scope, transaction, version), 200, null, guarded((req, res) -> replace(k, req, res))));
            out.add(new ApiEndpoint(Method.DELETE, one, "delete" + id, "Delete an SPOE " + k.title(),
                    "Deletes the spoe-" + k.title() + " section.", List.of(spoe, scope, transaction, version), 204,
                    null, guarded((req, res) -> delete(k, req, res))));
        }
        out.add(ApiEndpoint.get(BASE + "/version", "getSpoeConfigurationVersion", "Version of an SPOE file",
                "Returns the file's version (or the transaction's) as a bare integer.", null,
                guarded(this::version), spoe, transaction));
        List<ApiEndpoint> transactions = new ArrayList<>();
        ApiEndpoint.Param force = new ApiEndpoint.Param("force_reload", "boolean", false, "reload before answering");
        transactions.add(ApiEndpoint.get(TRANSACTIONS, "getSpoeTransactions", "Transactions of an SPOE file",
                "Returns the file's transactions in progress, outdated and failed ones.", "spoe_transactions",
                guarded(this::transactions),
                spoe, new ApiEndpoint.Param("status", "string", false, "in_progress or failed")));
        transactions.add(new ApiEndpoint(Method.POST, TRANSACTIONS, "startSpoeTransaction", "Start a transaction",
                "Starts a transaction on a copy of the file at its current version.",
                List.of(spoe, new ApiEndpoint.Param("version", "integer", true, "the file's current version")), 201,
                "spoe_transaction", guarded(this::start)));
        transactions.add(ApiEndpoint.get(TRANSACTIONS + "/{id}", "getSpoeTransaction", "One transaction",
                "Returns a transaction's version and status.", "spoe_transaction", guarded(this::transaction), spoe));
        transactions.add(new ApiEndpoint(Method.PUT, TRANSACTIONS + "/{id}", "commitSpoeTransaction",
                "Commit a transaction",
                "Writes the transaction's copy over the file at the next version, then reloads HAProxy.",
                List.of(spoe, force), 202, "spoe_transaction", guarded(this::commit)));
        transactions.add(new ApiEndpoint(Method.DELETE, TRANSACTIONS + "/{id}", "deleteSpoeTransaction",
                "Delete a transaction", "Deletes a transaction, whatever its status.", List.of(spoe), 204, null,
                guarded(this::deleteTransaction)));
        return Stream.of(
                ApiEndpoint.tagged("Discovery", List.of(ApiEndpoint.get(BASE, "getSpoeEndpoints", "SPOE families",
                        "Returns the SPOE endpoints.", "endpoints", links))),
                ApiEndpoint.tagged("Spoe", out),
                ApiEndpoint.tagged("SpoeTransactions", transactions)).flatMap(List::stream).toList();
    }

    private void upload(ServerRequest req, ServerResponse res) throws ConfigException {
        Upload upload = Upload.read(req.headers().contentType().map(ct -> ct.text()).orElse(null),
                req.content().inputStream());
        Json.send(res, 201, files.create(upload.fileName(), upload.content()).toString());
    }

    private void scopes(ServerRequest req, ServerResponse res) throws ConfigException {
        ConfigText text = read(req);
        Json.send(res, 200, new ScopeNames(Scopes.names(text)));
    }

    private void scope(ServerRequest req, ServerResponse res) throws ConfigException {
        ConfigText text = read(req);
        String scope = Scopes.normalized(name(req));
        Scopes.position(text, scope);
        Json.send(res, 200, new OneScope(text.version(), scope));
    }

    private void createScope(ServerRequest req, ServerResponse res) throws ConfigException {
        String file = WriteRequest.required(req, "spoe");
        WriteRequest change = WriteRequest.withBody(req);
        JsonNode body = change.body();
        if (!body.isTextual()) {
            throw ConfigException.wrongType(body, "Go value of type models.SpoeScope");
        }
        String scope = Scopes.normalized(body.asText());
        checkName("name", scope.substring(1, scope.length() - 1));
        files.change(file, change.target(), change.version(), text -> Scopes.addScope(text, scope));
        noContent(res, 201);
    }

    private void deleteScope(ServerRequest req, ServerResponse res) throws ConfigException {
        String file = WriteRequest.required(req, "spoe");
        WriteRequest change = WriteRequest.of(req);
        String scope = Scopes.normalized(name(req));
        files.change(file, change.target(), change.version(), text -> Scopes.removeScope(text, scope));
        noContent(res, 204);
    }

    private void list(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        String scope = scope(req);
        ConfigText text = read(req);
        List<ObjectNode> items = Scopes.members(text, scope, k.table()).stream().map(k.table()::read).toList();
        if (k.listVersioned()) {
            Json.data(res, text.version(), k.model(), items);
        } else {
            Json.send(res, 200, Map.of("data", items));
        }
    }

    private void get(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        String scope = scope(req);
        ConfigText text = read(req);
        Section section = existing(k, text, scope, name(req));
        Json.data(res, text.version(), k.model(), k.table().read(section));
    }

    private void create(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        WriteRequest change = WriteRequest.withObjectBody(req, k.model()); // the body first, as the validator
        String file = WriteRequest.required(req, "spoe");
        String scope = scope(req);
        JsonNode model = model(k, change.body());
        JsonNode name = model.get("name");
        checkName("name", name.asText());
        files.change(file, change.target(), change.version(), text -> {
            if (Scopes.member(text, scope, k.table(), name.asText()).isPresent()) {
                throw new ConfigException(409, "31: " + k.table().keyword() + " " + name.asText()
                        + " already exists in scope " + scope);
            }
            String eol = text.lineEnding();
            Section created = k.table().write(Section.create(k.table().keyword(), name.asText(), eol), model, eol);
            return Scopes.add(text, scope, created);
        });
        noContent(res, 201);
    }

    private void replace(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        WriteRequest change = WriteRequest.withObjectBody(req, k.model()); // the body first, as the validator
        String file = WriteRequest.required(req, "spoe");
        String scope = scope(req);
        String name = name(req);
        ObjectNode model = model(k, change.body()).deepCopy();
        model.put("name", name); // the section keeps the name of its path
        files.change(file, change.target(), change.version(), text -> {
            Section old = existing(k, text, scope, name);
            return text.withSection(old, k.table().write(old, model, text.lineEnding()));
        });
        noContent(res, 200);
    }

    private void delete(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        String file = WriteRequest.required(req, "spoe");
        String scope = scope(req);
        String name = name(req);
        WriteRequest change = WriteRequest.of(req);
        files.change(file, change.target(), change.version(),
                text -> text.withoutSection(existing(k, text, scope, name)));
        noContent(res, 204);
    }

    private void version(ServerRequest req, ServerResponse res) throws ConfigException {
        ConfigText text = read(req);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(text.version() + "\n");
    }

    private void transactions(ServerRequest req, ServerResponse res) throws ConfigException {
        String file = WriteRequest.required(req, "spoe");
        Optional<String> status = WriteRequest.value(req, "status");
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw ConfigException.schema(605, "status in query should be one of [failed in_progress]");
        }
        Json.send(res, 200, files.list(file, status));
    }

    private void start(ServerRequest req, ServerResponse res) throws ConfigException {
        String file = WriteRequest.required(req, "spoe");
        long version = WriteRequest.integer(req, "version").orElseThrow(() ->
                ConfigException.schema(602, "version in query is required"));
        Json.send(res, 201, files.start(file, version));
    }

    private void transaction(ServerRequest req, ServerResponse res) throws ConfigException {
        String file = WriteRequest.required(req, "spoe");
        String id = req.path().pathParameters().get("id");
        Json.send(res, 200, files.get(file, id).orElseThrow(() ->
                new ConfigException(404, "20: transaction " + id + " does not exist")));
    }

    private void commit(ServerRequest req, ServerResponse res) throws ConfigException {
        String file = WriteRequest.required(req, "spoe");
        boolean force = WriteRequest.flag(req, "force_reload");
        Transaction done = files.commit(file, req.path().pathParameters().get("id"));
        ReloadsService.answer(res, reloads.after(force), 200, done);
    }

    private void deleteTransaction(ServerRequest req, ServerResponse res) throws ConfigException {
        String file = WriteRequest.required(req, "spoe");
        String id = req.path().pathParameters().get("id");
        if (!files.deleteTransaction(file, id)) {
            throw new ConfigException(404, "20: transaction " + id + " does not exist");
        }
        noContent(res, 204);
    }

    /** The text a read is about: the file's, or its transaction's. */
    private ConfigText read(ServerRequest req) throws ConfigException {
        String file = WriteRequest.required(req, "spoe");
        return files.text(file, WriteRequest.transactionId(req));
    }

    private static String scope(ServerRequest req) throws ConfigException {
        return Scopes.normalized(WriteRequest.required(req, "scope"));
    }

    private static String name(ServerRequest req) {
        return req.path().pathParameters().get("name");
    }

    private static Section existing(Kind k, ConfigText text, String scope, String name) throws ConfigException {
        return Scopes.member(text, scope, k.table(), name).orElseThrow(() -> new ConfigException(404,
                "30: " + k.table().keyword() + " " + name + " does not exist in scope " + scope));
    }

    /** The contract's patterns of agent fields the tables write as plain words (a variable name each). */
    private static final List<String> VARIABLE_FIELDS = List.of("option_set-on-error", "option_set-process-time",
            "option_set-total-time", "option_var-prefix");
    private static final Pattern VARIABLE = Pattern.compile("^[A-Za-z0-9-_.]+$");
    /** The events a message may be sent on, in the contract's order. */
    private static final List<String> EVENTS = List.of("on-client-session", "on-server-session",
            "on-frontend-tcp-request", "on-backend-tcp-request", "on-tcp-response", "on-frontend-http-request",
            "on-backend-http-request", "on-http-response");

    /** The body as the model: an object, whose values the contract constrains are checked (422) before any text is built. */
    private static JsonNode model(Kind k, JsonNode body) throws ConfigException {
        for (String field : VARIABLE_FIELDS) {
            JsonNode v = body.get(field);
            if (k.table() == SpoeTables.AGENT && v != null && !v.isNull() && !VARIABLE.matcher(v.asText()).matches()) {
                throw ConfigException.schema(605, field + " in body should match '" + VARIABLE.pattern() + "'");
            }
        }
        JsonNode event = body.get("event");
        if (k.table() == SpoeTables.MESSAGE && event != null && !event.isNull()) {
            JsonNode name = event.get("name");
            if (name == null || name.isNull()) {
                throw ConfigException.schema(602, "event.name in body is required");
            }
            if (!EVENTS.contains(name.asText())) {
                throw ConfigException.schema(605, "event.name in body should be one of " + EVENTS.toString()
                        .replace(",", ""));
            }
        }
        return body;
    }

    /** A name that is one plain word, so that it can never change the file's structure. */
    private static void checkName(String field, String name) throws ConfigException {
        if (!NAME.matcher(name).matches()) {
            throw ConfigException.schema(605, field + " in body should match '" + NAME.pattern() + "'");
        }
    }

    private static void noContent(ServerResponse res, int status) {
        res.status(Status.create(status));
        res.send();
    }
}
