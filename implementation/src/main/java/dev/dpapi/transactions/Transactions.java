package dev.dpapi.transactions;

import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.TransactionStore;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Entry point of the transactions capability: staged changes to haproxy.cfg, committed all at once (one
 * validation, one version bump, one reload). A transaction lives in memory and in {@code transaction_dir}: the
 * file as it started, {@code <config basename>.<uuid>}, and a {@link Journal} of its changes beside it, so a
 * change costs an append, not a copy of the file. In-progress ones survive restarts (the start copy replayed with
 * its journal). Failed and outdated ones are written whole to {@code failed/} and {@code outdated/}.
 */
public final class Transactions implements TransactionStore {

    /** Transaction files hold configuration (passwords included): their directories are the owner's only. */
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** The transaction model of the API. */
    public record Transaction(long _version, String id, String status) {
    }

    private final Path dir;
    private final String baseName;
    private final ConfigStore store;
    private final int maxOpen;
    private final Map<String, ConfigText> inProgress = new LinkedHashMap<>();
    /** The transaction whose commit is writing haproxy.cfg now: the write does not outdate it. */
    private String committing;

    private Transactions(Path dir, ConfigStore store, int maxOpen) {
        this.dir = dir;
        this.baseName = store.file().getFileName().toString();
        this.store = store;
        this.maxOpen = maxOpen;
    }

