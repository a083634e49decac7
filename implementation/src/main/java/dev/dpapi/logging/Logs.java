package dev.dpapi.logging;

import dev.dpapi.settings.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Entry point of the logging capability: sends the application's log and the access log to the log targets of
 * the settings (stdout, a file, syslog), each with its own level and format.
 */
public final class Logs {

    /** The logger of access lines, one per answered request, at level info. */
    public static final Logger ACCESS = Logger.getLogger("dataplaneapi.access");
    /** Helidon's wire dumps print request headers, Authorization included: silenced at every level. */
    private static final Logger WIRE_DUMPS = Logger.getLogger("io.helidon.webserver.http1.Http1LoggingConnectionListener");

    private Logs() {
    }

    /**
     * Replaces the JVM's default console handler with one handler per target. A log file that cannot be opened
     * or a syslog server that cannot be reached is an {@link IOException}, an access format that cannot be read
     * an {@link IllegalArgumentException}. {@code json} writes an object, for the JSON format.
     */
    public static void configure(Settings.Logging logging, Function<Map<String, String>, String> json) throws IOException {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT%1$tz %4$s %3$s: %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        Level lowest = Level.OFF;
        List<Handler> handlers = new ArrayList<>();
        for (Settings.LogTarget target : logging.targets()) {
            Handler handler = handler(target, json);
            Level level = level(target.level());
            handler.setLevel(level);
            boolean app = target.types().contains("app");
            boolean access = target.types().contains("access");
            handler.setFilter(r -> ACCESS.getName().equals(r.getLoggerName()) ? access : app);
            handlers.add(handler);
            if (level.intValue() < lowest.intValue()) {
                lowest = level;
            }
        }
        // the previous targets (the JVM's console, or a SIGHUP's predecessor) go only once the new ones are open
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        handlers.forEach(root::addHandler);
        root.setLevel(lowest);
        Logger.getLogger("dataplaneapi").setLevel(lowest);
        WIRE_DUMPS.setLevel(Level.OFF);
    }

    /** Logs an answered request on the access logger; each target writes it in its own format. */
    /** Whether an access line would go anywhere: when not, a request builds none. */
    public static boolean accessLogged() {
        return ACCESS.isLoggable(Level.INFO);
    }

    public static void access(AccessFormat.Exchange exchange) {
        if (accessLogged()) {
            LogRecord record = new LogRecord(Level.INFO, exchange.method() + " " + exchange.uri() + " " + exchange.status());
            record.setLoggerName(ACCESS.getName());
            record.setParameters(new Object[] {exchange});
            ACCESS.log(record);
        }
    }

    private static Handler handler(Settings.LogTarget target, Function<Map<String, String>, String> json)
            throws IOException {
        AccessFormat access;
        try {
            access = AccessFormat.parse(target.accessFormat());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apache_common_log_format: " + e.getMessage());
        }
        Formatter lines = target.format().equalsIgnoreCase("json") ? new JsonLines(json) : new SimpleFormatter();
        Formatter format = new Formatter() {
            @Override
            public String format(LogRecord record) {
                Object[] parameters = record.getParameters();
                if (parameters != null && parameters.length == 1 && parameters[0] instanceof AccessFormat.Exchange e) {
                    LogRecord line = new LogRecord(record.getLevel(), access.format(e));
                    line.setInstant(record.getInstant());
                    line.setLoggerName(record.getLoggerName());
                    return lines.format(line);
                }
                return lines.format(record);
            }
        };
        return switch (target.to()) {
            case "syslog" -> new SyslogHandler(target.syslog(), format);
            case "file" -> flushing(logFile(Path.of(target.file())), format, true);
            default -> flushing(System.out, format, false);
        };
    }

    static Level level(String name) {
        return switch (name.toLowerCase()) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "error" -> Level.SEVERE;
            default -> Level.WARNING;
        };
    }

    /** A handler that writes each line at once; {@code owned}: its close closes {@code out} (not stdout). */
    private static Handler flushing(OutputStream out, Formatter format, boolean owned) {
        return new StreamHandler(out, format) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }

            @Override
            public synchronized void close() {
                if (owned) {
                    super.close();
                } else {
                    flush(); // stdout stays open for whatever logs next
                }
            }
        };
    }

    /** The log file, appended to, created owner-only: a log may name users and paths. */
    private static OutputStream logFile(Path file) throws IOException {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot open log file " + file + ": " + e.getMessage(), e);
        }
    }

    /** log_format JSON: one object a line with time, level, logger and message. */
    static final class JsonLines extends Formatter {
        private final Function<Map<String, String>, String> json;

        JsonLines(Function<Map<String, String>, String> json) {
            this.json = json;
        }

        @Override
        public String format(LogRecord record) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("time", record.getInstant().toString());
            line.put("level", record.getLevel().getName().toLowerCase());
            line.put("logger", record.getLoggerName());
            line.put("msg", formatMessage(record) + (record.getThrown() == null ? "" : ": " + record.getThrown()));
            return json.apply(line) + System.lineSeparator();
        }
    }
}
