package dev.dpapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Version, commit and build date stamped into the jar by the build. */
public record BuildInfo(String version, String commit, String date) {

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(p.getProperty("version", "0.0.0"), p.getProperty("commit", "unknown"),
                p.getProperty("date", "0001-01-01T00:00:00.000Z"));
    }

    /** {@code v<semver> <commit>}, as /v2/info shows it. */
    public String apiVersion() {
        return "v" + version + " " + commit;
    }

    /** What {@code --version} prints. */
    public String versionText() {
        return "HAProxy Data Plane API " + apiVersion() + "\nBuild from: dataplaneapi (Java)\nBuild date: " + date;
    }
}
