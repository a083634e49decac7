package dev.dpapi.config;

import static dev.dpapi.http.ApiEndpoint.get;

import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.reload.ReloadsService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** /services/haproxy/configuration: the managed haproxy.cfg, its version and its raw text. */
public final class ConfigurationService implements ApiService {

    private static final Pattern VERSION_LINE = Pattern.compile("(?m)^#\\s*_version\\s*=.*(\\r?\\n|$)");

    private final ConfigStore config;
    private final Mutations mutations;
    private final ReloadAgent reloads;
    private final Handler links;

    public ConfigurationService(ConfigStore config, Mutations mutations, ReloadAgent reloads, Handler links) {
        this.config = config;
        this.mutations = mutations;
        this.reloads = reloads;
        this.links = links;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param transaction = new ApiEndpoint.Param("transaction_id", "string", false,
                "read the configuration of this transaction");
        return List.of(
                get("/services/haproxy/configuration", "getConfigurationEndpoints",
                        "Configuration families", "Returns the configuration families.",
                        "endpoints", links),
                get("/services/haproxy/configuration/version", "getConfigurationVersion",
                        "Configuration version", "Returns the version of haproxy.cfg as a bare integer.",
                        null, this::version, transaction),
                get("/services/haproxy/configuration/raw", "getHAProxyConfiguration",
                        "haproxy.cfg as text", "Returns haproxy.cfg as text, without its version line.",
                        null, this::raw, transaction,
                        new ApiEndpoint.Param("version", "integer", false, "read the backup of this version")),
                new ApiEndpoint(Method.POST, "/services/haproxy/configuration/raw", "postHAProxyConfiguration",
                        "Replace haproxy.cfg",
                        "Replaces haproxy.cfg with the posted text (text/plain, or a JSON string) once HAProxy accepts it.",
                        List.of(new ApiEndpoint.Param("version", "integer", false, "version the text replaces"),
                                new ApiEndpoint.Param("skip_version", "boolean", false, "no version check or bump"),
                                new ApiEndpoint.Param("skip_reload", "boolean", false, "do not reload"),
                                new ApiEndpoint.Param("only_validate", "boolean", false, "only validate the text"),
                                new ApiEndpoint.Param("force_reload", "boolean", false, "reload before answering")),
                        202, null, this::postRaw));
    }

    private void version(ServerRequest req, ServerResponse res) {
        ConfigText text = mutations.readOrAnswer(req, res);
        if (text != null) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(text.version() + "\n");
        }
    }

    private void postRaw(ServerRequest req, ServerResponse res) {
        String text = req.content().as(String.class);
        if (req.headers().contentType().map(t -> t.mediaType().subtype().equals("json")).orElse(false)) {
            try {
                text = Json.MAPPER.readValue(text, String.class);
            } catch (Exception e) {
                Json.error(res, 400, "parsing data body from \"\" failed, because " + e.getMessage().lines().findFirst().orElse(""));
                return;
            }
        }
        if (!text.isEmpty() && text.indexOf('\n') < 0) {
            Json.error(res, 400, "invalid configuration: no newline character found");
            return;
        }
        var query = req.query();
        boolean force = flag(req, "force_reload");
        try {
            if (flag(req, "only_validate")) {
                config.validateOnly(text);
                Json.send(res, 202, text);
                return;
            }
            ConfigText posted = ConfigText.parse(text);
            List<String> problems = posted.problems();
            if (!problems.isEmpty()) {
                Json.error(res, 400, "invalid configuration: " + problems.get(0));
                return;
            }
            if (flag(req, "skip_version")) {
                config.replaceUnchecked(posted);
            } else {
                Optional<String> version = query.first("version").filter(v -> !v.isEmpty() && !v.equals("0"));
                if (version.isEmpty()) {
                    Json.error(res, 400, "13: version or transaction not specified, specify only one");
                    return;
                }
                // a version line in the text wins over the parameter, as the official prepends and re-reads it
                long expected = posted.declaredVersion().orElse(Long.parseLong(version.get()));
                config.commit(expected, current -> posted);
            }
        } catch (NumberFormatException e) {
            Json.error(res, 422, "version in query must be of type int64");
            return;
        } catch (ConfigException e) {
            Json.error(res, e.status(), e.getMessage());
            return;
        }
        if (flag(req, "skip_reload")) {
            Json.send(res, 201, text);
        } else {
            ReloadsService.answer(res, reloads.after(force), 201, text);
        }
    }

    private static boolean flag(ServerRequest req, String name) {
        return req.query().first(name).map(Boolean::parseBoolean).orElse(false);
    }

    private void raw(ServerRequest req, ServerResponse res) {
        ConfigText text = mutations.readOrAnswer(req, res);
        if (text == null) {
            return;
        }
        var backup = req.query().first("version").filter(s -> !s.isEmpty());
        if (backup.isPresent()) {
            Optional<String> kept = Field.parseLong(backup.get()).flatMap(config::backup);
            if (kept.isEmpty()) {
                Json.error(res, 404, "30: backup file for version " + backup.get() + " does not exist");
            } else {
                Json.send(res, 200, Map.of("_version", Long.parseLong(backup.get()),
                        "data", VERSION_LINE.matcher(kept.get()).replaceAll("")));
            }
            return;
        }
        String data = VERSION_LINE.matcher(text.render()).replaceAll("");
        Json.send(res, 200, Map.of("_version", text.version(), "data", data));
    }
}
