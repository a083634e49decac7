package dev.dpapi.transactions;

import dev.dpapi.text.ConfigException;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import dev.dpapi.http.WriteRequest;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.reload.ReloadsService;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** /services/haproxy/transactions: start, list, read, commit and delete transactions. */
public final class TransactionsService implements ApiService {

    private static final String PATH = "/services/haproxy/transactions";
    private static final Set<String> STATUSES = Set.of("in_progress", "failed");

    private final Transactions transactions;
    private final ReloadAgent reloads;

    public TransactionsService(Transactions transactions, ReloadAgent reloads) {
        this.transactions = transactions;
        this.reloads = reloads;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param force = new ApiEndpoint.Param("force_reload", "boolean", false, "reload before answering");
        return ApiEndpoint.tagged("Transactions", List.of(
                ApiEndpoint.get(PATH, "getTransactions", "Transactions",
                        "Returns transactions in progress, failed and outdated.", "transactions", this::list,
                        new ApiEndpoint.Param("status", "string", false, "in_progress or failed")),
                new ApiEndpoint(Method.POST, PATH, "startTransaction", "Start a transaction",
                        "Starts a transaction from the current configuration version.",
                        List.of(new ApiEndpoint.Param("version", "integer", true, "current configuration version")),
                        201, "transaction", this::start),
                ApiEndpoint.get(PATH + "/{id}", "getTransaction", "One transaction",
                        "Returns a transaction's version and status.", "transaction", this::get),
                new ApiEndpoint(Method.PUT, PATH + "/{id}", "commitTransaction", "Commit a transaction",
                        "Validates the transaction's configuration, writes it and reloads HAProxy.", List.of(force),
                        202, "transaction", this::commit),
                new ApiEndpoint(Method.DELETE, PATH + "/{id}", "deleteTransaction", "Delete a transaction",
                        "Deletes a transaction, whatever its status.", List.of(), 204, null, this::delete)));
    }

    private void list(ServerRequest req, ServerResponse res) throws ConfigException {
        Optional<String> status = WriteRequest.value(req, "status");
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw ConfigException.schema(605, "status in query should be one of [failed in_progress]");
        }
        Json.send(res, 200, transactions.list(status));
    }

    private void start(ServerRequest req, ServerResponse res) throws ConfigException {
        long version = WriteRequest.integer(req, "version")
                .orElseThrow(() -> ConfigException.schema(602, "version in query is required"));
        Json.send(res, 201, transactions.start(version));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        transactions.get(id).ifPresentOrElse(t -> Json.send(res, 200, t),
                () -> Json.error(res, 404, "20: transaction " + id + " does not exist"));
    }

    private void commit(ServerRequest req, ServerResponse res) throws ConfigException {
        String id = req.path().pathParameters().get("id");
        boolean force = WriteRequest.flag(req, "force_reload");
        Transactions.Transaction done = transactions.commit(id);
        ReloadsService.answer(res, reloads.after(force), 200, done);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (transactions.delete(id)) {
            res.status(Status.NO_CONTENT_204);
            res.send();
        } else {
            Json.error(res, 404, "20: transaction file " + id + " does not exist");
        }
    }
}
