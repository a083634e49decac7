package dev.dpapi.text;

import dev.dpapi.reload.ReloadAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The copy of haproxy.cfg that HAProxy last loaded ({@code <config>.lkg}, or {@code <backups_dir>/<name>.lkg}):
 * taken at start and after each successful reload, and put back when a reload fails.
 */
public final class LastKnownGood implements ReloadAgent.Guard {

    private static final Logger LOG = Logger.getLogger("dataplaneapi.reload");

    private final ConfigStore config;
    private final Path copy;

    private LastKnownGood(ConfigStore config, Path copy) {
        this.config = config;
        this.copy = copy;
    }

    /** Takes the first copy: the file as HAProxy runs it when the API starts. */
    public static LastKnownGood start(ConfigStore config, Path dir) {
        LastKnownGood lkg = new LastKnownGood(config, dir.resolve(config.file().getFileName() + ".lkg"));
        lkg.succeeded(lkg.reloading());
        return lkg;
    }

    public Path path() {
        return copy;
    }

    @Override
    public byte[] reloading() {
        try {
            return Files.readAllBytes(config.file());
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public void succeeded(byte[] reloaded) {
        try {
            keep(reloaded);
        } catch (IOException e) {
            LOG.warning("cannot keep the last known good configuration in " + copy + ": " + e.getMessage());
        }
    }

    @Override
    public String failed(byte[] reloaded) {
        try {
            byte[] good = Files.readAllBytes(copy);
            if (Arrays.equals(good, reloaded)) {
                return "";
            }
            return config.restore(reloaded, new String(good, StandardCharsets.UTF_8))
                    ? "; " + config.file() + " restored from " + copy : "";
        } catch (IOException | ConfigException e) {
            LOG.warning("cannot restore " + config.file() + " from " + copy + ": " + e.getMessage());
            return "; " + config.file() + " not restored from " + copy + ": " + e.getMessage();
        }
    }

    private void keep(byte[] bytes) throws IOException {
        Files.createDirectories(copy.getParent(), // it holds copies of haproxy.cfg
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path temp = Files.createTempFile(copy.getParent(), "." + copy.getFileName() + ".", ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
