package dev.dpapi.transactions;

import dev.dpapi.config.ConfigException;
import dev.dpapi.config.ConfigStore;
import dev.dpapi.config.ConfigText;
import dev.dpapi.config.TransactionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Entry point of the transactions capability: staged changes to haproxy.cfg, each a copy of the file in
 * {@code transaction_dir} named {@code <config basename>.<uuid>}, committed all at once (one validation,
 * one version bump, one reload). Failed and outdated ones move to {@code failed/} and {@code outdated/}.
 * In-progress ones survive restarts.
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

    private Transactions(Path dir, ConfigStore store, int maxOpen) {
        this.dir = dir;
        this.baseName = store.file().getFileName().toString();
        this.store = store;
        this.maxOpen = maxOpen;
    }

    /** Opens the directory, re-reading the transactions left in progress by an earlier run. */
    public static Transactions open(Path dir, ConfigStore store, int maxOpen) {
        Transactions t = new Transactions(dir, store, maxOpen);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (name.startsWith(t.baseName + ".")) {
                        t.inProgress.put(name.substring(t.baseName.length() + 1), ConfigText.parse(Files.readString(f)));
                    }
                }
            } catch (IOException e) {
                // an unreadable directory holds no transaction we could use
            }
        }
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
        try {
            store.commit(version, now -> text);
        } catch (ConfigException e) {
            if (e.status() == 400) {
                move(id, "failed");
            }
            throw e;
        }
        inProgress.remove(id);
        deleteFile(id);
        for (String other : List.copyOf(inProgress.keySet())) { // built on a version that is gone now
            if (inProgress.get(other).version() <= version) {
                move(other, "outdated");
            }
        }
        return new Transaction(version, id, "success");
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
        ConfigText changed = change.apply(text(id));
        save(id, changed);
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

    private static long versionOf(Path file) {
        try {
            return ConfigText.parse(Files.readString(file)).version();
        } catch (IOException e) {
            return 0;
        }
    }

    private String fileName(String id) {
        return baseName + "." + id;
    }

    private void save(String id, ConfigText text) throws ConfigException {
        try {
            Files.createDirectories(dir, OWNER_ONLY);
            Path temp = Files.createTempFile(dir, ".tx", ".tmp");
            Files.writeString(temp, text.render(), StandardCharsets.UTF_8);
            Files.move(temp, dir.resolve(fileName(id)), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ConfigException(500, "40: cannot write transaction " + id + ": " + e.getMessage());
        }
    }

    private void move(String id, String status) {
        inProgress.remove(id);
        try {
            Files.createDirectories(dir.resolve(status), OWNER_ONLY);
            Files.move(dir.resolve(fileName(id)), dir.resolve(status).resolve(fileName(id)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the in-memory state is what counts for this run
        }
    }

    private void deleteFile(String id) {
        try {
            Files.deleteIfExists(dir.resolve(fileName(id)));
        } catch (IOException e) {
            // a leftover file of a committed transaction is only re-read as in progress; harmless but noted
        }
    }
}
