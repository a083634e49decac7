package dev.dpapi.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.testcontainers.utility.MountableFile;

/**
 * An implementation under test: a name for the report and a release tarball holding {@code build/dataplaneapi},
 * and nothing more. The suite knows nothing else of it.
 */
public record Implementation(String name, Path tarball) {

    /**
     * The implementations to grade: {@code CONFORMANCE_TARBALLS} (comma-separated, each {@code name=path} or just a
     * path), else {@code CONFORMANCE_TARBALL}, else the build's own tarball ({@code -Dconformance.tarball}).
     */
    static List<Implementation> configured(Function<String, String> parameter) {
        String list = RunParameter.of(parameter, "conformance.tarballs", "CONFORMANCE_TARBALLS");
        if (list == null) {
            list = RunParameter.of(parameter, "conformance.tarball", "CONFORMANCE_TARBALL");
        }
        if (list == null) {
            throw new IllegalStateException("no tarball to test: set CONFORMANCE_TARBALLS or -Dconformance.tarball");
        }
        List<Implementation> all = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            Path path = Path.of((eq < 0 ? entry : entry.substring(eq + 1)).strip()).toAbsolutePath();
            String name = eq < 0 ? defaultName(path) : entry.substring(0, eq).strip();
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("no tarball at " + path + " (for implementation " + name + ")");
            }
            if (!names.add(name)) {
                throw new IllegalStateException("two implementations named " + name + ": give them names, name=path");
            }
            all.add(new Implementation(name, path));
        }
        return all;
    }

    /** {@code dataplaneapi_2.8.0_Linux_x86_64.tar.gz} gives {@code dataplaneapi_2.8.0}. */
    private static String defaultName(Path path) {
        return path.getFileName().toString().replaceAll("(_Linux_x86_64)?\\.tar\\.gz$", "");
    }

    public String fileName() {
        return tarball.getFileName().toString();
    }

    /** The install guide's steps 1 to 3, literally, in /root: copy, {@code tar -zxvf}, {@code chmod +x}, {@code cp}. */
    public void install(HaproxyContainer<?> haproxy) {
        haproxy.copyFileToContainer(MountableFile.forHostPath(tarball), "/root/" + fileName());
        haproxy.shell("cd /root && tar -zxvf '" + fileName() + "'");
        haproxy.shell("cd /root && chmod +x build/dataplaneapi");
        haproxy.shell("cd /root && cp build/dataplaneapi /usr/local/bin/");
    }

    @Override
    public String toString() {
        return name;
    }
}
