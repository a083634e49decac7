package dev.dpapi.reload;

import static dev.dpapi.http.ApiEndpoint.get;

import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
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
        return List.of(
                get("/services/haproxy/reloads", "getReloads", "Return list of HAProxy Reloads",
                        "Returns failed reloads, the last successful one and the pending one.", null, this::list),
                get("/services/haproxy/reloads/{id}", "getReload", "Return one HAProxy reload status",
                        "Returns the status of a reload by its Reload-ID.", null, this::one));
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
