package dev.dpapi;

import dev.dpapi.auth.ApiUsers;
import dev.dpapi.auth.BasicAuthProvider;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.text.LastKnownGood;
import dev.dpapi.discovery.ServiceDiscovery;
import dev.dpapi.http.ApiServer;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.transactions.Transactions;
import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.settings.Settings;
import dev.dpapi.settings.SettingsException;
import dev.dpapi.settings.SettingsLoader;
import dev.dpapi.http.Json;
import dev.dpapi.logging.LastToCloseLogManager;
import dev.dpapi.logging.Logs;
import dev.dpapi.reload.Commands;
import dev.dpapi.reload.MasterCli;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** The {@code dataplaneapi} command. */
public final class DataplaneApi {

    private static final Logger LOG = Logger.getLogger("dataplaneapi");
    private static final Duration RUNTIME_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BIND_RETRY = Duration.ofSeconds(15);
    private static final String PROCESS_NAME = "dataplaneapi";
    /** Set by HAProxy for the programs its master runs. */
    private static final boolean UNDER_HAPROXY = "1".equals(System.getenv("HAPROXY_MWORKER"));

    private DataplaneApi() {
    }

    /** What one start built, and what its stop stops. */
    private record Instance(ConfigStore config, RuntimeApi runtime, ReloadAgent reloads, ApiServer.Running server) {
    }

    /** The instance serving now; none while a restart is between its stop and its start. */
    private static final AtomicReference<Instance> CURRENT = new AtomicReference<>();
    /** Held by a restart, so that two SIGHUPs restart one after the other (the shutdown hook never takes it). */
    private static final Object RESTARTS = new Object();
    /** Held by a stop, SIGTERM's or a restart's, from taking the current instance to its end. */
    private static final Object STOPS = new Object();

