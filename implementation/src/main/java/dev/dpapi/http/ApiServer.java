package dev.dpapi.http;

import dev.dpapi.BuildInfo;
import dev.dpapi.auth.BasicAuthProvider;
import dev.dpapi.cluster.ClusterService;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.http.configuration.ChildrenService;
import dev.dpapi.http.configuration.SectionsService;
import dev.dpapi.http.configuration.ConfigurationService;
import dev.dpapi.http.configuration.Mutations;
import dev.dpapi.discovery.ServiceDiscovery;
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
import dev.dpapi.spoe.SpoeService;
import dev.dpapi.sites.SitesService;
import dev.dpapi.storage.StorageService;
import io.helidon.common.configurable.Resource;
import io.helidon.common.socket.SocketOptions;
import io.helidon.common.tls.Tls;
import io.helidon.security.Security;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import jdk.net.ExtendedSocketOptions;

/**
 * Entry point of the http capability: assembles the API families behind authentication and starts the
 * listeners the settings ask for ({@code http}, {@code https}, {@code unix}), each with its limits.
 */
public final class ApiServer {

    /** TLS 1.2 and 1.3 with forward secrecy and AEAD ciphers only, as the official server restricts them. */
    static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> TLS_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final String[] TLS_GROUPS = {"x25519", "secp256r1"};

    /** A listener that could not start: the one line to print. */
    public static final class ListenerException extends RuntimeException {
        ListenerException(String message) {
            super(message);
        }
    }

    /**
     * The running server: its listeners by scheme ({@code http}, {@code https}, {@code unix}) and their address, and
     * the service discovery it started.
     */
    public record Running(WebServer server, Map<String, String> addresses, Optional<UnixListener> unix,
                          ServiceDiscovery discovery, Timeouts timeouts) {
        /**
         * Stops accepting, lets requests in flight finish within the graceful timeout, then closes; then stops
         * following the discovery definitions (after the requests, which may have changed them) and the requests'
         * deadline sweeper.
         */
        public void stop() {
            unix.ifPresent(UnixListener::close);
            server.stop();
            discovery.stop();
            timeouts.close();
        }
    }

    private ApiServer() {
    }

