package dev.dpapi;

import dev.dpapi.auth.ApiUsers;
import dev.dpapi.config.ConfigStore;
import dev.dpapi.http.ApiServer;
import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.settings.Settings;
import dev.dpapi.settings.SettingsException;
import dev.dpapi.settings.SettingsLoader;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/** The {@code dataplaneapi} command. */
public final class DataplaneApi {

    private static final Logger LOG = Logger.getLogger("dataplaneapi");
    private static final Duration RUNTIME_TIMEOUT = Duration.ofSeconds(30);
    /** Helidon's wire dumps print request headers, Authorization included: silenced at every level. */
    private static final Logger WIRE_DUMPS = Logger.getLogger("io.helidon.webserver.http1.Http1LoggingConnectionListener");

    private DataplaneApi() {
    }

    public static void main(String[] args) {
        nameProcess();
        BuildInfo build = BuildInfo.load();
        SettingsLoader.Outcome outcome;
        try {
            outcome = SettingsLoader.load(args, System.getenv(), build.versionText());
        } catch (SettingsException e) {
            exit(e.getMessage());
            return;
        }
        if (outcome instanceof SettingsLoader.Exit done) {
            System.out.println(done.output().stripTrailing());
            System.exit(done.status());
        }
        SettingsLoader.Run run = (SettingsLoader.Run) outcome;
        run.warnings().forEach(w -> System.err.println("dataplaneapi: warning: " + w));
        Settings settings = run.settings();
        configureLogging(settings.logging());

        ConfigStore config;
        ApiUsers users;
        try {
            config = ConfigStore.open(settings.haproxy().configFile());
            users = ApiUsers.load(settings.auth(), settings.haproxy().configFile(), System.getenv());
        } catch (IOException e) {
            exit(e.getMessage());
            return;
        }
        RuntimeApi runtime = new RuntimeApi(() -> runtimeEndpoint(settings, config), RUNTIME_TIMEOUT);
        WebServer server = ApiServer.start(settings, build, config, users, runtime);
        settings.pidFile().ifPresent(DataplaneApi::writePid);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shutdown"));
        LOG.info(() -> "Serving data plane at http://" + (settings.listener().host().isEmpty() ? "0.0.0.0" : settings.listener().host()) + ":" + server.port());
    }

    private static Optional<RuntimeApi.Endpoint> runtimeEndpoint(Settings settings, ConfigStore config) {
        Optional<String> master = settings.haproxy().masterRuntime();
        if (master.isPresent()) {
            return Optional.of(new RuntimeApi.Endpoint(master.get(), true));
        }
        return config.current().statsSocketPath().map(path -> new RuntimeApi.Endpoint(path, false));
    }

    /** Ops scripts find the process as "dataplaneapi" (ps -o comm, pgrep, pkill), not as "java". */
    private static void nameProcess() {
        try {
            Files.writeString(Path.of("/proc/self/comm"), "dataplaneapi", StandardCharsets.US_ASCII);
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux: the process keeps the JVM's name
        }
    }

    private static void writePid(String file) {
        try {
            Files.writeString(Path.of(file), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            LOG.warning("cannot write PID file " + file + ": " + e.getMessage());
        }
    }

    private static void configureLogging(Settings.Logging logging) {
        Level level = switch (logging.level().toLowerCase()) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "error" -> Level.SEVERE;
            default -> Level.WARNING;
        };
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT%1$tz %4$s %3$s: %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        StreamHandler console = new StreamHandler(System.out, new SimpleFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        console.setLevel(level);
        root.addHandler(console);
        root.setLevel(level);
        LOG.setLevel(level);
        WIRE_DUMPS.setLevel(Level.OFF);
    }

    private static void exit(String message) {
        System.err.println("dataplaneapi: " + message);
        System.exit(1);
    }
}
