package dev.dpapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.Json;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.reload.ReloadsService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.runtime.RuntimeApiException;
import java.util.List;
import java.util.Optional;

/**
 * The official rules every configuration change follows: {@code version} or {@code transaction_id},
 * a validated atomic write, then a scheduled reload (202 + Reload-ID) or, with {@code force_reload}, a
 * reload before answering (201 for creations).
 */
public final class Mutations {

    private final ConfigStore store;
    private final TransactionStore transactions;
    private final ReloadAgent reloads;
    private final RuntimeApi runtime;

    public Mutations(ConfigStore store, TransactionStore transactions, ReloadAgent reloads, RuntimeApi runtime) {
        this.store = store;
        this.transactions = transactions;
        this.reloads = reloads;
        this.runtime = runtime;
    }

    /** The text a read is about: the transaction's when {@code transaction_id} names one, else haproxy.cfg. */
    ConfigText read(ServerRequest req) throws ConfigException {
        Optional<String> transaction = req.query().first("transaction_id").filter(s -> !s.isEmpty());
        return transaction.isPresent() ? transactions.text(transaction.get()) : store.current();
    }

    /** The text to read, or null once an unknown transaction has been answered. */
    ConfigText readOrAnswer(ServerRequest req, ServerResponse res) {
        try {
            return read(req);
        } catch (ConfigException e) {
            Json.error(res, e.status(), e.getMessage());
            return null;
        }
    }

    /** Parses the request body as JSON; answers 400 and returns empty when it is not. */
    static Optional<JsonNode> body(ServerRequest req, ServerResponse res) {
        String text = req.content().as(String.class);
        if (text.isBlank()) {
            Json.error(res, 422, "data in body is required");
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(text));
        } catch (Exception e) {
            Json.error(res, 400, "parsing data body from \"\" failed, because " + e.getMessage().lines().findFirst().orElse(""));
            return Optional.empty();
        }
    }

    /** The kinds of change, for the status matrix: direct 202; forced 201, 200 and 204. */
    enum Op {
        CREATE(201), REPLACE(200), DELETE(204);

        final int forcedStatus;

        Op(int forcedStatus) {
            this.forcedStatus = forcedStatus;
        }
    }

    void create(ServerRequest req, ServerResponse res, JsonNode echo, ConfigStore.ConfigChange change) {
        apply(req, res, Op.CREATE, echo, change);
    }

    /** Applies a change and answers with the official status, echoing {@code echo} (DELETE: no body). */
    void apply(ServerRequest req, ServerResponse res, Op op, JsonNode echo, ConfigStore.ConfigChange change) {
        apply(req, res, op, echo, change, null);
    }

    /**
     * A replacement. With a runtime {@code equivalent} (may be null), a direct one that changed nothing, or whose
     * every change has a runtime command HAProxy accepts, answers 200 and nothing reloads; otherwise it reloads
     * as usual.
     */
    void replace(ServerRequest req, ServerResponse res, JsonNode echo, ConfigStore.ConfigChange change,
                 RuntimeChanges.Equivalent equivalent) {
        apply(req, res, Op.REPLACE, echo, change, equivalent);
    }

    private void apply(ServerRequest req, ServerResponse res, Op op, JsonNode echo, ConfigStore.ConfigChange change,
                       RuntimeChanges.Equivalent equivalent) {
        var query = req.query();
        boolean force = query.first("force_reload").map(Boolean::parseBoolean).orElse(false);
        Optional<String> transaction = query.first("transaction_id").filter(s -> !s.isEmpty());
        Optional<String> version = query.first("version").filter(s -> !s.isEmpty() && !s.equals("0"));
        if (transaction.isPresent() && force) {
            Json.error(res, 400, "Both force_reload and transaction specified, specify only one");
            return;
        }
        if (transaction.isPresent() && version.isPresent()) {
            Json.error(res, 400, "12: both version and transaction specified, specify only one");
            return;
        }
        if (transaction.isPresent()) { // staged in the transaction: no validation, version bump or reload
            try {
                transactions.change(transaction.get(), change);
            } catch (ConfigException e) {
                Json.error(res, e.status(), e.getMessage());
                return;
            }
            answer(res, 202, op, echo);
            return;
        }
        if (version.isEmpty()) {
            Json.error(res, 400, "13: version or transaction not specified, specify only one");
            return;
        }
        long expected;
        try {
            expected = Long.parseLong(version.get());
        } catch (NumberFormatException e) {
            Json.error(res, 422, "version in query must be of type int64: \"" + version.get() + "\"");
            return;
        }
        ConfigText[] before = new ConfigText[1]; // the one snapshot the change is made on
        ConfigText after;
        try {
            after = store.commit(expected, current -> change.apply(before[0] = current));
        } catch (ConfigException e) {
            Json.error(res, e.status(), e.getMessage());
            return;
        }
        if (equivalent != null && appliedAtRuntime(equivalent.commands(before[0], after))) {
            Json.send(res, 200, echo);
            return;
        }
        ReloadsService.answer(res, reloads.after(force), op.forcedStatus, op == Op.DELETE ? null : echo);
    }

    /** Runs the commands; true when there were none or HAProxy took every one. */
    private boolean appliedAtRuntime(Optional<List<String>> commands) {
        if (commands.isEmpty() || (!commands.get().isEmpty() && runtime.endpoint().isEmpty())) {
            return false;
        }
        for (String command : commands.get()) {
            try {
                if (!RuntimeChanges.succeeded(runtime.execute(command))) {
                    return false;
                }
            } catch (RuntimeApiException e) {
                return false;
            }
        }
        return true;
    }

    private static void answer(ServerResponse res, int status, Op op, JsonNode echo) {
        if (op == Op.DELETE) {
            res.status(io.helidon.http.Status.create(status));
            res.send();
        } else {
            Json.send(res, status, echo);
        }
    }
}
