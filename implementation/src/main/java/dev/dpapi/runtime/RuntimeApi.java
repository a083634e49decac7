package dev.dpapi.runtime;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Entry point of the runtime capability: sends commands to HAProxy's Runtime API over its unix socket.
 * A new connection per command, so a socket that appears or becomes reachable later simply works.
 */
public final class RuntimeApi {

    /** Where commands go: a stats socket, or the master CLI (commands then address worker 1). */
    public record Endpoint(String path, boolean master) {
    }

    /**
     * Socket exchanges run on platform threads: on a virtual thread junixsocket waits out the whole timeout
     * when a connect is refused, instead of failing at once.
     */
    private static final ExecutorService SOCKET_IO = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("runtime-api-", 0).factory());

    private final Supplier<Optional<Endpoint>> endpoint;
    private final Duration timeout;

    public RuntimeApi(Supplier<Optional<Endpoint>> endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    public Optional<Endpoint> endpoint() {
        return endpoint.get();
    }

    /** Runs one command and returns HAProxy's answer. */
    public String execute(String command) throws RuntimeApiException {
        Endpoint target = target();
        return send(target, command, (target.master() ? "@1 " : "") + command + "\n");
    }

    /**
     * Runs one command with numbered severities, so that HAProxy's refusals are told apart from answers
     * whatever the command: a refusal throws {@link RuntimeRefusal}; the answer comes back without the
     * severity line.
     */
    public String command(String command) throws RuntimeApiException {
        Endpoint target = target();
        return checked(command, send(target, command, severity(target, command) + "\n"));
    }

    /**
     * Runs one command followed by a payload (the lines HAProxy reads after {@code <<}, ended by an empty
     * line), e.g. many map entries in one exchange.
     */
    public String commandWithPayload(String command, String payload) throws RuntimeApiException {
        Endpoint target = target();
        return checked(command, send(target, command, severity(target, command) + " <<\n" + payload + "\n"));
    }

    /**
     * Runs commands chained on one line ({@code a;b;c}, which must fit HAProxy's buffer) in one exchange and
     * returns their answers; a refusal of any of them throws.
     */
    public String commands(List<String> commands) throws RuntimeApiException {
        String chained = String.join(";", commands);
        Endpoint target = target();
        String answer = send(target, chained, severity(target, chained) + "\n");
        for (String line : answer.split("\n")) {
            if (line.length() > 4 && line.charAt(0) == '[' && line.charAt(1) >= '0' && line.charAt(1) <= '3'
                    && line.startsWith("]:", 2)) {
                throw new RuntimeRefusal(line.substring(4).strip(), commands.get(0) + (commands.size() > 1 ? "; ..." : ""));
            }
        }
        return answer;
    }

    private static String severity(Endpoint target, String command) {
        return target.master() ? "@1 set severity-output number;@1 " + command : "set severity-output number;" + command;
    }

    private static String checked(String command, String answer) throws RuntimeRefusal {
        String body = answer.startsWith("\n") ? answer.substring(1) : answer;
        if (body.length() > 4 && body.charAt(0) == '[' && body.charAt(2) == ']' && body.charAt(3) == ':'
                && body.charAt(1) >= '0' && body.charAt(1) <= '3') {
            throw new RuntimeRefusal(body.substring(4).strip(), command);
        }
        if (body.length() > 4 && body.charAt(0) == '[' && body.charAt(2) == ']' && body.charAt(3) == ':') {
            return body.substring(4).strip(); // a notice ("[6]: New server registered.")
        }
        return body;
    }

    /**
     * One argument of a command line: HAProxy splits on spaces and ';' unless escaped with a backslash.
     * Control characters would end the line and start another command, so they are refused.
     */
    public static String argument(String value) {
        if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("must not be empty nor hold control characters");
        }
        return value.replace("\\", "\\\\").replace(" ", "\\ ").replace(";", "\\;");
    }

    private Endpoint target() throws RuntimeApiException {
        return endpoint.get().orElseThrow(() -> new RuntimeApiException("runtime: option is not available"));
    }

    private String send(Endpoint target, String command, String text) throws RuntimeApiException {
        try {
            return SOCKET_IO.submit(() -> exchange(target, command, text)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeApiException failure) {
                throw failure;
            }
            throw new RuntimeApiException(e.getCause() + " [" + command + "]");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeApiException("interrupted [" + command + "]");
        }
    }

    private String exchange(Endpoint target, String command, String line) throws RuntimeApiException {
        try (AFUNIXSocket socket = AFUNIXSocket.newInstance()) {
            try {
                // a unix connect answers at once (refused, denied, or connected); a timed connect would retry
                // a refused socket until the timeout
                socket.connect(address(target.path()));
            } catch (IOException e) {
                throw new RuntimeApiException("dial unix " + target.path() + ": connect: " + reason(e));
            }
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readToEnd(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new RuntimeApiException("read unix " + target.path() + ": i/o timeout [" + command + "]");
        } catch (IOException e) {
            throw new RuntimeApiException(reason(e) + " [" + command + "]");
        }
    }

    /** The socket address of the last path used: making one costs more than the exchange's connect. */
    private volatile Address lastAddress;

    private record Address(String path, AFUNIXSocketAddress address) {
    }

    private AFUNIXSocketAddress address(String path) throws IOException {
        Address known = lastAddress;
        if (known == null || !known.path().equals(path)) {
            known = new Address(path, AFUNIXSocketAddress.of(new File(path)));
            lastAddress = known;
        }
        return known.address();
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        in.transferTo(answer);
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** The errno text in the lower-case form Go prints, which people and scripts match on. */
    static String reason(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("permission denied")) {
            return "permission denied";
        }
        if (message.contains("no such file")) {
            return "no such file or directory";
        }
        if (message.contains("connection refused")) {
            return "connection refused";
        }
        if (message.contains("timed out") || message.contains("timeout")) {
            return "i/o timeout";
        }
        return message.replaceAll("\\s*\\(.*\\)$", "").replaceAll("; errno=\\d+", "").strip();
    }
}