    public static Running start(Settings settings, BuildInfo build, ConfigStore config, BasicAuthProvider auth,
                                RuntimeApi runtime, ReloadAgent reloads, Transactions transactions) {
        AtomicReference<ApiRoutes> routes = new AtomicReference<>();
        MetaService meta = new MetaService(build, settings.showSystemInfo(), settings.haproxy().reload().statusCmd(),
                settings.listener().host(), routes::get);
        List<ApiService> services = new ArrayList<>();
        services.add(meta);
        services.add(new RuntimeService(runtime, meta::links));
        services.add(new ServersService(runtime));
        services.add(new StatsService(runtime, meta::links));
        services.add(new MapsService(runtime, settings.resources().mapsDir()));
        services.add(new AclsService(runtime));
        services.add(new StickTablesService(runtime, config::current));
        services.add(new StorageService(settings.resources().mapsDir(), settings.resources().sslCertsDir(),
                settings.resources().generalStorageDir(), reloads, runtime, () -> config.current().render(), meta::links));
        Mutations mutations = new Mutations(config, transactions, reloads, runtime);
        services.add(new ConfigurationService(config, mutations, reloads, runtime, meta::links));
        services.add(new SectionsService(mutations));
        services.add(new ChildrenService(mutations));
        services.add(new SitesService(mutations));
        services.add(new ClusterService());
        services.add(new TransactionsService(transactions, reloads));
        services.add(new ReloadsService(reloads));
        ServiceDiscovery discovery = ServiceDiscovery.start(settings.settingsFile(), config, runtime, reloads);
        services.add(discovery);
        services.add(new SpoeService(settings.resources().spoeDir(), settings.resources().spoeTransactionDir(),
                settings.transactions().maxOpen(), config, reloads, meta::links));
        routes.set(new ApiRoutes(services, Documentation.MEDIA_TYPES));

        Security security = Security.builder()
                .addAuthenticationProvider(auth, "basic")
                .build();
        Settings.Listener listener = settings.listener();
        boolean mutualTls = listener.schemes().contains("https") && listener.tls().ca().isPresent();
        AuthFilter authFilter = new AuthFilter(security, routes.get(), mutualTls,
                transaction -> transaction.map(transactions::versionOrZero).orElseGet(config::version), auth::usersInForce);
        Map<String, Settings.Limits> limitsBySocket = new HashMap<>();
        Function<String, Settings.Limits> limitsOf = socket -> limitsBySocket.getOrDefault(socket, listener.limits());
        Timeouts timeouts = new Timeouts(Stream.of(listener.limits(), listener.tls().limits())
                .flatMap(l -> Stream.of(l.readTimeout(), l.writeTimeout())));
        RequestGuard guard = new RequestGuard(routes.get(), listener.requests(), limitsOf, timeouts);
        HttpRouting.Builder routing = HttpRouting.builder();
        routing.addFilter(new AccessLogFilter());
        routing.addFilter(new DateHeader());
        routing.addFilter((chain, req, res) -> config.oneLookPer(chain::proceed));
        routing.addFilter(RequestGuard.keepAlive(limitsOf));
        routing.addFilter(new CorsFilter(routes.get(), listener.requests().allowedOrigins()));
        routing.addFilter(authFilter);
        routing.addFilter(guard);
        services.forEach(s -> routing.register(ApiRoutes.BASE + s.prefix(), s));
        routing.register(new Documentation(meta::specification));
        routing.any(new FallbackHandler(routes.get()));
        routing.error(RequestGuard.BodyTooLarge.class, (req, res, e) -> RequestGuard.tooLarge(res, e.limit));
        routing.error(Exception.class, (req, res, e) -> Json.error(res, 500, String.valueOf(e.getMessage())));

        // one listener per scheme, in the order given; the first is Helidon's default socket
        String host = listener.host().isEmpty() ? "0.0.0.0" : listener.host();
        List<String> names = List.copyOf(listener.schemes());
        WebServerConfig.Builder server = WebServer.builder();
        for (int i = 0; i < names.size(); i++) {
            String scheme = names.get(i);
            String socketName = i == 0 ? WebServer.DEFAULT_SOCKET_NAME : scheme;
            Settings.Limits limits = scheme.equals("https") ? listener.tls().limits() : listener.limits();
            limitsBySocket.put(socketName, limits);
            if (i == 0) {
                listen(server, scheme, listener, host, limits, timeouts).routing(routing);
            } else {
                server.putSocket(socketName, listen(ListenerConfig.builder(), scheme, listener, host, limits, timeouts)
                        .name(socketName).routing(routing).build());
            }
        }
        WebServer started = server.build().start();
        Map<String, String> addresses = new LinkedHashMap<>();
        Optional<UnixListener> unix = Optional.empty();
        for (int i = 0; i < names.size(); i++) {
            String name = i == 0 ? WebServer.DEFAULT_SOCKET_NAME : names.get(i);
            int port = started.port(name);
            switch (names.get(i)) {
                case "http" -> addresses.put("http", "http://" + host + ":" + port);
                case "https" -> addresses.put("https", "https://" + listener.tls().host().orElse(host) + ":" + port);
                default -> {
                    try {
                        unix = Optional.of(UnixListener.start(Path.of(listener.socketPath()), port));
                    } catch (IOException e) {
                        started.stop();
                        throw new ListenerException("cannot listen on unix socket " + listener.socketPath() + ": "
                                + e.getMessage());
                    }
                    addresses.put("unix", "unix:" + listener.socketPath());
                }
            }
        }
        discovery.followDefinitions(); // listening now: a start that could not bind asked no catalog
        return new Running(started, addresses, unix, discovery, timeouts);
    }

