package dev.dpapi.runtime;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Entry point of the runtime capability: sends commands to HAProxy's Runtime API over its unix socket.
 * <p>
 * Checked commands to a stats socket travel on kept connections in HAProxy's interactive mode ({@code prompt}:
 * each command's answer ends with {@code "\n> "}), one request's exchange at a time per connection: opening a
 * connection costs more than the command. A kept connection is used again only when the socket file is the same
 * one, unchanged (a restart, a removal or a chmod shows), and when {@code show info}, sent ahead of the command in
 * the same write, comes first (nothing left over from an earlier exchange) and says its process is not stopping
 * (after a reload the old worker would keep answering it); one idle for {@link #IDLE} is closed.
 * Anything unexpected closes the connection; the next command opens a new one, so a socket that goes away or
 * comes back, or becomes reachable, simply works. Raw commands ({@link #execute}), payloads and the master CLI
 * use a new connection per exchange, in HAProxy's default (non-interactive) mode.
 */
public final class RuntimeApi {

    /** Where commands go: a stats socket, or the master CLI (commands then address worker 1). */
    public record Endpoint(String path, boolean master) {
    }

    /** Receives an answer's bytes as they arrive, in order. */
    @FunctionalInterface
    public interface AnswerSink {
        void accept(byte[] bytes, int from, int to) throws IOException;
    }

    /**
     * Connects and one-shot exchanges run on platform threads: on a virtual thread junixsocket waits out the whole
     * timeout when a connect is refused, instead of failing at once.
     */
    private static final ExecutorService SOCKET_IO = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("runtime-api-", 0).factory());
    /** Kept connections idle longer are closed: an idle one would keep a reloaded HAProxy's old worker alive. */
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final int MAX_IDLE_SESSIONS = 4;
    private static final ScheduledExecutorService REAPER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("runtime-api-idle").factory());

    private final Supplier<Optional<Endpoint>> endpoint;
    private final Duration timeout;
    private final Deque<Session> idle = new ConcurrentLinkedDeque<>();
    /** Set, once, with the first connection kept. */
    private volatile ScheduledFuture<?> reaper;
    private volatile boolean closed;

    public RuntimeApi(Supplier<Optional<Endpoint>> endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    public Optional<Endpoint> endpoint() {
        return endpoint.get();
    }

    /** Runs one command, on a connection of its own, and returns HAProxy's answer. */
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
        if (target.master()) {
            return checked(command, send(target, command, severity(target, command) + "\n"));
        }
        return checked(command, answerText(target, command));
    }

    /**
     * Runs one command and passes its answer to {@code sink} as it arrives, without holding it whole (e.g. the
     * megabytes of {@code show stat}); a refusal throws {@link RuntimeRefusal} before the sink sees anything.
     */
    public void command(String command, AnswerSink sink) throws RuntimeApiException {
        Endpoint target = target();
        if (target.master()) {
            byte[] answer = command(command).getBytes(StandardCharsets.UTF_8);
            try {
                sink.accept(answer, 0, answer.length);
            } catch (IOException e) {
                throw new RuntimeApiException(reason(e) + " [" + command + "]");
            }
            return;
        }
        withSession(target, command, session -> {
            session.send(command);
            RefusalFirst first = new RefusalFirst(command, sink);
            session.answer(commandsIn(command), first);
            first.finish();
            return null;
        });
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
        String answer = target.master() ? send(target, chained, severity(target, chained) + "\n")
                : answerText(target, chained);
        for (String line : answer.split("\n")) {
            if (refusal(line)) {
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
        if (refusal(body)) {
            throw new RuntimeRefusal(body.substring(4).strip(), command);
        }
        if (body.length() > 4 && body.charAt(0) == '[' && body.charAt(2) == ']' && body.charAt(3) == ':') {
            return body.substring(4).strip(); // a notice ("[6]: New server registered.")
        }
        return body;
    }

    /** An answer of severity 0 to 3 ({@code [3]: No such server.}). */
    private static boolean refusal(CharSequence answer) {
        return answer.length() > 4 && answer.charAt(0) == '[' && answer.charAt(2) == ']' && answer.charAt(3) == ':'
                && answer.charAt(1) >= '0' && answer.charAt(1) <= '3';
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

    // ---- kept connections (interactive mode) ----

    private interface Exchange<T> {
        T on(Session session) throws IOException, RuntimeApiException;
    }

    /** The answers of a line's commands, each ended by a line feed, as one text. */
    private String answerText(Endpoint target, String line) throws RuntimeApiException {
        return withSession(target, line, session -> {
            session.send(line);
            ByteArrayOutputStream answer = new ByteArrayOutputStream(256);
            session.answer(commandsIn(line), (bytes, from, to) -> answer.write(bytes, from, to - from));
            return answer.toString(StandardCharsets.UTF_8);
        });
    }

    /**
     * How many commands HAProxy runs for a line, so how many prompts end its answers: one, and one more per ';'
     * that no backslash escapes. Reading fewer would leave answers for the next exchange to take as its own.
     */
    static int commandsIn(String line) {
        int commands = 1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ';') {
                commands++;
            }
        }
        return commands;
    }

    /**
     * Runs {@code exchange} on a kept connection, or a new one when the kept one turns out stale; a connection that
     * failed, or was left mid-answer, is closed.
     */
    private <T> T withSession(Endpoint target, String command, Exchange<T> exchange) throws RuntimeApiException {
        String path = target.path();
        Object file = fileIdentity(path);
        Session session = kept(path, file);
        while (true) {
            if (session == null) {
                session = open(path, file);
            }
            try {
                T result = exchange.on(session);
                release(session);
                return result;
            } catch (Stale e) {
                session.close(); // its command reached an old worker, or nobody: again on a new connection
                session = null;
            } catch (RuntimeRefusal r) {
                release(session); // a refusal is a whole answer: the connection is ready for the next command
                throw r;
            } catch (SocketTimeoutException e) {
                session.close();
                throw new RuntimeApiException("read unix " + path + ": i/o timeout [" + command + "]");
            } catch (IOException | RuntimeApiException | RuntimeException e) {
                session.close();
                if (e instanceof RuntimeApiException failure) {
                    throw failure;
                }
                if (e instanceof RuntimeException unchecked) {
                    throw unchecked;
                }
                throw new RuntimeApiException(reason((IOException) e) + " [" + command + "]");
            }
        }
    }

    private void release(Session session) {
        if (closed) {
            session.close();
            return;
        }
        if (reaper == null) {
            startReaping();
        }
        if (idle.size() < MAX_IDLE_SESSIONS) {
            session.idleSince = System.nanoTime();
            session.reused = true;
            idle.push(session);
        } else {
            session.close();
        }
    }

    /** A kept connection to the same socket file, unchanged, if any. */
    private Session kept(String path, Object file) {
        for (Session s = idle.poll(); s != null; s = idle.poll()) {
            if (s.path.equals(path) && s.file.equals(file)) {
                return s;
            }
            s.close();
        }
        return null;
    }

    /** What changes when the socket is removed, re-created, or its mode or owner change. */
    private static Object fileIdentity(String path) {
        try {
            Map<String, Object> a = Files.readAttributes(Path.of(path), "unix:ino,ctime");
            return List.of(a.get("ino"), a.get("ctime"));
        } catch (IOException | UnsupportedOperationException e) {
            return List.of(); // no such file: the connect says why
        }
    }

    private Session open(String path, Object file) throws RuntimeApiException {
        AFUNIXSocket socket;
        try {
            socket = SOCKET_IO.submit(() -> connected(path, "connect")).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeApiException failure ? failure
                    : new RuntimeApiException(e.getCause() + " [connect]");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeApiException("interrupted [connect]");
        }
        Session session = null;
        try {
            session = new Session(socket, path, file);
            session.send("prompt");
            session.answer(1, (b, f, t) -> { });
            session.send("set severity-output number");
            session.answer(1, (b, f, t) -> { });
            return session;
        } catch (IOException e) {
            if (session != null) {
                session.close();
            } else {
                close(socket);
            }
            throw new RuntimeApiException(reason(e) + " [prompt]");
        }
    }

    /** Idle connections are looked at from the first one kept on (a master CLI client never keeps one). */
    private synchronized void startReaping() {
        if (reaper == null) {
            reaper = REAPER.scheduleWithFixedDelay(this::closeIdle, IDLE.toMillis(), IDLE.toMillis() / 2,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Closes the kept connections and stops looking after them: the API stops or restarts (SIGHUP). */
    public synchronized void close() {
        closed = true;
        if (reaper != null) {
            reaper.cancel(false);
        }
        for (Session s = idle.poll(); s != null; s = idle.poll()) {
            s.close();
        }
    }

    private void closeIdle() {
        long now = System.nanoTime();
        for (Session s : idle) {
            if (now - s.idleSince > IDLE.toNanos() && idle.remove(s)) {
                s.close();
            }
        }
    }

    private static void close(AFUNIXSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a broken connection: nothing left to do
        }
    }

    /** One connection in interactive mode. */
    private final class Session {
        final AFUNIXSocket socket;
        final String path;
        final Object file;
        final InputStream in;
        final OutputStream out;
        /** Read buffer; its first two bytes hold what the last read left that may start a prompt. */
        final byte[] buffer = new byte[2 + 64 * 1024];
        volatile long idleSince;
        /** Kept from an earlier exchange: the next line is preceded by {@code show info}, to see who answers. */
        boolean reused;

        Session(AFUNIXSocket socket, String path, Object file) throws IOException {
            this.socket = socket;
            this.path = path;
            this.file = file;
            socket.setSoTimeout((int) timeout.toMillis());
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void send(String line) throws IOException {
            // show info, in the same write: a reload leaves a kept connection with the old worker, which says it
            // is stopping; a connection HAProxy closed (its stats timeout) fails there. Either way, nothing
            // reached the caller, and the exchange runs again on a new connection.
            try {
                out.write(((reused ? "show info\n" : "") + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                if (reused) {
                    throw new Stale();
                }
                throw e;
            }
        }

        /**
         * Reads the answers of {@code commands} commands, passing them on without the prompts ({@code "> "} after
         * each answer's last line feed). A prompt is the three bytes {@code "\n> "}: no answer line starts with
         * "> " (answer lines start with a name, a number, '#', '[' or a space). The last answer is the bytes up
         * to a read that ends with a prompt, so megabytes of one answer are not searched for prompts.
         */
        void answer(int commands, AnswerSink sink) throws IOException {
            ByteArrayOutputStream info = reused ? new ByteArrayOutputStream(1536) : null;
            AnswerSink to = info == null ? sink : (bytes, from, end) -> info.write(bytes, from, end - from);
            boolean checking = info != null;
            int left = commands + (checking ? 1 : 0);
            int held = 0;
            awaitFirstBytes();
            while (true) {
                int n;
                try {
                    n = read(in, buffer, 2, buffer.length - 2);
                } catch (SocketTimeoutException e) {
                    throw e;
                } catch (IOException e) {
                    if (checking) {
                        throw new Stale();
                    }
                    throw e;
                }
                if (n < 0) {
                    if (checking) {
                        throw new Stale();
                    }
                    throw new EOFException("connection closed by HAProxy");
                }
                int from = 2 - held;
                int end = 2 + n;
                for (int i = from; left > 1 && i + 2 < end; i++) {
                    if (buffer[i] == '\n' && buffer[i + 1] == '>' && buffer[i + 2] == ' ') {
                        to.accept(buffer, from, i + 1);
                        from = i + 3;
                        i += 2;
                        left--;
                        if (checking) {
                            String shown = info.toString(StandardCharsets.ISO_8859_1);
                            if (!shown.startsWith("Name: ")) {
                                // what came first was left over from an earlier exchange: never pass it on
                                throw new IOException("answers out of step on a kept connection");
                            }
                            if (shown.contains("\nStopping: 1")) {
                                throw new Stale();
                            }
                            checking = false;
                            reused = false;
                            to = sink;
                        }
                    }
                }
                if (left == 1 && end - from >= 3 && buffer[end - 3] == '\n' && buffer[end - 2] == '>'
                        && buffer[end - 1] == ' ') {
                    to.accept(buffer, from, end - 2);
                    return;
                }
                // keep back the last two bytes: they may begin a prompt
                held = Math.min(2, end - from);
                to.accept(buffer, from, end - held);
                System.arraycopy(buffer, end - held, buffer, 2 - held, held);
            }
        }

        /**
         * Waits a moment for the answer to start before the read that would park the thread. HAProxy answers a
         * command in some tens of microseconds; parking a virtual thread on the socket and waking it again takes two
         * wake-ups on other CPUs (the poller's and a carrier's), which cost a runtime change about a fifth of its
         * time on two cores. So the thread first checks, for at most {@link #SPIN}, whether bytes are there (a
         * FIONREAD, no read); the read itself blocks as before. Never on one CPU, where it would only delay HAProxy.
         */
        private void awaitFirstBytes() {
            if (SPIN.isZero()) {
                return;
            }
            long until = System.nanoTime() + SPIN.toNanos();
            try {
                while (in.available() == 0 && System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            } catch (IOException e) {
                // the read that follows meets the same failure, and answers it as usual (a stale connection retried)
            }
        }

        void close() {
            RuntimeApi.close(socket);
        }
    }

    private static final Duration SPIN = Runtime.getRuntime().availableProcessors() > 1
            ? Duration.ofNanos(50_000) : Duration.ZERO;

    /** A kept connection that no longer reaches the running worker. */
    private static final class Stale extends IOException {
        Stale() {
            super("stale connection", null);
        }
    }

    /** Holds an answer's start until it is known not to be a refusal; a refusal is read whole and thrown. */
    private static final class RefusalFirst implements AnswerSink {
        private final String command;
        private final AnswerSink sink;
        private ByteArrayOutputStream start = new ByteArrayOutputStream(64);

        RefusalFirst(String command, AnswerSink sink) {
            this.command = command;
            this.sink = sink;
        }

        @Override
        public void accept(byte[] bytes, int from, int to) throws IOException {
            if (start == null) {
                sink.accept(bytes, from, to);
                return;
            }
            start.write(bytes, from, to - from);
            if (start.size() >= 5 && !refusal(start.toString(StandardCharsets.ISO_8859_1))) {
                byte[] head = start.toByteArray();
                start = null;
                sink.accept(head, 0, head.length);
            }
        }

        /** Called once the whole answer went by: a refusal, or a short answer still held, is settled here. */
        void finish() throws IOException, RuntimeRefusal {
            if (start != null) {
                String text = start.toString(StandardCharsets.UTF_8);
                if (refusal(text)) {
                    throw new RuntimeRefusal(text.substring(4).strip(), command);
                }
                byte[] head = start.toByteArray();
                start = null;
                sink.accept(head, 0, head.length);
            }
        }
    }

    // ---- one connection per exchange ----

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
        AFUNIXSocket socket = connected(target.path(), command);
        try (socket) {
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

    /** A connected socket, or the seed's {@code dial unix <path>: connect: <reason>}. Runs on a platform thread. */
    private AFUNIXSocket connected(String path, String command) throws RuntimeApiException {
        try {
            AFUNIXSocket socket = AFUNIXSocket.newInstance();
            try {
                // a unix connect answers at once (refused, denied, or connected); a timed connect would retry
                // a refused socket until the timeout
                socket.connect(address(path));
                return socket;
            } catch (IOException e) {
                close(socket);
                throw new RuntimeApiException("dial unix " + path + ": connect: " + reason(e));
            }
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
        byte[] buffer = new byte[8192];
        for (int n = read(in, buffer, 0, buffer.length); n >= 0; n = read(in, buffer, 0, buffer.length)) {
            answer.write(buffer, 0, n);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /**
     * A read that a signal interrupted before any byte came (EINTR: a profiler's, a debugger's) is read again: it
     * is not a failure of the socket. The thread's own interrupt (a request's timeout) still ends it.
     */
    private static int read(InputStream in, byte[] buffer, int from, int length) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return in.read(buffer, from, length);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= MAX_EINTR_RETRIES || Thread.currentThread().isInterrupted()
                        || !String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("interrupted system call")) {
                    throw e;
                }
            }
        }
    }

    private static final int MAX_EINTR_RETRIES = 100;

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
