package dev.dpapi.spoe;

import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigText;
import dev.dpapi.model.SpoeTables;
import dev.dpapi.storage.AtomicFile;
import dev.dpapi.spoe.SpoeService.Transaction;
import dev.dpapi.storage.StorageService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SPOE files of spoe_dir, each with its own {@code # _version} line and its own transactions: a
 * transaction is a copy of the file in spoe_transaction_dir ({@code <file>.<uuid>}, owner-only), changed in
 * place and written over the file at commit. Every change is serialised by this object's lock, validated with
 * haproxy.cfg when a filter there reads the file, and every file is replaced whole (temp file, fsync, rename).
 */
final class SpoeFiles {

    /** A change of an SPOE file's text. */
    @FunctionalInterface
    interface Change {
        ConfigText apply(ConfigText text) throws ConfigException;
    }

    private static final Pattern TRANSACTION_ID = Pattern.compile(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String IN_PROGRESS = "in_progress";

    private final Path dir;
    private final Path transactionDir;
    private final int maxOpen;
    private final References references;
    /** Transactions that ended without a commit (outdated, or failed validation), by id: listed, deletable. */
    private final Map<String, Transaction> ended = new HashMap<>();
    private final Map<String, String> endedFile = new HashMap<>();

    SpoeFiles(Path dir, Path transactionDir, int maxOpen, References references) {
        this.dir = StorageService.directory(dir);
        this.references = references;
        this.transactionDir = transactionDir.toAbsolutePath().normalize();
        this.maxOpen = maxOpen;
    }

    static ConfigText parse(byte[] bytes) {
        return ConfigText.parse(bytes, SpoeTables::opensSection);
    }

    synchronized List<String> names() throws ConfigException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(500, "cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** Stores an uploaded file under its (checked) name; 409 when it exists. */
    synchronized Path create(String name, byte[] content) throws ConfigException {
        Path file = StorageService.fileIn(dir, name);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(409, "31: file " + file + " already exists");
        }
        List<String> problems = parse(content).problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(400, "0: " + name + ": " + problems.get(0));
        }
        write(file, content, null);
        return file;
    }

    /** The path of an existing SPOE file; 404 otherwise. */
    Path path(String name) throws ConfigException {
        Path file = StorageService.fileIn(dir, name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(404, "30: spoe file " + name + " does not exist");
        }
        return file;
    }

    /** Deletes the file and its transactions. */
    synchronized void delete(String name) throws ConfigException {
        Path file = path(name);
        try {
            for (String id : inProgress(name)) {
                Files.deleteIfExists(transactionFile(name, id));
            }
            Files.delete(file);
        } catch (IOException e) {
            throw new ConfigException(500, "deleting " + file + ": " + e.getMessage());
        }
        endedFile.entrySet().removeIf(e -> {
            if (e.getValue().equals(name)) {
                ended.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** The file's text, or the transaction's when one is named. */
    synchronized ConfigText text(String name, Optional<String> transaction) throws ConfigException {
        Path file = transaction.isPresent() ? existingTransaction(name, transaction.get()) : path(name);
        return parse(read(file));
    }

    /**
     * Applies a change: inside the transaction, or to the file directly at {@code version} (409 when the file
     * is at another version), which then moves to the next version.
     */
    synchronized void change(String name, Optional<String> transaction, OptionalLong version, Change change)
            throws ConfigException {
        if (transaction.isPresent()) {
            Path file = existingTransaction(name, transaction.get());
            ConfigText changed = change.apply(parse(read(file)));
            write(file, changed.renderBytes(), OWNER_ONLY);
            return;
        }
        Path file = path(name);
        ConfigText current = parse(read(file));
        if (current.version() != version.orElseThrow()) {
            throw new ConfigException(409, "15: version in configuration file is " + current.version()
                    + ", given version is " + version.getAsLong());
        }
        byte[] changed = change.apply(current).withVersion(current.version() + 1).renderBytes();
        references.check(file, changed);
        write(file, changed, null);
    }

    synchronized Transaction start(String name, long version) throws ConfigException {
        Path file = path(name);
        if (maxOpen > 0 && openCount() >= maxOpen) {
            throw new ConfigException(429, "cannot start a new transaction, reached the maximum amount of "
                    + maxOpen + " active transactions available");
        }
        byte[] bytes = read(file);
        long current = parse(bytes).version();
        if (current != version) {
            throw new ConfigException(409, "15: version in configuration file is " + current
                    + ", given version is " + version);
        }
        String id = UUID.randomUUID().toString();
        try {
            Files.createDirectories(transactionDir);
            Files.setPosixFilePermissions(transactionDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new ConfigException(500, "40: cannot write transaction " + id + ": " + e.getMessage());
        }
        write(transactionFile(name, id), bytes, OWNER_ONLY);
        return new Transaction(current, id, IN_PROGRESS);
    }

    synchronized List<Transaction> list(String name, Optional<String> status) throws ConfigException {
        path(name);
        List<Transaction> out = new ArrayList<>();
        if (status.isEmpty() || status.get().equals(IN_PROGRESS)) {
            for (String id : inProgress(name)) {
                out.add(new Transaction(parse(read(transactionFile(name, id))).version(), id, IN_PROGRESS));
            }
        }
        endedFile.forEach((id, file) -> {
            Transaction t = ended.get(id);
            if (file.equals(name) && (status.isEmpty() || status.get().equals(t.status()))) {
                out.add(t);
            }
        });
        return out;
    }

    synchronized Optional<Transaction> get(String name, String id) throws ConfigException {
        path(name);
        if (TRANSACTION_ID.matcher(id).matches() && Files.isRegularFile(transactionFile(name, id))) {
            return Optional.of(new Transaction(parse(read(transactionFile(name, id))).version(), id, IN_PROGRESS));
        }
        return name.equals(endedFile.get(id)) ? Optional.of(ended.get(id)) : Optional.empty();
    }

    /**
     * Writes the transaction's text over the file at the next version. A transaction started from another
     * version than the file's is outdated (409), and so are the other transactions of the file started from
     * the committed version or an older one; one that haproxy.cfg would not load with has failed (400).
     */
    synchronized Transaction commit(String name, String id) throws ConfigException {
        Path file = path(name);
        Optional<Transaction> found = get(name, id);
        if (found.isEmpty()) {
            throw new ConfigException(404, "20: transaction " + id + " does not exist");
        }
        if (!found.get().status().equals(IN_PROGRESS)) {
            throw new ConfigException(406, "transaction " + id + " is " + found.get().status()
                    + " and cannot be committed");
        }
        Path staged = transactionFile(name, id);
        ConfigText text = parse(read(staged));
        long current = parse(read(file)).version();
        if (text.version() != current) {
            end(name, id, text.version(), "outdated");
            throw new ConfigException(409, "15: version mismatch, transaction version: " + text.version()
                    + ", configured version: " + current);
        }
        byte[] committed = text.withVersion(current + 1).renderBytes();
        try {
            references.check(file, committed);
        } catch (ConfigException refused) {
            end(name, id, text.version(), "failed");
            throw refused;
        }
        write(file, committed, null);
        deleteQuietly(staged);
        for (String other : inProgress(name)) {
            long version = parse(read(transactionFile(name, other))).version();
            if (version <= current) {
                end(name, other, version, "outdated");
            }
        }
        return new Transaction(current, id, "success");
    }

    /** Deletes a transaction, whatever its status; false when there is none. */
    synchronized boolean deleteTransaction(String name, String id) throws ConfigException {
        path(name);
        if (TRANSACTION_ID.matcher(id).matches() && Files.isRegularFile(transactionFile(name, id))) {
            deleteQuietly(transactionFile(name, id));
            return true;
        }
        if (name.equals(endedFile.get(id))) {
            endedFile.remove(id);
            ended.remove(id);
            return true;
        }
        return false;
    }

    private void end(String name, String id, long version, String status) {
        deleteQuietly(transactionFile(name, id));
        ended.put(id, new Transaction(version, id, status));
        endedFile.put(id, name);
    }

    private Path existingTransaction(String name, String id) throws ConfigException {
        path(name);
        Path file = TRANSACTION_ID.matcher(id).matches() ? transactionFile(name, id) : null;
        if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(400, "20: Transaction " + id + " does not exist");
        }
        return file;
    }

    private Path transactionFile(String name, String id) {
        return transactionDir.resolve(name + "." + id);
    }

    /** Ids of the file's transactions in progress, in the order of their files' names. */
    private List<String> inProgress(String name) throws ConfigException {
        if (!Files.isDirectory(transactionDir)) {
            return List.of();
        }
        String prefix = name + ".";
        try (Stream<Path> files = Files.list(transactionDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && TRANSACTION_ID.matcher(n.substring(prefix.length())).matches())
                    .map(n -> n.substring(prefix.length())).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(500, "cannot list " + transactionDir + ": " + e.getMessage());
        }
    }

    private long openCount() throws ConfigException {
        if (!Files.isDirectory(transactionDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(transactionDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.length() > 37
                    && TRANSACTION_ID.matcher(n.substring(n.length() - 36)).matches()).count();
        } catch (IOException e) {
            throw new ConfigException(500, "cannot list " + transactionDir + ": " + e.getMessage());
        }
    }

    private static byte[] read(Path file) throws ConfigException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(500, "41: Cannot read " + file);
        }
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> mode) throws ConfigException {
        try {
            AtomicFile.write(file, content, mode);
        } catch (IOException e) {
            throw new ConfigException(500, "40: cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a transaction file left behind is listed again, and can be deleted through the API
        }
    }
}
