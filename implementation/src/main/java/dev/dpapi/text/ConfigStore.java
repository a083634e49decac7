package dev.dpapi.text;

import dev.dpapi.reload.Commands;
import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Entry point of the config capability: the managed haproxy.cfg, parsed once and kept in memory. An
 * external edit is noticed by its modification time and size, and parsed again.
 */
public final class ConfigStore {

    // against a validator that hangs, not a large file on a busy machine (50,000 backends: tens of seconds)
    private static final Duration VALIDATE_TIMEOUT = Duration.ofMinutes(5);

    private record Snapshot(ConfigText text, FileTime modified, long size) {
    }

    /** Copies of the file before each change: {@code <dir>/<basename>.<version>}, the last {@code keep} of them. */
    public record Backups(Path dir, int keep) {
    }

    private final Path file;
    private final Commands.Validation validation;
    private final Backups backups;
    /** Whether outside edits are noticed at the next request; without it only SIGUSR2 or a restart reads them. */
    private final boolean watchFile;
    private volatile Snapshot snapshot;
    private volatile LongConsumer afterEachWrite = replaced -> { };
    /** Set on a thread while it serves a request: TRUE once that request has looked at the file. */
    private final ThreadLocal<Boolean> looked = new ThreadLocal<>();

    private ConfigStore(Path file, Commands.Validation validation, Backups backups, boolean watchFile,
                        Snapshot snapshot) {
        this.file = file;
        this.validation = validation;
        this.backups = backups;
        this.watchFile = watchFile;
        this.snapshot = snapshot;
    }

    /** Reads the file; fails with the official wording when it cannot, naming the line of a parse problem. */
    public static ConfigStore open(Path file, Commands.Validation validation, Backups backups) throws IOException {
        return open(file, validation, backups, true);
    }

    /** Like {@link #open(Path, Commands.Validation, Backups)}; {@code watchFile} false is {@code disable_inotify}. */
    public static ConfigStore open(Path file, Commands.Validation validation, Backups backups, boolean watchFile)
            throws IOException {
        Snapshot snapshot;
        try {
            snapshot = read(file);
        } catch (IOException e) {
            throw new IOException("41: Cannot read " + file, e);
        }
        List<String> problems = snapshot.text().problems();
        if (!problems.isEmpty()) {
            throw new IOException(file + ": " + problems.get(0));
        }
        return new ConfigStore(file, validation, backups, watchFile, snapshot);
    }