    public static void main(String[] args) {
        nameProcess();
        BuildInfo build = BuildInfo.load();
        // before the start: a signal that arrives while it runs (HAProxy's process manager sends SIGUSR1 at a reload)
        // must not take the JVM's default, which exits, nor be lost once the listeners answer
        Signals.install(
                () -> Optional.ofNullable(CURRENT.get()).ifPresent(i -> onSigusr1(i.config())),
                () -> Optional.ofNullable(CURRENT.get()).ifPresent(i -> rereadConfiguration(i.config())),
                () -> {
                    if (!firstStartDone) {
                        LOG.warning("SIGHUP during the start: ignored (the settings being read are the ones in force)");
                        return;
                    }
                    // not on the handler's thread: between the stop and the start, this thread alone keeps the JVM alive
                    Thread.ofPlatform().daemon(false).name("restart").start(() -> restart(args, build));
                });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(false);
            LastToCloseLogManager.closeAtExit();
        }, "shutdown"));
        CURRENT.set(start(args, build, ReloadAgent.History.NONE));
        firstStartDone = true;
    }

    /** Set once the first start is done: a SIGHUP before it has nothing to restart. */
    private static volatile boolean firstStartDone;

    /**
     * The start sequence, from the command line: settings (flags, settings file, environment), privileges, PID
     * file, logs, haproxy.cfg, users, reloads, transactions, then the listeners. Any problem exits 1 with its line.
     */
    private static Instance start(String[] args, BuildInfo build, ReloadAgent.History reloadHistory) {
        SettingsLoader.Outcome outcome;
        try {
            outcome = SettingsLoader.load(args, System.getenv(), build.versionText());
        } catch (SettingsException e) {
            exit(e.getMessage());
            return null;
        }
        if (outcome instanceof SettingsLoader.Exit done) {
            System.out.println(done.output().stripTrailing());
            System.exit(done.status());
        }
        SettingsLoader.Run run = (SettingsLoader.Run) outcome;
        run.warnings().forEach(w -> System.err.println("dataplaneapi: warning: " + w));
        if (!run.unsupported().isEmpty()) {
            exit("configuration error: " + run.unsupported().get(0));
        }
        Settings settings = run.settings();
        Privileges.switchTo(settings.process().uid(), settings.process().gid())
                .ifPresent(why -> exit("configuration error: " + why));
        settings.pidFile().ifPresent(DataplaneApi::claimPidFile);
        try {
            Logs.configure(settings.logging(), Json::write);
        } catch (IOException e) {
            exit(e.getMessage());
        } catch (IllegalArgumentException e) {
            exit("configuration error: " + e.getMessage());
        }

        Commands.Validation validation =
                new Commands.Validation(settings.haproxy().haproxyBin(), settings.haproxy().reload().validateCmd());
        validation.binaryProblem(RUNTIME_TIMEOUT).ifPresent(DataplaneApi::exit);
        ConfigStore config;
        Supplier<ApiUsers> users;
        try {
            Path configFile = settings.haproxy().configFile();
            config = ConfigStore.open(configFile, validation,
                    new ConfigStore.Backups(backupsDir(settings), settings.transactions().backupsNumber()),
                    !settings.disableInotify());
            users = ApiUsers.source(settings.auth(), config, System.getenv());
        } catch (IOException e) {
            exit(e.getMessage());
            return null;
        }
        RuntimeApi runtime = new RuntimeApi(() -> runtimeEndpoint(settings, config), RUNTIME_TIMEOUT);
        BasicAuthProvider auth = new BasicAuthProvider(users);
        Settings.Reload reload = settings.haproxy().reload();
        LastKnownGood lastKnownGood = LastKnownGood.start(config, backupsDir(settings));
        Optional<MasterCli> master = settings.haproxy().masterRuntime().map(socket -> new MasterCli(socket, RUNTIME_TIMEOUT));
        ReloadAgent reloads = new ReloadAgent(new ReloadAgent.Strategy(reload.reloadCmd().orElseThrow(),
                reload.restartCmd(), reload.statusCmd(), Duration.ofDays(reload.retentionDays()), master,
                settings.haproxy().masterWorkerMode()),
                ReloadAgent.tick(reload.delaySeconds(),
                Optional.ofNullable(System.getenv("CI_DATAPLANE_RELOAD_DELAY_OVERRIDE"))), lastKnownGood, reloadHistory);
        Transactions transactions = Transactions.open(settings.transactions().dir(), config,
                settings.transactions().maxOpen());
        ApiServer.Running server = listen(() -> ApiServer.start(settings, build, config, auth, runtime, reloads,
                transactions), settings);
        server.addresses().values().forEach(a -> LOG.info(() -> "Serving data plane at " + a));
        return new Instance(config, runtime, reloads, server);
    }

    /**
     * SIGHUP, as the official: an in-process restart. The current instance stops as SIGTERM stops it, except that
     * a reload it scheduled runs now; then the start sequence runs again on the same command line, so that flags,
     * settings file and environment are read again. Settings that have become invalid exit 1 with their error, as
     * the official's restart does.
     */
    private static void restart(String[] args, BuildInfo build) {
        synchronized (RESTARTS) {
            LOG.info("restarting: requests in flight may finish, then the settings are read again");
            ReloadAgent.History history = stop(true);
            try {
                CURRENT.set(start(args, build, history));
            } catch (RuntimeException e) { // nothing serves any more: exit rather than idle
                exit("cannot start again: " + e);
            }
        }
    }

    /**
     * SIGTERM, SIGINT, and the first half of SIGHUP: stop accepting, let requests in flight finish (within
     * graceful_timeout), stop the discovery, wait for a write of haproxy.cfg still under way, so that none is left
     * half done (and its reload is scheduled), then stop the reload ticker (a scheduled reload runs first with
     * {@code runScheduledReload}) and close the kept Runtime API connections.
     */
    private static ReloadAgent.History stop(boolean runScheduledReload) {
        // one stop at a time: a SIGTERM during a restart's stop waits for it to finish its drain and its reload
        // (a restart's start runs outside this lock, so that an exit there can run the shutdown hook)
        synchronized (STOPS) {
            Instance instance = CURRENT.getAndSet(null);
            if (instance == null) {
                return ReloadAgent.History.NONE; // a restart between its stop and its start: nothing runs
            }
            LOG.info("stopping: requests in flight may finish");
            instance.server().stop();
            synchronized (instance.config()) { // ConfigStore's writes hold its lock from the temp file to the rename
                LOG.fine("no write of haproxy.cfg under way");
            }
            ReloadAgent.History history = instance.reloads().stop(runScheduledReload);
            instance.runtime().close();
            LOG.info("stopped");
            return history;
        }
    }

    /** Where backups and the last known good copy go: backups_dir, else beside haproxy.cfg. */
    private static Path backupsDir(Settings settings) {
        return settings.transactions().backupsDir()
                .orElse(settings.haproxy().configFile().toAbsolutePath().getParent());
    }

    /**
     * Starts listening. Under HAProxy's process manager a predecessor may still hold the port while it stops
     * (see {@link #onSigusr1}), so a busy port is retried for a few seconds there.
     */
    private static ApiServer.Running listen(Supplier<ApiServer.Running> start, Settings settings) {
        long deadline = System.nanoTime() + (UNDER_HAPROXY ? BIND_RETRY.toNanos() : 0);
        while (true) {
            try {
                return start.get();
            } catch (ApiServer.ListenerException e) {
                exit(e.getMessage());
            } catch (ServiceDiscovery.InvalidDefinitions e) {
                exit("configuration error: " + e.getMessage());
            } catch (RuntimeException e) {
                if (!isAddressInUse(e)) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    exit("cannot listen on " + settings.listener().host() + ":" + settings.listener().port()
                            + ": address already in use");
                }
                sleep(200);
            }
        }
    }

    private static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /**
     * HAProxy's master sends SIGUSR1 to its programs when it reloads. When our program section lets HAProxy
     * start a new instance on reload, this one steps aside; otherwise it keeps running, as the official does.
     */
    private static void onSigusr1(ConfigStore config) {
        if (UNDER_HAPROXY && config.current().programRestartedOnReload(PROCESS_NAME)) {
            LOG.info("HAProxy is reloading and starts a new instance of this program: stopping");
            System.exit(0);
        }
        LOG.info("the Runtime API socket is looked up again at each call");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGUSR2: haproxy.cfg is parsed again now; users of its userlist follow it. */
    private static void rereadConfiguration(ConfigStore config) {
        try {
            config.reload();
        } catch (IOException e) {
            LOG.warning("SIGUSR2: keeping the current configuration: " + e.getMessage());
        }
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
            Files.writeString(Path.of("/proc/self/comm"), PROCESS_NAME, StandardCharsets.US_ASCII);
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux: the process keeps the JVM's name
        }
    }

    /**
     * Writes this process's PID to the PID file, unless the file names another process that is alive: then a second
     * instance is refused, as the official refuses it. A PID file that names no live process is taken over.
     */
    private static void claimPidFile(String file) {
        Path path = Path.of(file);
        try {
            String held = Files.exists(path) ? Files.readString(path).strip() : "";
            if (held.matches("\\d{1,18}")) {
                long pid = Long.parseLong(held);
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    exit("process with PID " + pid + " already exists");
                }
            }
            Files.writeString(path, ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            LOG.warning("cannot write PID file " + file + ": " + e.getMessage());
        }
    }

    private static void exit(String message) {
        if (Thread.holdsLock(RESTARTS)) { // a SIGHUP's restart: the log may be a file or syslog, the reason goes there too
            LOG.severe("restart after SIGHUP failed, exiting: " + message);
        }
        System.err.println("dataplaneapi: " + message);
        System.exit(1);
    }
}
