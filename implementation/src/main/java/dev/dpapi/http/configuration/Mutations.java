package dev.dpapi.http.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import dev.dpapi.http.WriteRequest;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.reload.ReloadsService;
import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.runtime.Setters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.dpapi.model.RuntimeChanges;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.TransactionStore;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The official rules every configuration change follows: {@code version} or {@code transaction_id},
 * a validated atomic write, then a scheduled reload (202 + Reload-ID) or, with {@code force_reload}, a
 * reload before answering (201 for creations). Refusals are thrown, answered by the HTTP layer.
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
    public ConfigText read(ServerRequest req) throws ConfigException {
        Optional<String> transaction = WriteRequest.transactionId(req);
        return transaction.isPresent() ? transactions.text(transaction.get()) : store.current();
    }

    /** The kinds of change, for the status matrix: direct 202; forced 201, 200 and 204. */
    public enum Op {
        CREATE(201), REPLACE(200), DELETE(204);

        final int forcedStatus;

        Op(int forcedStatus) {
            this.forcedStatus = forcedStatus;
        }
    }

    /**
     * The body a mutation echoes: the model as the official decodes it (empty values, {@code false} and nulls
     * dropped, as its models omit them), written in the model's field order.
     */
    public static Json.Model echo(String model, JsonNode body) {
        JsonNode copy = body.deepCopy();
        if (copy instanceof ObjectNode object) {
            dropEmpty(object);
        }
        return new Json.Model(model, copy);
    }

    private static void dropEmpty(ObjectNode object) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            if (value.isObject()) {
                dropEmpty((ObjectNode) value);
            } else if (value.isArray()) {
                value.forEach(item -> {
                    if (item instanceof ObjectNode o) {
                        dropEmpty(o);
                    }
                });
            }
            if (value.isNull() || (value.isTextual() && value.asText().isEmpty())
                    || (value.isBoolean() && !value.asBoolean()) || (value.isArray() && value.isEmpty())) {
                it.remove();
            }
        }
    }

    /** Applies a change and answers with the official status, echoing {@code echo} (DELETE: null, no body). */
    public void apply(WriteRequest request, ServerResponse res, Op op, Json.Model echo, ConfigStore.ConfigChange change)
            throws ConfigException {
        apply(request, res, op, echo, change, null);
    }

    /**
     * Applies a change. A replacement with a runtime {@code equivalent} (may be null) that, made directly, changed
     * nothing, or whose every change has a runtime command HAProxy accepts, answers 200 and nothing reloads;
     * otherwise it reloads as usual.
     */
    void apply(WriteRequest request, ServerResponse res, Op op, Json.Model echo, ConfigStore.ConfigChange change,
               RuntimeChanges.Equivalent equivalent) throws ConfigException {
        Optional<String> transaction = request.target();
        if (transaction.isPresent()) { // staged in the transaction: no validation, version bump or reload
            transactions.change(transaction.get(), change);
            if (op == Op.DELETE) {
                res.status(Status.ACCEPTED_202);
                res.send();
            } else {
                Json.send(res, 202, echo);
            }
            return;
        }
        ConfigText[] before = new ConfigText[1]; // the one snapshot the change is made on
        ConfigText after = commit(request.version().getAsLong(), current -> change.apply(before[0] = current));
        if (equivalent != null && appliedAtRuntime(equivalent.commands(before[0], after))) {
            Json.send(res, 200, echo);
            return;
        }
        ReloadsService.answer(res, reloads.after(request.forceReload()), op.forcedStatus, op == Op.DELETE ? null : echo);
    }

    /**
     * A direct change, a transaction of its own for the official server: validated and written against
     * {@code version} (the store's write outdates the transactions started from that version or before); refused
     * by HAProxy, it is kept as a failed transaction.
     */
    public ConfigText commit(long version, ConfigStore.ConfigChange change) throws ConfigException {
        ConfigText[] candidate = new ConfigText[1];
        return keptIfRefused(candidate, version,
                () -> store.commit(version, current -> candidate[0] = change.apply(current)));
    }

    /** A whole new text without a version check or bump (raw {@code skip_version}); as {@link #commit} otherwise. */
    public ConfigText replaceUnchecked(ConfigText text) throws ConfigException {
        return keptIfRefused(new ConfigText[] {text}, store.version(), () -> store.replaceUnchecked(text));
    }

    private interface Write {
        ConfigText run() throws ConfigException;
    }

    /** Runs a write; HAProxy's refusal of the candidate text (code 14) is kept as a failed transaction. */
    private ConfigText keptIfRefused(ConfigText[] candidate, long version, Write write) throws ConfigException {
        try {
            return write.run();
        } catch (ConfigException e) {
            if (candidate[0] != null && e.isRefusedByValidation()) {
                transactions.refused(candidate[0].withVersion(version));
            }
            throw e;
        }
    }

    /** Runs the commands; true when there were none or HAProxy took every one. */
    private boolean appliedAtRuntime(Optional<List<String>> commands) {
        return commands.isPresent() && Setters.run(runtime, commands.get(), RuntimeChanges::succeeded).isEmpty();
    }
}
