package dev.dpapi.settings;

import dev.dpapi.settings.Setting.Type;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the settings capability: turns the command line, the environment and the settings
 * file into {@link Settings}, with the official precedence (flag or its environment variable, then
 * file, then default).
 */
public final class SettingsLoader {

    static final Path DEFAULT_SETTINGS_FILE = Path.of("/etc/haproxy/dataplaneapi.yaml");

    private static final Map<String, Setting> BY_PATH = SettingsTable.ALL.stream()
            .collect(Collectors.toMap(Setting::path, Function.identity(), (a, b) -> a, LinkedHashMap::new));

    /** What the command line asks for: a run with these settings, or printing something and exiting. */
    public sealed interface Outcome permits Run, Exit {
    }

    /**
     * Settings to run with. {@code unsupported} names the settings given a value this server cannot honour,
     * one line each: the start must stop on the first rather than ignore it.
     */
    public record Run(Settings settings, List<String> warnings, List<String> unsupported) implements Outcome {
    }

    public record Exit(int status, String output) implements Outcome {
    }

    private SettingsLoader() {
    }

    public static Outcome load(String[] args, Map<String, String> env, String versionText) throws SettingsException {
        CommandSpec spec = commandSpec(versionText);
        ParseResult parsed;
        try {
            parsed = new CommandLine(spec).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new SettingsException(e.getMessage() + " (see --help)");
        }
        if (parsed.isUsageHelpRequested()) {
            return new Exit(0, spec.commandLine().getUsageMessage());
        }
        if (parsed.isVersionHelpRequested()) {
            return new Exit(0, versionText);
        }

        List<String> warnings = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        Optional<Path> file = settingsFile(parsed);
        if (file.isPresent() && !Files.exists(file.get(), LinkOption.NOFOLLOW_LINKS)) {
            // the official starts on its flags and defaults too (and writes the file); this server never writes it
            warnings.add("configuration file " + file.get() + " does not exist: running on the command line, the "
                    + "environment and the defaults (this server does not create it)");
        } else if (file.isPresent()) {
            SettingsFile read = SettingsFile.read(file.get());
            flatten("", read.tree(), read, values, warnings);
            convertAll(values, read);
        }
        for (Setting s : SettingsTable.ALL) {
            if (s.env() != null && env.getOrDefault(s.env(), "").length() > 0) {
                values.put(s.path(), convert(s, env.get(s.env()), "environment variable " + s.env()));
            }
        }
        for (Setting s : SettingsTable.ALL) {
            if (!s.flags().isEmpty() && parsed.hasMatchedOption(s.flags().get(0))) {
                values.put(s.path(), parsed.matchedOptionValue(s.flags().get(0), null));
            }
        }
        masterCliOfHaproxy(env).ifPresent(socket -> values.putIfAbsent("haproxy.master_runtime", socket));
        Values resolved = new Values(values);
        Settings settings = build(resolved, file);
        checkDeclaredByHaproxy(env, settings, warnings);
        return new Run(settings, warnings, unsupported(resolved));
    }

    /**
     * Run by HAProxy, whose {@code HAPROXY_CFGFILES} lists the files it loaded: the file this API edits (and the
     * userlist file it reads users from) must be among them, or HAProxy would not run what the API writes. Entries
     * the API does not use are warned about, as the official does.
     */
    private static void checkDeclaredByHaproxy(Map<String, String> env, Settings settings, List<String> warnings)
            throws SettingsException {
        String declared = env.getOrDefault("HAPROXY_CFGFILES", "");
        if (declared.isEmpty()) {
            return;
        }
        String config = settings.haproxy().configFile().toString();
        Optional<String> userlist = settings.auth().userlistFile();
        boolean configDeclared = false;
        boolean userlistDeclared = false;
        for (String f : declared.split(";")) {
            boolean used = false;
            if (f.equals(config)) {
                configDeclared = used = true;
            }
            if (userlist.isPresent() && f.equals(userlist.get())) {
                userlistDeclared = used = true;
            }
            if (!used) {
                warnings.add("The configuration file " + f + " in HAPROXY_CFGFILES is not used. "
                        + "Please verify the flags passed to HAProxy Data Plane API.");
            }
        }
        if (!configDeclared) {
            throw new SettingsException(notDeclared("configuration"));
        }
        if (userlist.isPresent() && !userlistDeclared) {
            throw new SettingsException(notDeclared("userlist"));
        }
    }

