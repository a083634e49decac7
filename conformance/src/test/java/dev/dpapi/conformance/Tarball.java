package dev.dpapi.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.utility.MountableFile;

/** The implementation under test: a release tarball holding {@code build/dataplaneapi}, and nothing more. */
public record Tarball(Path path) {

    public static Tarball underTest() {
        String configured = System.getenv("CONFORMANCE_TARBALL");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("conformance.tarball");
        }
        Path path = Path.of(configured).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no tarball to test at " + path
                    + " (set CONFORMANCE_TARBALL or -Dconformance.tarball)");
        }
        return new Tarball(path);
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    /** Copies the tarball into the container's /root, ready for the install guide's steps. */
    public void copyInto(HaproxyContainer haproxy) {
        haproxy.copyFileToContainer(MountableFile.forHostPath(path), "/root/" + fileName());
    }

    /** The install guide's steps 2 and 3, literally, in /root. */
    public void install(HaproxyContainer haproxy) {
        copyInto(haproxy);
        haproxy.shell("cd /root && tar -zxvf " + fileName());
        haproxy.shell("cd /root && chmod +x build/dataplaneapi");
        haproxy.shell("cd /root && cp build/dataplaneapi /usr/local/bin/");
    }
}