    /** Sets up the listener of a scheme; the unix one is a loopback port reached through the socket file. */
    private static <B extends ListenerConfig.BuilderBase<B, ?>> B listen(B socket, String scheme, Settings.Listener listener,
                                                                      String host, Settings.Limits limits,
                                                                      Timeouts timeouts) {
        return switch (scheme) {
            case "http" -> socket(socket, host, listener.port(), limits, timeouts);
            case "https" -> socket(socket, listener.tls().host().orElse(host), listener.tls().port(), limits, timeouts)
                    .tls(tls(listener.tls()));
            default -> socket(socket, "127.0.0.1", 0, limits, timeouts);
        };
    }

    private static <B extends ListenerConfig.BuilderBase<B, ?>> B socket(B socket, String host, int port,
                                                                      Settings.Limits limits, Timeouts timeouts) {
        Map<SocketOption<?>, Object> options = new HashMap<>();
        if (!limits.keepAlive().isZero()) {
            options.put(StandardSocketOptions.SO_KEEPALIVE, true);
            options.put(ExtendedSocketOptions.TCP_KEEPIDLE, (int) Math.max(1, limits.keepAlive().toSeconds()));
        }
        int headers = (int) Math.min(Integer.MAX_VALUE, limits.maxHeaderSize());
        Duration idle = limits.cleanupTimeout().isZero() ? Duration.ofDays(365) : limits.cleanupTimeout();
        if (!limits.readTimeout().isZero() && limits.readTimeout().compareTo(idle) < 0) {
            // Helidon's idle check also closes a connection whose request line is still arriving: a request line
            // sent a byte at a time is cut after the read timeout (a silent one already is, by the socket's)
            idle = limits.readTimeout();
        }
        return socket
                .host(host)
                .port(port)
                .maxTcpConnections(limits.listenLimit() > 0 ? limits.listenLimit() : -1)
                .maxPayloadSize(-1) // bodies are limited by RequestGuard, per path
                .shutdownGracePeriod(limits.gracefulTimeout())
                .idleConnectionTimeout(idle)
                .idleConnectionPeriod(idle.compareTo(Duration.ofSeconds(4)) < 0 ? Duration.ofMillis(250) : idle.dividedBy(4))
                .connectionOptions(SocketOptions.builder()
                        .readTimeout(limits.readTimeout())
                        .socketOptions(options)
                        .build())
                .addProtocol(http1(limits, headers, timeouts));
    }

    private static Http1Config http1(Settings.Limits limits, int maxHeaderSize, Timeouts timeouts) {
        Http1Config.Builder http1 = Http1Config.builder().maxHeadersSize(maxHeaderSize).maxPrologueLength(maxHeaderSize);
        if (!limits.readTimeout().isZero()) {
            http1.addReceiveListener(new HeaderDeadline(limits.readTimeout(), timeouts));
        }
        return http1.build();
    }

    private static Tls tls(Settings.Tls tls) {
        Path certificate = readable("TLS certificate", tls.certificate().orElseThrow());
        Path key = readable("TLS key", tls.key().orElseThrow());
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(TLS_PROTOCOLS.toArray(String[]::new));
        parameters.setCipherSuites(TLS_SUITES.toArray(String[]::new));
        parameters.setNamedGroups(TLS_GROUPS);
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(tls.ca().isPresent());
        try {
            var builder = Tls.builder()
                    .sslParameters(parameters)
                    .enabledCipherSuites(TLS_SUITES)
                    .privateKey(k -> k.pem(pem -> pem.key(Resource.create(key))))
                    .privateKeyCertChain(k -> k.pem(pem -> pem.certChain(Resource.create(certificate))));
            if (tls.ca().isPresent()) {
                Path ca = readable("TLS CA certificate", tls.ca().get());
                builder.trust(k -> k.pem(pem -> pem.certificates(Resource.create(ca))))
                        .clientAuth(io.helidon.common.tls.TlsClientAuth.REQUIRED);
            }
            return builder.build();
        } catch (RuntimeException e) {
            throw new ListenerException("cannot use TLS certificate " + certificate + " and key " + key + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static Path readable(String what, String file) {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new ListenerException("cannot read " + what + " " + file);
        }
        return path;
    }
}
