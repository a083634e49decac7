package dev.dpapi.reload;

import static dev.dpapi.http.ApiEndpoint.get;

import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/** /services/haproxy/reloads: what became of the reloads that changes scheduled. */
public final class ReloadsService implements ApiService {

    private final ReloadAgent reloads;

    public ReloadsService(ReloadAgent reloads) {
        this.reloads = reloads;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        return ApiEndpoint.tagged("Reloads", List.of(
                get("/services/haproxy/reloads", "getReloads", "Reload records",
                        "Returns failed reloads, the last successful one and the pending one.", "reloads", this::list),
                get("/services/haproxy/reloads/{id}", "getReload", "One reload record",
                        "Returns the status of a reload by its Reload-ID.", "reload", this::one)));
    }

    /**
     * The answer of a change after its reload: 202 + Reload-ID when scheduled, {@code forcedStatus} when a
     * forced reload worked (no body for 204), 400 {@code Reload failed: ...} when it did not.
     */
    public static void answer(ServerResponse res, ReloadAgent.Outcome reload, int forcedStatus, Object body) {
        if (reload.failure().isPresent()) {
            Json.error(res, 400, "Reload failed: " + reload.failure().get());
            return;
        }
        reload.reloadId().ifPresent(id -> res.header("Reload-ID", id));
        int status = reload.reloadId().isPresent() ? 202 : forcedStatus;
        if (body == null) {
            res.status(Status.create(status));
            res.send();
        } else {
            Json.send(res, status, body);
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, 200, reloads.list());
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        reloads.get(id).ifPresentOrElse(r -> Json.send(res, 200, r),
                () -> Json.error(res, 404, "Reload with ID " + id + " does not exist"));
    }
}
