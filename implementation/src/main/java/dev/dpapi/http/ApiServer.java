package dev.dpapi.http;

import dev.dpapi.BuildInfo;
import dev.dpapi.auth.ApiUsers;
import dev.dpapi.auth.BasicAuthProvider;
import dev.dpapi.config.ConfigStore;
import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.runtime.RuntimeService;
import dev.dpapi.settings.Settings;
import io.helidon.security.Security;
import io.helidon.webserver.WebServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Entry point of the http capability: assembles the API families behind authentication and starts listening. */
public final class ApiServer {

    private ApiServer() {
    }

    public static WebServer start(Settings settings, BuildInfo build, ConfigStore config, ApiUsers users,
                                  RuntimeApi runtime) {
        AtomicReference<ApiRoutes> routes = new AtomicReference<>();
        MetaService meta = new MetaService(build, settings.showSystemInfo(), settings.haproxy().reload().statusCmd(),
                routes::get);
        List<ApiService> services = new ArrayList<>();
        services.add(meta);
        services.add(new RuntimeService(runtime, meta::links));
        routes.set(new ApiRoutes(services));

        Security security = Security.builder()
                .addAuthenticationProvider(new BasicAuthProvider(users), "basic")
                .build();
        String host = settings.listener().host().isEmpty() ? "0.0.0.0" : settings.listener().host();
        return WebServer.builder()
                .host(host)
                .port(settings.listener().port())
                .routing(routing -> {
                    routing.addFilter(new AuthFilter(security, routes.get(), config));
                    services.forEach(s -> routing.register(ApiRoutes.BASE, s));
                    routing.any(new FallbackHandler(routes.get()));
                    routing.error(Exception.class, (req, res, e) -> Json.error(res, 500, String.valueOf(e.getMessage())));
                })
                .build()
                .start();
    }
}