    private static String notDeclared(String which) {
        return "The " + which + " file is not declared in the HAPROXY_CFGFILES environment variable, cannot start.";
    }

    /**
     * Run as a program of HAProxy's master ({@code HAPROXY_MWORKER=1}), the master's CLI socket it exports
     * ({@code HAPROXY_MASTER_CLI=unix@<path>}, the first unix one) is the master runtime, as the official takes it.
     */
    private static Optional<String> masterCliOfHaproxy(Map<String, String> env) {
        if (!"1".equals(env.get("HAPROXY_MWORKER")) || env.get("HAPROXY_MASTER_CLI") == null) {
            return Optional.empty();
        }
        for (String address : env.get("HAPROXY_MASTER_CLI").split(";")) {
            if (address.startsWith("unix@") && address.length() > "unix@".length()) {
                return Optional.of(address.substring("unix@".length()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> settingsFile(ParseResult parsed) {
        if (parsed.hasMatchedOption("-f")) {
            String f = parsed.matchedOptionValue("-f", "");
            return f.isEmpty() ? Optional.empty() : Optional.of(Path.of(f)); // -f "" means no file at all
        }
        return Files.exists(DEFAULT_SETTINGS_FILE) ? Optional.of(DEFAULT_SETTINGS_FILE) : Optional.empty();
    }

    private static CommandSpec commandSpec(String versionText) {
        CommandSpec spec = CommandSpec.create().name("dataplaneapi").version(versionText);
        spec.usageMessage().description("Data Plane API for HAProxy: edits haproxy.cfg, reloads HAProxy and "
                + "talks to its Runtime API over REST.");
        spec.addOption(OptionSpec.builder("-f").paramLabel("FILE").type(String.class)
                .description("settings file, HCL or YAML (default " + DEFAULT_SETTINGS_FILE + " when it exists)").build());
        for (Setting s : SettingsTable.ALL) {
            if (s.flags().isEmpty()) {
                continue;
            }
            OptionSpec.Builder option = OptionSpec.builder(s.flags().toArray(String[]::new))
                    .description((s.description() + (s.defaultValue() == null ? "" : " (default " + s.defaultValue() + ")")
                            + (s.env() == null ? "" : " [$" + s.env() + "]")).replace("%", "%%")); // picocli formats it
            switch (s.type()) {
                case STRING -> option.type(String.class).paramLabel("VALUE");
                case INT -> option.type(int.class).paramLabel("N");
                case BOOL -> option.type(boolean.class);
                case STRINGS -> option.type(List.class).auxiliaryTypes(String.class).paramLabel("VALUE");
            }
            spec.addOption(option.build());
        }
        spec.addOption(OptionSpec.builder("-v", "--version").versionHelp(true).description("print the version and exit").build());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("print this help and exit").build());
        return spec;
    }

    /** Collects known keys of the file tree by path; anything else is reported and ignored. */
    private static void flatten(String prefix, Map<?, ?> tree, SettingsFile file, Map<String, Object> out,
                                List<String> warnings) {
        for (Map.Entry<?, ?> e : tree.entrySet()) {
            String key = String.valueOf(e.getKey());
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (BY_PATH.containsKey(path) || SettingsTable.STRUCTURES.contains(path)) {
                out.put(path, e.getValue());
            } else if (e.getValue() instanceof Map<?, ?> block && isBlock(path)) {
                flatten(path, block, file, out, warnings);
            } else {
                warnings.add(file.where(key) + ": unknown setting '" + path + "' ignored");
            }
        }
    }

    private static boolean isBlock(String path) {
        String prefix = path + ".";
        return BY_PATH.keySet().stream().anyMatch(p -> p.startsWith(prefix))
                || SettingsTable.STRUCTURES.stream().anyMatch(p -> p.startsWith(prefix));
    }

    private static void convertAll(Map<String, Object> values, SettingsFile file) throws SettingsException {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Setting s = BY_PATH.get(e.getKey());
            if (s != null) {
                e.setValue(convert(s, e.getValue(), file.where(s.key())));
            } else if (e.getKey().equals("dataplaneapi.user")) {
                e.setValue(users(e.getValue(), file));
            }
        }
    }

    private static Object convert(Setting s, Object raw, String where) throws SettingsException {
        if (raw == null || "null".equals(raw)) {
            return null; // the official example files write "null" for unset values
        }
        try {
            return switch (s.type()) {
                case STRING -> raw instanceof Number n ? plainNumber(n) : raw.toString();
                case INT -> raw instanceof Number n ? Math.toIntExact(Math.round(n.doubleValue()))
                        : Integer.parseInt(raw.toString().strip());
                case BOOL -> raw instanceof Boolean b ? b : parseBool(raw.toString());
                case STRINGS -> raw instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                        : List.of(raw.toString().split(","));
            };
        } catch (RuntimeException e) {
            throw new SettingsException(where + ": setting '" + s.path() + "' must be " + typeName(s.type())
                    + ", got '" + raw + "'");
        }
    }

    private static List<Settings.User> users(Object raw, SettingsFile file) throws SettingsException {
        List<Settings.User> users = new ArrayList<>();
        if (raw instanceof Map<?, ?> byName) { // HCL: user "name" { ... }
            for (Map.Entry<?, ?> e : byName.entrySet()) {
                users.add(user(String.valueOf(e.getKey()), e.getValue(), file));
            }
        } else if (raw instanceof List<?> list) { // YAML: - name: ...
            for (Object item : list) {
                Object name = item instanceof Map<?, ?> m ? m.get("name") : null;
                if (name == null) {
                    throw new SettingsException(file.where("user") + ": every user needs a name");
                }
                users.add(user(name.toString(), item, file));
            }
        } else if (raw != null) {
            throw new SettingsException(file.where("user") + ": 'user' must be a list of users");
        }
        return List.copyOf(users);
    }

    private static Settings.User user(String name, Object raw, SettingsFile file) throws SettingsException {
        if (!(raw instanceof Map<?, ?> attributes) || attributes.get("password") == null) {
            throw new SettingsException(file.where(name) + ": user '" + name + "' needs a password");
        }
        Object insecure = attributes.get("insecure");
        boolean plain = insecure instanceof Boolean b ? b : insecure != null && parseBool(insecure.toString());
        return new Settings.User(name, attributes.get("password").toString(), plain);
    }

    private static boolean parseBool(String s) {
        return switch (s.strip().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException(s);
        };
    }

    private static String plainNumber(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) ? Long.toString((long) d) : n.toString();
    }

    private static String typeName(Type type) {
        return switch (type) {
            case STRING -> "a string";
            case INT -> "a whole number";
            case BOOL -> "true or false";
            case STRINGS -> "a list of strings";
        };
    }

    private static Settings build(Values v, Optional<Path> file) throws SettingsException {
        String strategy = v.string("haproxy.reload.reload_strategy");
        Settings.Reload reload = reload(v, strategy);
        return new Settings(
                file,
                listener(v),
                new Settings.Auth(v.users(), v.string("dataplaneapi.userlist.userlist"),
                        v.optional("dataplaneapi.userlist.userlist_file")),
                new Settings.Haproxy(Path.of(v.string("haproxy.config_file")), v.string("haproxy.haproxy_bin"),
                        v.optional("haproxy.master_runtime"), v.bool("haproxy.master_worker_mode"), reload),
                new Settings.Transactions(Path.of(v.string("dataplaneapi.transaction.transaction_dir")),
                        v.integer("dataplaneapi.transaction.backups_number"),
                        v.optional("dataplaneapi.transaction.backups_dir").map(Path::of),
                        v.integer("dataplaneapi.transaction.max_open_transactions")),
                new Settings.Resources(Path.of(v.string("dataplaneapi.resources.maps_dir")),
                        Path.of(v.string("dataplaneapi.resources.ssl_certs_dir")),
                        Path.of(v.string("dataplaneapi.resources.general_storage_dir")),
                        Path.of(v.string("dataplaneapi.resources.spoe_dir")),
                        Path.of(v.string("dataplaneapi.resources.spoe_transaction_dir"))),
                logging(v),
                v.bool("dataplaneapi.show_system_info"),
                v.bool("dataplaneapi.disable_inotify"),
                v.optional("dataplaneapi.pid_file"),
                new Settings.Process(v.integer("dataplaneapi.uid"), v.integer("dataplaneapi.gid")));
    }

    private static Settings.Listener listener(Values v) throws SettingsException {
        List<String> schemes = v.strings("dataplaneapi.scheme");
        for (String scheme : schemes) {
            if (!List.of("http", "https", "unix").contains(scheme)) {
                throw new SettingsException("configuration error: invalid scheme '" + scheme
                        + "': the listeners are http, https and unix");
            }
        }
        Settings.Limits plain = new Settings.Limits(v.integer("dataplaneapi.listen_limit"),
                v.duration("dataplaneapi.read_timeout"), v.duration("dataplaneapi.write_timeout"),
                v.duration("dataplaneapi.keep_alive"), v.duration("dataplaneapi.cleanup_timeout"),
                v.duration("dataplaneapi.graceful_timeout"), v.size("dataplaneapi.max_header_size"));
        int tlsListenLimit = v.integer("dataplaneapi.tls.tls_listen_limit");
        Settings.Limits tls = new Settings.Limits(tlsListenLimit > 0 ? tlsListenLimit : plain.listenLimit(),
                v.has("dataplaneapi.tls.tls_read_timeout") ? v.duration("dataplaneapi.tls.tls_read_timeout") : plain.readTimeout(),
                v.has("dataplaneapi.tls.tls_write_timeout") ? v.duration("dataplaneapi.tls.tls_write_timeout") : plain.writeTimeout(),
                v.has("dataplaneapi.tls.tls_keep_alive") ? v.duration("dataplaneapi.tls.tls_keep_alive") : plain.keepAlive(),
                plain.cleanupTimeout(), plain.gracefulTimeout(), plain.maxHeaderSize());
        Settings.Tls https = new Settings.Tls(v.optional("dataplaneapi.tls.tls_host"), v.integer("dataplaneapi.tls.tls_port"),
                v.optional("dataplaneapi.tls.tls_certificate"), v.optional("dataplaneapi.tls.tls_key"),
                v.optional("dataplaneapi.tls.tls_ca"), tls);
        if (schemes.contains("https")) {
            List<String> missing = new ArrayList<>();
            if (https.certificate().isEmpty()) {
                missing.add("`--tls-certificate`");
            }
            if (https.key().isEmpty()) {
                missing.add("`--tls-key`");
            }
            if (missing.size() == 1) {
                throw new SettingsException("the required flag " + missing.get(0) + " was not specified");
            }
            if (missing.size() == 2) {
                throw new SettingsException("the required flags " + String.join(" and ", missing) + " were not specified");
            }
        }
        Settings.Requests requests = new Settings.Requests(v.size("dataplaneapi.max_body_size"),
                v.size("dataplaneapi.max_upload_size"), v.strings("dataplaneapi.allowed_origins"));
        return new Settings.Listener(schemes, v.string("dataplaneapi.host"), v.integer("dataplaneapi.port"),
                v.string("dataplaneapi.socket_path"), plain, https, requests);
    }

    /** Settings given a value this server cannot honour: each is one line saying which and why. */
    private static List<String> unsupported(Values v) {
        List<String> refused = new ArrayList<>();
        if (v.bool("haproxy.master_worker_mode") && !v.has("haproxy.master_runtime")) {
            refused.add("master_worker_mode: reloads go through HAProxy's master CLI, so master_runtime (-m) must name "
                    + "its socket");
        }
        if (v.string("mode").equals("cluster") || v.has("cluster.bootstrap_key")) {
            refused.add("mode: cluster mode is not supported");
        }
        for (String dir : List.of("maps_dir", "ssl_certs_dir", "general_storage_dir", "spoe_dir")) {
            if (v.string("dataplaneapi.resources." + dir).isEmpty()) { // the official refuses it too
                refused.add(dir + ": must name a directory, not be empty");
            }
        }
        if (v.isNonEmpty("service_discovery")) {
            refused.add("service_discovery: not read from the settings file, which is never rewritten: put the block in "
                    + "<settings file name>.service_discovery.yaml beside it, where definitions made through "
                    + "/v2/service_discovery are kept");
        }
        return refused;
    }

    private static final List<String> LOG_TO = List.of("stdout", "file", "syslog");
    private static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warning", "error");
    private static final List<String> SYSLOG_PROTOCOLS = List.of("tcp", "tcp4", "tcp6", "udp", "udp4", "udp6",
            "unix", "unixgram");
    private static final List<String> SYSLOG_LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice",
            "info", "debug");
    private static final List<String> SYSLOG_FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog",
            "lpr", "news", "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7");

