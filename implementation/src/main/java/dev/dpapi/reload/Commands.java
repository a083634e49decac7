package dev.dpapi.reload;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the configured reload, restart, status and validation commands the way the official server does:
 * without a shell, the command split on single spaces (so no quoting and no pipes).
 */
public final class Commands {

    /** What a command did: its exit status (-1 when it could not run or timed out) and its output. */
    public record Result(int exitStatus, String stdout, String stderr) {
        /** A command stopped because the thread waiting for it was interrupted (the API stops). */
        static final Result INTERRUPTED = new Result(-1, "", "interrupted");

        public boolean succeeded() {
            return exitStatus == 0;
        }

        public boolean interrupted() {
            return this == INTERRUPTED;
        }
    }

    private Commands() {
    }

    public static List<String> split(String command) {
        return Arrays.stream(command.split(" ")).filter(w -> !w.isEmpty()).toList();
    }

    public static Result run(String command, Duration timeout) {
        return run(split(command), timeout);
    }

    /**
     * How a candidate configuration is checked: with {@code validate_cmd} when one is set (the candidate's path
     * in its {@code DATAPLANEAPI_TRANSACTION_FILE}, as the official passes it), else {@code haproxy -W -c -f}.
     */
    public record Validation(String haproxyBin, Optional<String> validateCmd) {
        public static Validation haproxy(String haproxyBin) {
            return new Validation(haproxyBin, Optional.empty());
        }

        /** Java's reason for not running a program: "error=2, No such file..." or "error: 2 (No such file...)". */
        private static final Pattern CANNOT_EXEC = Pattern.compile("error(?:=|: )\\d+(?:, (.+)| \\((.+)\\))");

        /**
         * Why the HAProxy binary cannot be used, in the official's words, when {@code <haproxy_bin> -v} fails: the
         * official checks it so at start, whatever validates the changes.
         */
        public Optional<String> binaryProblem(Duration timeout) {
            Result version = Commands.run(List.of(haproxyBin, "-v"), timeout);
            if (version.succeeded()) {
                return Optional.empty();
            }
            // Java names the errno's text, as Go's exec does
            Matcher errno = CANNOT_EXEC.matcher(version.stderr());
            String reason = !errno.find() ? null
                    : (errno.group(1) != null ? errno.group(1) : errno.group(2)).strip().toLowerCase(Locale.ROOT);
            String why = version.exitStatus() != -1 ? "exit status " + version.exitStatus()
                    : reason == null ? version.stderr()
                    : !haproxyBin.contains("/") && reason.equals("no such file or directory")
                    ? "exec: \"" + haproxyBin + "\": executable file not found in $PATH"
                    : "fork/exec " + haproxyBin + ": " + reason;
            return Optional.of("50: path to HAProxy binary not valid: " + haproxyBin + ", err: " + why);
        }

        public Result run(Path candidate, Duration timeout) {
            return validateCmd
                    .map(cmd -> Commands.run(split(cmd), Map.of("DATAPLANEAPI_TRANSACTION_FILE", candidate.toString()),
                            timeout))
                    // -W as the official always adds it, so that program sections validate
                    .orElseGet(() -> Commands.run(List.of(haproxyBin, "-W", "-c", "-f", candidate.toString()), timeout));
        }
    }

    public static Result run(List<String> argv, Duration timeout) {
        return run(argv, Map.of(), timeout);
    }

    public static Result run(List<String> argv, Map<String, String> env, Duration timeout) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            return new Result(-1, "", e.getMessage());
        }
        // each stream drained by its own virtual thread: a command that hangs never holds up another one's output
        CompletableFuture<String> out = new CompletableFuture<>();
        CompletableFuture<String> err = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> out.complete(drain(process.getInputStream())));
        Thread.ofVirtual().start(() -> err.complete(drain(process.getErrorStream())));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                return new Result(-1, out.getNow(""), "timed out after " + timeout.toSeconds() + "s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            return Result.INTERRUPTED;
        }
    }

    /** Stops a command and what it started (a script's children would keep its output open). */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
