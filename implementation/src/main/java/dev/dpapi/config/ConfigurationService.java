package dev.dpapi.config;

import static dev.dpapi.http.ApiEndpoint.get;

import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** /services/haproxy/configuration: the managed haproxy.cfg, its version and its raw text. */
public final class ConfigurationService implements ApiService {

    private static final Pattern VERSION_LINE = Pattern.compile("(?m)^#\\s*_version\\s*=.*(\\r?\\n|$)");

    private final ConfigStore config;
    private final Handler links;

    public ConfigurationService(ConfigStore config, Handler links) {
        this.config = config;
        this.links = links;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param transaction = new ApiEndpoint.Param("transaction_id", "string", false,
                "read the configuration of this transaction");
        return List.of(
                get("/services/haproxy/configuration", "getConfigurationEndpoints",
                        "Return list of HAProxy configuration endpoints", "Returns the configuration families.",
                        "endpoints", links),
                get("/services/haproxy/configuration/version", "getConfigurationVersion",
                        "Return a configuration version", "Returns the version of haproxy.cfg as a bare integer.",
                        null, this::version, transaction),
                get("/services/haproxy/configuration/raw", "getHAProxyConfiguration",
                        "Return HAProxy configuration", "Returns haproxy.cfg as text, without its version line.",
                        null, this::raw, transaction,
                        new ApiEndpoint.Param("version", "integer", false, "read the backup of this version")));
    }

    /** No transactions exist yet (they come with the write API), so any id names a missing one. */
    private static boolean unknownTransaction(ServerRequest req, ServerResponse res) {
        var id = req.query().first("transaction_id").filter(s -> !s.isEmpty());
        id.ifPresent(t -> Json.error(res, 400, "20: Transaction " + t + " does not exist"));
        return id.isPresent();
    }

    private void version(ServerRequest req, ServerResponse res) {
        if (unknownTransaction(req, res)) {
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(config.version() + "\n");
    }

    private void raw(ServerRequest req, ServerResponse res) {
        if (unknownTransaction(req, res)) {
            return;
        }
        var backup = req.query().first("version").filter(s -> !s.isEmpty());
        if (backup.isPresent()) { // backups are not kept yet (backups_number 0)
            Json.error(res, 404, "30: backup file for version " + backup.get() + " does not exist");
            return;
        }
        ConfigText text = config.current();
        String data = VERSION_LINE.matcher(text.render()).replaceAll("");
        Json.send(res, 200, Map.of("_version", text.version(), "data", data));
    }
}
