package dev.dpapi.runtime;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        Endpoint target = endpoint.get().orElseThrow(() -> new RuntimeApiException("runtime: option is not available"));
        try {
            return SOCKET_IO.submit(() -> exchange(target, command)).get();
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

    private String exchange(Endpoint target, String command) throws RuntimeApiException {
        String line = (target.master() ? "@1 " : "") + command + "\n";
        try (AFUNIXSocket socket = AFUNIXSocket.newInstance()) {
            try {
                // a unix connect answers at once (refused, denied, or connected); a timed connect would retry
                // a refused socket until the timeout
                socket.connect(AFUNIXSocketAddress.of(new File(target.path())));
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
