package dev.dpapi.spoe;

import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.text.Line;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The filters of haproxy.cfg that read an SPOE file ({@code filter spoe ... config <file>}). HAProxy reads the
 * file at every reload, so a change of a file it reads is validated as a change of haproxy.cfg would be: the
 * candidate text in a temp file, haproxy.cfg pointing its filters there, {@code haproxy -c} (or validate_cmd).
 */
final class References {

    private final ConfigStore config;

    References(ConfigStore config) {
        this.config = config;
    }

    /** Refuses (400, with HAProxy's words) a new text of {@code file} with which haproxy.cfg would not load. */
    void check(Path file, byte[] candidate) throws ConfigException {
        String path = file.toString();
        String cfg = config.current().render();
        if (!cfg.contains(path)) {
            return;
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".check");
            StringBuilder pointed = new StringBuilder(cfg.length());
            boolean named = false;
            for (String raw : cfg.split("(?<=\n)")) {
                Line l = Line.of(raw.strip(), "");
                if (l.keyword().equals("filter") && l.word(1).equals("spoe") && l.words().contains(path)) {
                    pointed.append(raw.replace(path, temp.toString()));
                    named = true;
                } else {
                    pointed.append(raw);
                }
            }
            if (!named) {
                return;
            }
            Files.write(temp, candidate);
            config.validateOnly(pointed.toString());
        } catch (ConfigException e) {
            throw new ConfigException(e.status(), e.code(), e.getMessage().replace(temp.toString(), path));
        } catch (IOException e) {
            throw new ConfigException(500, "40: " + e.getMessage());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover dot file is never listed nor read
                }
            }
        }
    }
}
