package dev.dpapi.config;

import java.io.IOException;
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

    private record Snapshot(ConfigText text, FileTime modified, long size) {
    }

    private final Path file;
    private volatile Snapshot snapshot;

    private ConfigStore(Path file, Snapshot snapshot) {
        this.file = file;
        this.snapshot = snapshot;
    }

    /** Reads the file; fails with the official wording when it cannot. */
    public static ConfigStore open(Path file) throws IOException {
        try {
            return new ConfigStore(file, read(file));
        } catch (IOException e) {
            throw new IOException("41: Cannot read " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public ConfigText current() {
        Snapshot s = snapshot;
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

    public long version() {
        return current().version();
    }

    private static Snapshot read(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return new Snapshot(ConfigText.parse(text), attributes.lastModifiedTime(), attributes.size());
    }
}
