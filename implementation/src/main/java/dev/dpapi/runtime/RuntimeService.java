package dev.dpapi.runtime;

import static dev.dpapi.http.ApiEndpoint.get;

import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import dev.dpapi.http.Models;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.stream.Stream;

/** /services/haproxy/runtime: what HAProxy reports about itself through the Runtime API. */
public final class RuntimeService implements ApiService {

    private final RuntimeApi runtime;
    private final ApiEndpoint.Action links;

    public RuntimeService(RuntimeApi runtime, ApiEndpoint.Action links) {
        this.runtime = runtime;
        this.links = links;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        return Stream.of(
                ApiEndpoint.tagged("Discovery", List.of(get("/services/haproxy/runtime", "getRuntimeEndpoints",
                        "Runtime API families", "Returns the Runtime API families.", "endpoints", links))),
                ApiEndpoint.tagged("Information", List.of(get("/services/haproxy/runtime/info", "getHaproxyProcessInfo",
                        "HAProxy process information",
                        "Returns HAProxy's show info for each process, read over the Runtime API.", "process_infos",
                        this::info)))).flatMap(List::stream).toList();
    }

    private void info(ServerRequest req, ServerResponse res) {
        try {
            String answer = runtime.execute("show info");
            String socket = runtime.endpoint().map(RuntimeApi.Endpoint::path).orElse("");
            Json.send(res, 200, List.of(new Models.ProcessInfoEntry(socket, ProcessInfo.parse(answer), null)));
        } catch (RuntimeApiException e) {
            Json.error(res, 500, e.getMessage());
        }
    }
}
