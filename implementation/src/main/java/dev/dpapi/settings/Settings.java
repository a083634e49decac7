package dev.dpapi.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The resolved settings of one run: command-line flags over environment over settings file over defaults. */
public record Settings(
        Optional<Path> settingsFile,
        Listener listener,
        Auth auth,
        Haproxy haproxy,
        Transactions transactions,
        Resources resources,
        Logging logging,
        boolean showSystemInfo,
        boolean disableInotify,
        Optional<String> pidFile,
        Process process) {

    /** The user and group the process switches to at start (0: unchanged). */
    public record Process(int uid, int gid) {
    }

    /** The listeners ({@code http}, {@code https}, {@code unix}) and what every request must fit. */
    public record Listener(List<String> schemes, String host, int port, String socketPath, Limits limits, Tls tls,
                           Requests requests) {
    }

    /**
     * A listener's limits. A zero duration or count means none (no keep-alive for {@code keepAlive}).
     * {@code maxHeaderSize} and the timeouts of a stop are shared by all listeners.
     */
    public record Limits(int listenLimit, Duration readTimeout, Duration writeTimeout, Duration keepAlive,
                         Duration cleanupTimeout, Duration gracefulTimeout, long maxHeaderSize) {
    }

    /** The HTTPS listener; its limits are the plain listener's unless the {@code tls_*} ones are set. */
    public record Tls(Optional<String> host, int port, Optional<String> certificate, Optional<String> key,
                      Optional<String> ca, Limits limits) {
    }

    /**
     * What a request must fit: body sizes (storage uploads have their own, larger limit) and the browser
     * origins allowed to make changes besides the API's own.
     */
    public record Requests(long maxBodySize, long maxUploadSize, List<String> allowedOrigins) {
    }

    /** API users: from the settings file when it lists any, else from an HAProxy userlist. */
    public record Auth(List<User> users, String userlist, Optional<String> userlistFile) {
    }

    public record User(String name, String password, boolean insecure) {
        @Override
        public String toString() {
            return "User[name=" + name + ", insecure=" + insecure + "]"; // never the password
        }
    }

    public record Haproxy(Path configFile, String haproxyBin, Optional<String> masterRuntime,
                          boolean masterWorkerMode, Reload reload) {
    }

    public record Reload(int delaySeconds, Optional<String> reloadCmd, Optional<String> restartCmd,
                         Optional<String> statusCmd, Optional<String> serviceName, int retentionDays,
                         String strategy, Optional<String> validateCmd) {
    }

    public record Transactions(Path dir, int backupsNumber, Optional<Path> backupsDir, int maxOpen) {
    }

    public record Resources(Path mapsDir, Path sslCertsDir, Path generalStorageDir, Path spoeDir,
                            Path spoeTransactionDir) {
    }

    /** Where logs go: one or more targets, each taking the application's log, the access log, or both. */
    public record Logging(List<LogTarget> targets) {
    }

    /**
     * One log target: {@code to} is {@code stdout}, {@code file} or {@code syslog}; {@code types} holds {@code app}
     * and/or {@code access}; {@code accessFormat} is the Apache-style format of access lines.
     */
    public record LogTarget(String to, String file, String level, String format, Syslog syslog, List<String> types,
                            String accessFormat) {
    }

    /** A syslog destination: {@code protocol} is tcp, tcp4, tcp6, udp, udp4, udp6, unix or unixgram. */
    public record Syslog(String address, String protocol, String tag, String level, String facility) {
    }
}
