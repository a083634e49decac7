package dev.dpapi.http;

import dev.dpapi.BuildInfo;
import dev.dpapi.auth.BasicAuthProvider;
import dev.dpapi.config.ConfigStore;
import dev.dpapi.config.ChildrenService;
import dev.dpapi.config.SectionsService;
import dev.dpapi.config.ConfigurationService;
import dev.dpapi.config.Mutations;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.reload.ReloadsService;
import dev.dpapi.transactions.Transactions;
import dev.dpapi.transactions.TransactionsService;
import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.runtime.AclsService;
import dev.dpapi.runtime.MapsService;
import dev.dpapi.runtime.RuntimeService;
import dev.dpapi.runtime.ServersService;
import dev.dpapi.runtime.StatsService;
import dev.dpapi.runtime.StickTablesService;
import dev.dpapi.settings.Settings;
import dev.dpapi.storage.StorageService;
import io.helidon.security.Security;
import io.helidon.webserver.WebServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Entry point of the http capability: assembles the API families behind authentication and starts listening. */
public final class ApiServer {

    private ApiServer() {
    }

    public static WebServer start(Settings settings, BuildInfo build, ConfigStore config, BasicAuthProvider auth,
                                  RuntimeApi runtime, ReloadAgent reloads, Transactions transactions) {
        AtomicReference<ApiRoutes> routes = new AtomicReference<>();
        MetaService meta = new MetaService(build, settings.showSystemInfo(), settings.haproxy().reload().statusCmd(),
                routes::get);
        List<ApiService> services = new ArrayList<>();
        services.add(meta);
        services.add(new RuntimeService(runtime, meta::links));
        services.add(new ServersService(runtime));
        services.add(new StatsService(runtime, meta::links));
        services.add(new MapsService(runtime, settings.resources().mapsDir()));
        services.add(new AclsService(runtime));
        services.add(new StickTablesService(runtime, () -> config.current().render()));
        services.add(new StorageService(settings.resources().mapsDir(), settings.resources().sslCertsDir(),
                settings.resources().generalStorageDir(), reloads, runtime, () -> config.current().render(), meta::links));
        Mutations mutations = new Mutations(config, transactions, reloads, runtime);
        services.add(new ConfigurationService(config, mutations, reloads, meta::links));
        services.add(new SectionsService(mutations));
        services.add(new ChildrenService(mutations));
        services.add(new TransactionsService(transactions, reloads));
        services.add(new ReloadsService(reloads));
        routes.set(new ApiRoutes(services));

        Security security = Security.builder()
                .addAuthenticationProvider(auth, "basic")
                .build();
        String host = settings.listener().host().isEmpty() ? "0.0.0.0" : settings.listener().host();
        return WebServer.builder()
                .host(host)
                .port(settings.listener().port())
                .routing(routing -> {
                    routing.addFilter(new AuthFilter(security, routes.get(),
                            transaction -> transaction.map(transactions::versionOrZero).orElseGet(config::version)));
                    services.forEach(s -> routing.register(ApiRoutes.BASE, s));
                    routing.any(new FallbackHandler(routes.get()));
                    routing.error(Exception.class, (req, res, e) -> Json.error(res, 500, String.valueOf(e.getMessage())));
                })
                .build()
                .start();
    }
}