    /**
     * Opens the directory, re-reading the transactions left in progress by an earlier run. From now on every write
     * of haproxy.cfg through {@code store} outdates the transactions started from the version it replaced.
     */
    public static Transactions open(Path dir, ConfigStore store, int maxOpen) {
        Transactions t = new Transactions(dir, store, maxOpen);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (name.startsWith(t.baseName + ".") && !name.endsWith(Journal.SUFFIX)) {
                        ConfigText started = ConfigText.parse(Files.readAllBytes(f));
                        t.inProgress.put(name.substring(t.baseName.length() + 1), Journal.replay(started, t.journal(f)));
                    }
                }
            } catch (IOException e) {
                // an unreadable directory holds no transaction we could use
            }
        }
        store.afterEachWrite(t::outdateUpTo);
        return t;
    }

    public synchronized Transaction start(long version) throws ConfigException {
        if (maxOpen > 0 && inProgress.size() >= maxOpen) {
            throw new ConfigException(429, "cannot start a new transaction, reached the maximum amount of "
                    + maxOpen + " active transactions available");
        }
        ConfigText current = store.current();
        if (current.version() != version) {
            throw new ConfigException(409, "15: version in configuration file is " + current.version()
                    + ", given version is " + version);
        }
        String id = UUID.randomUUID().toString();
        ConfigText text = current.withVersion(version);
        save(id, text);
        inProgress.put(id, text);
        return new Transaction(version, id, "in_progress");
    }

    public synchronized List<Transaction> list(Optional<String> status) {
        List<Transaction> all = new ArrayList<>();
        if (status.isEmpty() || status.get().equals("in_progress")) {
            inProgress.forEach((id, text) -> all.add(new Transaction(text.version(), id, "in_progress")));
        }
        for (String ended : List.of("failed", "outdated")) {
            if (status.isEmpty() || status.get().equals(ended)) {
                all.addAll(ended(ended));
            }
        }
        return all;
    }

    public synchronized Optional<Transaction> get(String id) {
        ConfigText text = inProgress.get(id);
        if (text != null) {
            return Optional.of(new Transaction(text.version(), id, "in_progress"));
        }
        return list(Optional.empty()).stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** Commits: the transaction's text replaces haproxy.cfg if the version still matches and HAProxy accepts it. */
    public synchronized Transaction commit(String id) throws ConfigException {
        ConfigText text = inProgress.get(id);
        if (text == null) {
            Optional<Transaction> ended = get(id);
            if (ended.isPresent()) {
                throw new ConfigException(406, "transaction " + id + " is " + ended.get().status()
                        + " and cannot be committed");
            }
            throw new ConfigException(404, "20: transaction " + id + " does not exist");
        }
        long version = text.version();
        long current = store.current().version();
        if (version != current) {
            move(id, "outdated");
            throw new ConfigException(409, "15: version mismatch, transaction version: " + version
                    + ", configured version: " + current);
        }
        committing = id;
        try {
            store.commit(version, now -> text); // outdates the others started from this version or before
        } catch (ConfigException e) {
            if (e.isRefusedByValidation()) {
                move(id, "failed");
            }
            throw e;
        } finally {
            committing = null;
        }
        inProgress.remove(id);
        deleteFile(id);
        return new Transaction(version, id, "success");
    }

    @Override
    public synchronized void refused(ConfigText refused) {
        try {
            save(dir.resolve("failed").resolve(fileName(UUID.randomUUID().toString())), refused);
        } catch (IOException e) {
            // the refusal is answered all the same; only its listing is lost
        }
    }

    /**
     * haproxy.cfg was written over {@code version}: for the official server every write is a committed transaction,
     * and a commit outdates every other transaction started from that version or before.
     */
    private synchronized void outdateUpTo(long version) {
        for (String other : List.copyOf(inProgress.keySet())) { // built on a version that is gone now
            if (!other.equals(committing) && inProgress.get(other).version() <= version) {
                move(other, "outdated");
            }
        }
    }

    public synchronized boolean delete(String id) {
        if (inProgress.remove(id) != null) {
            deleteFile(id);
            return true;
        }
        for (String ended : List.of("failed", "outdated")) {
            try {
                if (Files.deleteIfExists(dir.resolve(ended).resolve(fileName(id)))) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** The version a transaction started from, or 0 when none is in progress under this id. */
    public synchronized long versionOrZero(String id) {
        ConfigText text = inProgress.get(id);
        return text == null ? 0 : text.version();
    }

    @Override
    public synchronized ConfigText text(String id) throws ConfigException {
        ConfigText text = inProgress.get(id);
        if (text == null) {
            throw new ConfigException(400, "20: Transaction " + id + " does not exist");
        }
        return text;
    }

    @Override
    public synchronized void change(String id, ConfigStore.ConfigChange change) throws ConfigException {
        ConfigText before = text(id);
        ConfigText changed = change.apply(before);
        try {
            Journal.append(journal(dir.resolve(fileName(id))), changed.since(before));
        } catch (IOException e) {
            throw new ConfigException(500, "40: cannot write transaction " + id + ": " + e.getMessage());
        }
        inProgress.put(id, changed);
    }

    private List<Transaction> ended(String status) {
        Path sub = dir.resolve(status);
        if (!Files.isDirectory(sub)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(sub)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(baseName + "."))
                    .map(n -> new Transaction(versionOf(sub.resolve(n)), n.substring(baseName.length() + 1), status))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The version a kept file declares, read from the lines before its first section only. */
    private static long versionOf(Path file) {
        List<Line> preamble = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                Line line = Line.of(l, "\n");
                if (Section.KINDS.contains(line.keyword())) {
                    break;
                }
                preamble.add(line);
            }
        } catch (IOException e) {
            return 0;
        }
        return new ConfigText(preamble, List.of()).version();
    }

    private Path journal(Path started) {
        return started.resolveSibling(started.getFileName() + Journal.SUFFIX);
    }

    private String fileName(String id) {
        return baseName + "." + id;
    }

    /** Writes a whole text atomically: the start of a transaction, or an ended one. */
    private static void save(Path target, ConfigText text) throws IOException {
        Files.createDirectories(target.getParent(), OWNER_ONLY);
        Path temp = Files.createTempFile(target.getParent(), ".tx", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                text.writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void save(String id, ConfigText text) throws ConfigException {
        try {
            Files.deleteIfExists(journal(dir.resolve(fileName(id))));
            save(dir.resolve(fileName(id)), text);
        } catch (IOException e) {
            throw new ConfigException(500, "40: cannot write transaction " + id + ": " + e.getMessage());
        }
    }

    /** Ends a transaction: its text as it stands, written whole under {@code status/}. */
    private void move(String id, String status) {
        ConfigText text = inProgress.remove(id);
        try {
            save(dir.resolve(status).resolve(fileName(id)), text);
        } catch (IOException e) {
            // the in-memory state is what counts for this run
        }
        deleteFile(id);
    }

    private void deleteFile(String id) {
        try {
            Files.deleteIfExists(journal(dir.resolve(fileName(id))));
            Files.deleteIfExists(dir.resolve(fileName(id)));
        } catch (IOException e) {
            // a leftover file of a committed transaction is only re-read as in progress; harmless but noted
        }
    }
}