    /**
     * The log targets: {@code log_targets} when it lists any, else the {@code log} block as one target taking
     * both the application's log and the access log, as the official reads them.
     */
    private static Settings.Logging logging(Values v) throws SettingsException {
        String accessFormat = v.string("log.apache_common_log_format");
        Object listed = v.byPath().get("log_targets");
        if (!Values.hasEntries(listed)) {
            Settings.Syslog syslog = new Settings.Syslog(v.string("log.syslog.syslog_address"),
                    v.string("log.syslog.syslog_protocol"), v.string("log.syslog.syslog_tag"),
                    v.string("log.syslog.syslog_level"), v.string("log.syslog.syslog_facility"));
            return new Settings.Logging(List.of(logTarget("log", v.string("log.log_to"), v.string("log.log_file"),
                    v.string("log.log_level"), v.string("log.log_format"), syslog, List.of("app", "access"), accessFormat)));
        }
        List<?> entries = listed instanceof List<?> list ? list : List.of(listed); // HCL: one block, or several
        List<Settings.LogTarget> targets = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "log_targets[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new SettingsException("configuration error: " + where + ": must be a block of settings");
            }
            Function<String, String> text = key -> {
                Object value = entry.get(key);
                return value == null || "null".equals(value) ? defaultOf(key) : value.toString();
            };
            Object types = entry.get("log_types");
            List<String> logTypes = types instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : types == null || types.toString().isEmpty() ? List.of("app") : List.of(types.toString().split(","));
            targets.add(logTarget(where, text.apply("log_to"), text.apply("log_file"), text.apply("log_level"),
                    text.apply("log_format"), new Settings.Syslog(text.apply("syslog_address"), text.apply("syslog_protocol"),
                            text.apply("syslog_tag"), text.apply("syslog_level"), text.apply("syslog_facility")),
                    logTypes, entry.get("acl_format") == null ? accessFormat : entry.get("acl_format").toString()));
        }
        return new Settings.Logging(List.copyOf(targets));
    }

    /** The default of a log target's key: the one of the same key in the {@code log} block. */
    private static String defaultOf(String key) {
        Setting s = BY_PATH.containsKey("log." + key) ? BY_PATH.get("log." + key) : BY_PATH.get("log.syslog." + key);
        return s == null || s.defaultValue() == null ? "" : s.defaultValue().toString();
    }

    private static Settings.LogTarget logTarget(String where, String to, String file, String level, String format,
                                                Settings.Syslog syslog, List<String> types, String accessFormat)
            throws SettingsException {
        String prefix = "configuration error: " + (where.equals("log") ? "" : where + ": ");
        if (!LOG_TO.contains(to)) {
            throw new SettingsException(prefix + "log_to: '" + to + "' is not one of stdout, file, syslog");
        }
        if (!LOG_LEVELS.contains(level.toLowerCase())) {
            throw new SettingsException(prefix + "log_level: '" + level + "' is not one of trace, debug, info, warning, error");
        }
        if (!List.of("text", "json").contains(format.toLowerCase())) {
            throw new SettingsException(prefix + "log_format: '" + format + "' is not one of text, JSON");
        }
        for (String type : types) {
            if (!List.of("app", "access").contains(type)) {
                throw new SettingsException(prefix + "log_types: '" + type + "' is not one of app, access");
            }
        }
        if (to.equals("syslog")) {
            if (syslog.address().isEmpty()) {
                throw new SettingsException(prefix + "syslog_address: required with log_to syslog");
            }
            if (!SYSLOG_PROTOCOLS.contains(syslog.protocol())) {
                throw new SettingsException(prefix + "syslog_protocol: '" + syslog.protocol() + "' is not one of "
                        + String.join(", ", SYSLOG_PROTOCOLS));
            }
            if (!SYSLOG_LEVELS.contains(syslog.level())) {
                throw new SettingsException(prefix + "syslog_level: '" + syslog.level() + "' is not one of "
                        + String.join(", ", SYSLOG_LEVELS));
            }
            if (!SYSLOG_FACILITIES.contains(syslog.facility())) {
                throw new SettingsException(prefix + "syslog_facility: '" + syslog.facility() + "' is not one of "
                        + String.join(", ", SYSLOG_FACILITIES));
            }
        }
        return new Settings.LogTarget(to, file, level.toLowerCase(), format, syslog, List.copyOf(types), accessFormat);
    }

    /** Reload commands, with the defaults of the systemd and s6 strategies (validated as the official does). */
    private static Settings.Reload reload(Values v, String strategy) throws SettingsException {
        Optional<String> service = v.optional("haproxy.reload.service_name");
        Optional<String> reloadCmd = v.optional("haproxy.reload.reload_cmd");
        Optional<String> restartCmd = v.optional("haproxy.reload.restart_cmd");
        Optional<String> statusCmd = v.optional("haproxy.reload.status_cmd");
        switch (strategy) {
            case "custom" -> {
                if (reloadCmd.isEmpty() || restartCmd.isEmpty()) {
                    throw new SettingsException("configuration error: the custom reload strategy requires these "
                            + "options to be set: ReloadCmd, RestartCmd");
                }
            }
            case "systemd" -> {
                String svc = service.orElse("haproxy.service");
                reloadCmd = reloadCmd.or(() -> Optional.of("sudo -n systemctl reload " + svc));
                restartCmd = restartCmd.or(() -> Optional.of("sudo -n systemctl restart " + svc));
                statusCmd = statusCmd.or(() -> Optional.of("systemctl --quiet is-active " + svc));
            }
            case "s6" -> {
                String svc = service.orElse("/etc/service.d/haproxy");
                reloadCmd = reloadCmd.or(() -> Optional.of("s6-svc -2 " + svc));
                restartCmd = restartCmd.or(() -> Optional.of("s6-svc -r " + svc));
                statusCmd = statusCmd.or(() -> Optional.of("s6-svstat -u " + svc));
            }
            default -> throw new SettingsException("configuration error: invalid reload strategy: '" + strategy + "'");
        }
        int delay = v.integer("haproxy.reload.reload_delay");
        return new Settings.Reload(delay <= 0 ? 5 : delay, reloadCmd, restartCmd, statusCmd, service,
                v.integer("haproxy.reload.reload_retention"), strategy, v.optional("haproxy.reload.validate_cmd"));
    }

    /** Resolved values by path, falling back to the table's defaults. */
    private record Values(Map<String, Object> byPath) {
        Object get(String path) {
            Object value = byPath.get(path);
            return value != null ? value : BY_PATH.get(path).defaultValue();
        }

        String string(String path) {
            Object value = get(path);
            return value == null ? "" : value.toString();
        }

        boolean has(String path) {
            return byPath.get(path) != null;
        }

        /** A structure given with at least one entry somewhere inside. */
        boolean isNonEmpty(String path) {
            return hasEntries(byPath.get(path));
        }

        static boolean hasEntries(Object value) {
            if (value instanceof Map<?, ?> map) {
                return map.values().stream().anyMatch(Values::hasEntries);
            }
            if (value instanceof List<?> list) {
                return !list.isEmpty();
            }
            return value != null;
        }

        Duration duration(String path) throws SettingsException {
            String text = string(path).strip();
            try {
                return Units.duration(text);
            } catch (IllegalArgumentException e) {
                throw new SettingsException("configuration error: setting '" + path + "' must be a duration such as "
                        + "30s, 2m or 1h30m, got '" + text + "'");
            }
        }

        long size(String path) throws SettingsException {
            String text = string(path).strip();
            try {
                return Units.size(text);
            } catch (IllegalArgumentException e) {
                throw new SettingsException("configuration error: setting '" + path + "' must be a size such as "
                        + "1MiB, 512KB or 65536, got '" + text + "'");
            }
        }

        Optional<String> optional(String path) {
            return Optional.ofNullable(get(path)).map(Object::toString).filter(s -> !s.isEmpty());
        }

        int integer(String path) {
            return ((Number) get(path)).intValue();
        }

        boolean bool(String path) {
            return (Boolean) get(path);
        }

        @SuppressWarnings("unchecked")
        List<String> strings(String path) {
            return List.copyOf((List<String>) get(path));
        }

        @SuppressWarnings("unchecked")
        List<Settings.User> users() {
            Object users = byPath.get("dataplaneapi.user");
            return users == null ? List.of() : (List<Settings.User>) users;
        }
    }
}