    /** The backup of a version, when one is kept. */
    public Optional<String> backup(long version) {
        try {
            return Optional.of(Files.readString(backups.dir().resolve(file.getFileName() + "." + version)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Runs one request during which the file is looked at (stat) once: the first {@link #current()} checks it,
     * later ones in the same request answer the same snapshot (or a newer one this store wrote).
     */
    public void oneLookPer(Runnable request) {
        looked.set(Boolean.FALSE);
        try {
            request.run();
        } finally {
            looked.remove();
        }
    }

    /** The file's model; parsed again when the file changed on disk since (at most one look per request). */
    public ConfigText current() {
        Boolean state = looked.get();
        if (state == Boolean.TRUE) {
            return snapshot.text();
        }
        ConfigText text = fresh();
        if (state != null) {
            looked.set(Boolean.TRUE);
        }
        return text;
    }

    /** The file's model after looking at the file now. */
    private ConfigText fresh() {
        Snapshot s = snapshot;
        if (!watchFile) {
            return s.text();
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.lastModifiedTime().equals(s.modified()) || attributes.size() != s.size()) {
                synchronized (this) {
                    s = read(file);
                    snapshot = s;
                }
            }
        } catch (IOException e) {
            // keep serving the last good copy; the next request looks again
        }
        return s.text();
    }

    /** Parses the file again now, whatever its timestamp says (SIGUSR2). */
    public synchronized void reload() throws IOException {
        snapshot = read(file);
    }

    public long version() {
        return current().version();
    }

    /**
     * Applies one change made against {@code expectedVersion}: the new text, with its version line bumped,
     * is validated by {@code haproxy -c} and then replaces the file atomically (temp file, fsync, rename).
     * Nothing is written when the version does not match or HAProxy rejects the result.
     */
    public ConfigText commit(long expectedVersion, ConfigChange change) throws ConfigException {
        return announced(() -> {
            ConfigText current = fresh();
            if (current.version() != expectedVersion) {
                throw new ConfigException(409, "15: version in configuration file is " + current.version()
                        + ", given version is " + expectedVersion);
            }
            return write(change.apply(current).withVersion(expectedVersion + 1));
        });
    }

    /**
     * Replaces the whole file with {@code text}, validated, without a version check or bump (skip_version); its
     * last line is ended, as a versioned write ends it.
     */
    public ConfigText replaceUnchecked(ConfigText text) throws ConfigException {
        return announced(() -> {
            fresh(); // the version it replaces is the file's, edited outside or not
            return write(text.terminated());
        });
    }

    /**
     * Whom to tell of each write, once the new file is in place and before its writer gets the answer: the version
     * the write replaced. Every writer comes through here (a direct change, a transaction's commit, a raw push,
     * service discovery, a restore after a failed reload); the transactions listen, as each write outdates the
     * ones started from the version it replaced. One listener; a new one replaces it.
     */
    public void afterEachWrite(LongConsumer replacedVersion) {
        afterEachWrite = replacedVersion;
    }

    /**
     * Puts {@code good} back (a reload of {@code failed} did not work), unless the file changed since: a newer
     * change has its own reload coming. The version still moves forward, so no client's version matches
     * both states. Validated like any write (a file it names may have gone since HAProxy ran it).
     */
    public boolean restore(byte[] failed, String good) throws ConfigException {
        return announced(() -> {
            try {
                if (!java.util.Arrays.equals(Files.readAllBytes(file), failed)) {
                    return null;
                }
            } catch (IOException e) {
                return null;
            }
            ConfigText current = fresh();
            return write(ConfigText.parse(good).withVersion(current.version() + 1));
        }) != null;
    }

    /** A write made under the store's lock: the text now in the file and the version it replaced. */
    private record Written(ConfigText text, long replaced) {
    }

    @FunctionalInterface
    private interface LockedWrite {
        /** The write done, or null when nothing was written. */
        Written run() throws ConfigException;
    }

    /**
     * Runs a write under the store's lock, then tells {@link #afterEachWrite} outside it: the listener takes its
     * own lock, whose holders call into the store (a transaction's commit), so the two locks are never nested
     * the other way round.
     */
    private ConfigText announced(LockedWrite write) throws ConfigException {
        Written written;
        synchronized (this) {
            written = write.run();
        }
        if (written == null) {
            return null;
        }
        afterEachWrite.accept(written.replaced());
        return written.text();
    }

    /** Validates a text on its own, in a temp file, as {@code haproxy -c} sees it (only_validate). */
    public void validateOnly(String text) throws ConfigException {
        Path temp = null;
        try {
            temp = Files.createTempFile("onlyvalidate", ".cfg");
            Files.writeString(temp, text);
            validate(temp);
        } catch (IOException e) {
            throw new ConfigException(500, "40: " + e.getMessage());
        } finally {
            deleteQuietly(temp);
        }
    }

    /** The one place haproxy.cfg is written: validated, backed up, renamed into place. Under the store's lock. */
    private Written write(ConfigText changed) throws ConfigException {
        long replaced = snapshot.text().version();
        Path temp = null;
        try {
            temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                changed.writeTo(out);
                out.flush();
                channel.force(true);
            }
            // the file keeps the mode its owner gave it (0640 for a file holding userlist passwords stays 0640)
            Files.setPosixFilePermissions(temp, Files.exists(file) ? Files.getPosixFilePermissions(file)
                    : PosixFilePermissions.fromString("rw-r--r--"));
            validate(temp);
            keepBackup();
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            // the model we wrote is the file now: kept as it is, never parsed again
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            snapshot = new Snapshot(changed, attributes.lastModifiedTime(), attributes.size());
            return new Written(changed, replaced);
        } catch (IOException e) {
            throw new ConfigException(500, "40: " + e.getMessage());
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temp file is harmless: it is never read
            }
        }
    }

    private void keepBackup() throws IOException {
        if (backups.keep() <= 0) {
            return;
        }
        long version = snapshot.text().version();
        String base = file.getFileName().toString();
        Files.createDirectories(backups.dir());
        // a backup may hold userlist passwords: owner-only from its creation, whatever the umask
        Path backup = backups.dir().resolve(base + "." + version);
        Files.deleteIfExists(backup);
        Files.createFile(backup, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(backup, StandardOpenOption.TRUNCATE_EXISTING)) {
            Files.copy(file, out);
        }
        Files.deleteIfExists(backups.dir().resolve(base + "." + (version - backups.keep())));
    }

    /** A change of the configuration text; refusals are {@link ConfigException}s. */
    @FunctionalInterface
    public interface ConfigChange {
        ConfigText apply(ConfigText current) throws ConfigException;
    }

    private void validate(Path candidate) throws ConfigException {
        Commands.Result r = validation.run(candidate, VALIDATE_TIMEOUT);
        if (r.interrupted()) {
            // the API stops and abandons the write (its graceful timeout passed): not HAProxy's refusal, so nothing
            // is kept as a failed transaction while the process exits
            throw new ConfigException(500, "validation interrupted: the API is stopping");
        }
        if (!r.succeeded()) {
            String alerts = (r.stdout() + r.stderr()).lines().filter(l -> l.contains("[ALERT]"))
                    .map(l -> l.replace(candidate.toString(), file.toString())).collect(Collectors.joining("\n"));
            if (alerts.isEmpty()) { // a validate_cmd's own words
                alerts = (r.stdout() + r.stderr()).strip().replace(candidate.toString(), file.toString());
            }
            throw ConfigException.refusedByValidation("exit status " + r.exitStatus() + ": " + alerts);
        }
    }

    private static Snapshot read(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        byte[] bytes = Files.readAllBytes(file);
        checkUtf8(bytes);
        return new Snapshot(ConfigText.parse(bytes), attributes.lastModifiedTime(), attributes.size());
    }

    /** Refuses a file that is not UTF-8, as reading it as text would (most files are ASCII: one quick pass). */
    private static void checkUtf8(byte[] bytes) throws CharacterCodingException {
        for (byte b : bytes) {
            if (b < 0) {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
                return;
            }
        }
    }
}
