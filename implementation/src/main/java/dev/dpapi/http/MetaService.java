package dev.dpapi.http;

import static dev.dpapi.http.ApiEndpoint.get;
import static dev.dpapi.http.ApiEndpoint.tagged;

import dev.dpapi.BuildInfo;
import dev.dpapi.reload.Commands;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The API root, build information, health, the served OpenAPI document and the discovery links. */
final class MetaService implements ApiService {

    private final BuildInfo build;
    private final boolean showSystemInfo;
    private final Optional<String> statusCmd;
    private final Supplier<ApiRoutes> routes;
    private final String host;
    /** The OpenAPI 2.0 document: the routes are fixed once the server is built, so it is built once. */
    private volatile Map<String, Object> document;
    private volatile String specification;
    private volatile String specificationV3;
    private final Map<String, List<Models.Endpoint>> links = new ConcurrentHashMap<>();

    MetaService(BuildInfo build, boolean showSystemInfo, Optional<String> statusCmd, String host,
                Supplier<ApiRoutes> routes) {
        this.build = build;
        this.host = host;
        this.showSystemInfo = showSystemInfo;
        this.statusCmd = statusCmd;
        this.routes = routes;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        return Stream.of(
                tagged("Discovery", List.of(get("/", "getAPIEndpoints", "Endpoints below the API root",
                        "Returns the endpoints one level below the API root.", "endpoints", this::links))),
                tagged("Information", List.of(get("/info", "getInfo", "Build and host information",
                        "Returns the API version and build date; host facts when show_system_info is on.", "info",
                        this::info))),
                tagged("Health", List.of(get("/health", "getHealth", "Health of HAProxy",
                        "Runs the configured status command: up, down, or unknown when none is configured.", "health",
                        this::health))),
                tagged("Specification", List.of(get("/specification", "getSpecification",
                        "OpenAPI document of this API", "Returns this API's OpenAPI 2.0 document.", null,
                        this::specification))),
                tagged("SpecificationOpenapiv3", List.of(get("/specification_openapiv3", "getOpenapiv3Specification",
                        "OpenAPI 3 document of this API",
                        "Returns this API's OpenAPI 2.0 document converted to OpenAPI 3.", null, this::specificationV3))),
                tagged("Discovery", List.of(
                        get("/services", "getServices", "Managed services",
                                "Returns the services the API manages.", "endpoints", this::links),
                        get("/services/haproxy", "getHaproxyEndpoints", "HAProxy API families",
                                "Returns the HAProxy API families.", "endpoints", this::links))))
                .flatMap(List::stream).toList();
    }

    private void info(ServerRequest req, ServerResponse res) {
        Models.SystemInfo system = showSystemInfo ? SystemFacts.read() : Models.SystemInfo.EMPTY;
        Json.send(res, 200, new Models.Info(new Models.Api(build.date(), build.apiVersion()), system));
    }

    private void health(ServerRequest req, ServerResponse res) {
        String state = statusCmd.map(cmd -> Commands.run(cmd, Duration.ofSeconds(30)).succeeded() ? "up" : "down")
                .orElse("unknown");
        Json.send(res, 200, new Models.Health(state));
    }

    /** Also {@link Documentation#SPECIFICATION}'s handler: one document, wherever it is asked for. */
    void specification(ServerRequest req, ServerResponse res) {
        String spec = specification;
        if (spec == null) {
            spec = Json.write(document());
            specification = spec;
        }
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
        res.send(spec + "\n");
    }

    /** Converted on first use only: the converter's classes are not loaded at start. */
    private void specificationV3(ServerRequest req, ServerResponse res) {
        String spec = specificationV3;
        if (spec == null) {
            spec = OpenApiDocument.openApi3(document(), host);
            specificationV3 = spec;
        }
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
        res.send(spec + "\n");
    }

    private Map<String, Object> document() {
        Map<String, Object> doc = document;
        if (doc == null) {
            doc = OpenApiDocument.build(routes.get(), build);
            document = doc;
        }
        return doc;
    }

    /** Links to every GET endpoint exactly one path segment below the requested one. */
    void links(ServerRequest req, ServerResponse res) {
        String here = ApiRoutes.relative(req.path().absolute().rawPath()).replaceAll("/+$", "");
        Json.send(res, 200, links.computeIfAbsent(here, this::linksBelow));
    }

    /**
     * The routes are fixed once the server is built, so each path's links are worked out once. The root lists
     * itself too, as the official's prefix match of {@code /} does.
     */
    private List<Models.Endpoint> linksBelow(String here) {
        int depth = here.isEmpty() ? 0 : here.split("/").length - 1;
        return routes.get().endpoints().stream()
                .filter(e -> e.method() == Method.GET)
                .filter(e -> (here.isEmpty() && e.path().equals("/")) || (e.path().startsWith(here + "/")
                        && !e.path().equals(here + "/") && e.path().split("/").length - 1 == depth + 1))
                .map(e -> new Models.Endpoint(e.path(), e.summary(), e.description()))
                .toList();
    }
}
