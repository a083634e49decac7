package dev.dpapi.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.testcontainers.images.builder.Transferable;

/**
 * One implementation installed the guide's way (steps 1-3) on a fresh HAProxy container and started with the
 * suite's YAML settings ({@link Settings}), bound to loopback. Checks read its effects where they live: the file,
 * HAProxy's Runtime API, HAProxy's log of reloads.
 */
public final class Deployment implements AutoCloseable {

    /** The transaction limit of shared deployments: small, so that the limit check is quick. */
    public static final int SHARED_MAX_TRANSACTIONS = 5;

    private static final Map<String, Deployment> SHARED = new ConcurrentHashMap<>();

    public final Target target;
    public final HaproxyContainer<?> haproxy;
    public final ApiUnderTest api;
    public final Settings settings;

    private Deployment(Target target, HaproxyContainer<?> haproxy, ApiUnderTest api, Settings settings) {
        this.target = target;
        this.haproxy = haproxy;
        this.api = api;
        this.settings = settings;
    }

    /** A deployment on {@link Seed#haproxyConfig} plus {@code extraConfig}, with default settings. */
    public static Deployment start(Target target, String extraConfig) {
        return start(target, extraConfig, s -> s, c -> c);
    }

    /**
     * A deployment whose settings and container the caller may adjust (another reload command, a file placed
     * before the start...).
     */
    public static Deployment start(Target target, String extraConfig, UnaryOperator<Settings> settings,
                                   UnaryOperator<HaproxyContainer<?>> container) {
        return start(target, extraConfig, settings, container, "");
    }

    /** As above, with command-line flags after the settings file (e.g. {@code --scheme https ...}). */
    public static Deployment start(Target target, String extraConfig, UnaryOperator<Settings> settings,
                                   UnaryOperator<HaproxyContainer<?>> container, String flags) {
        int port = Seed.freePort();
        Settings s = settings.apply(Settings.onPort(port));
        HaproxyContainer<?> haproxy = container.apply(new HaproxyContainer<>(target.image())
                .withHaproxyConfig(Seed.haproxyConfig(Seed.freePort(), extraConfig)));
        haproxy.withCopyToContainer(Transferable.of(s.yaml()), Settings.PATH);
        try {
            haproxy.start();
            Report.current().fact(target, "HAProxy", haproxy.haproxyVersion());
            target.implementation().install(haproxy);
            ApiUnderTest api = ApiUnderTest.start(haproxy,
                    ("dataplaneapi -f " + Settings.PATH + " " + flags).strip(), port);
            return new Deployment(target, haproxy, api, s);
        } catch (RuntimeException | Error e) {
            haproxy.stop();
            throw e;
        }
    }

    /**
     * The deployment that the checks of {@code owner} share on {@code target} (started on first use with
     * {@code extraConfig}); {@link #stopShared(Class)} stops them when the class is done.
     */
    public static Deployment shared(Class<?> owner, Target target, String extraConfig) {
        String key = owner.getName() + "|" + target;
        Deployment d = SHARED.get(key);
        if (d == null) {
            d = start(target, extraConfig, s -> s.withMaxOpenTransactions(SHARED_MAX_TRANSACTIONS), c -> c);
            SHARED.put(key, d);
        }
        return d;
    }

    public static void stopShared(Class<?> owner) {
        SHARED.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(owner.getName() + "|")) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }

    public String config() {
        return haproxy.readFile(HaproxyContainer.CONFIG);
    }

    public String runtime(String command) {
        return haproxy.runtime(Seed.SOCKET, command);
    }

    public long version() {
        return api.configurationVersion();
    }

    /** Polls {@code condition} until it holds; fails saying what it waited for when the deadline passes. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
            }
            HaproxyContainer.pause(Duration.ofMillis(100));
        }
    }

    @Override
    public void close() {
        haproxy.stop();
    }

}
