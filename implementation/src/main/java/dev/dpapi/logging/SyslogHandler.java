package dev.dpapi.logging;

import dev.dpapi.settings.Settings;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Sends log lines to a syslog server, in the form Go's log/syslog writes them (which the official uses):
 * {@code <PRI>TIMESTAMP HOSTNAME TAG[PID]: MESSAGE} over the network, {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE}
 * to a local socket. A stream connection that breaks is opened again at the next line.
 */
final class SyslogHandler extends Handler {

    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "", "", "", "", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7");
    private static final List<String> SEVERITIES = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info",
            "debug");
    private static final DateTimeFormatter NETWORK_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
    private static final DateTimeFormatter LOCAL_STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final Settings.Syslog syslog;
    private final int facility;
    private final int lowestSeverity;
    private final boolean local;
    private final String hostname;
    private final long pid = ProcessHandle.current().pid();
    private Transport transport; // guarded by this

    /** Connects at once, so that a syslog server that cannot be reached stops the start. */
    SyslogHandler(Settings.Syslog syslog, Formatter format) throws IOException {
        this.syslog = syslog;
        this.facility = FACILITIES.indexOf(syslog.facility());
        this.lowestSeverity = SEVERITIES.indexOf(syslog.level());
        this.local = syslog.protocol().startsWith("unix");
        this.hostname = hostname();
        setFormatter(format);
        try {
            this.transport = Transport.open(syslog.protocol(), syslog.address());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot reach syslog at " + syslog.protocol() + " " + syslog.address() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Syslog severity of a record: error, warning, info, or debug for anything finer. */
    static int severity(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return 3;
        }
        if (v >= Level.WARNING.intValue()) {
            return 4;
        }
        return v >= Level.INFO.intValue() ? 6 : 7;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        int severity = severity(record.getLevel());
        if (severity > lowestSeverity) {
            return;
        }
        String message = getFormatter().format(record).stripTrailing();
        ZonedDateTime now = ZonedDateTime.now();
        String line = "<" + (facility * 8 + severity) + ">"
                + (local ? LOCAL_STAMP.format(now) : NETWORK_STAMP.format(now) + " " + hostname)
                + " " + syslog.tag() + "[" + pid + "]: " + message + "\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            send(bytes);
        } catch (IOException first) {
            close(); // a stream whose server went away: one new connection, then the line is given up
            try {
                send(bytes);
            } catch (IOException e) {
                reportError("syslog " + syslog.protocol() + " " + syslog.address() + ": " + e.getMessage(), e,
                        ErrorManager.WRITE_FAILURE);
            }
        }
    }

    private void send(byte[] line) throws IOException {
        if (transport == null) {
            transport = Transport.open(syslog.protocol(), syslog.address());
        }
        transport.send(line);
    }

    @Override
    public void flush() {
    }

    @Override
    public synchronized void close() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    /** A connection to the syslog server: a stream (tcp, unix) or datagrams (udp, unixgram). */
    private interface Transport {
        void send(byte[] line) throws IOException;

        void close();

        static Transport open(String protocol, String address) throws IOException {
            return switch (protocol) {
                case "unix" -> stream(AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(new File(address))));
                case "unixgram" -> datagrams(AFUNIXDatagramSocket.newInstance(), AFUNIXSocketAddress.of(new File(address)));
                case "udp", "udp4", "udp6" -> datagrams(new DatagramSocket(), inet(address));
                default -> {
                    Socket socket = new Socket();
                    socket.connect(inet(address), 10_000);
                    yield stream(socket);
                }
            };
        }

        private static InetSocketAddress inet(String address) throws IOException {
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw new IOException("address " + address + " has no port");
            }
            String host = address.substring(0, colon).replaceAll("^\\[|\\]$", "");
            return new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
        }

        private static Transport stream(Socket socket) throws IOException {
            OutputStream out = socket.getOutputStream();
            return new Transport() {
                public void send(byte[] line) throws IOException {
                    out.write(line);
                    out.flush();
                }

                public void close() {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing a broken connection
                    }
                }
            };
        }

        private static Transport datagrams(DatagramSocket socket, SocketAddress to) {
            return new Transport() {
                public void send(byte[] line) throws IOException {
                    socket.send(new DatagramPacket(line, line.length, to));
                }

                public void close() {
                    socket.close();
                }
            };
        }
    }
}
