package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release tarball and the single executable it holds, used the install guide's way. */
class TarballIT {

    @TempDir
    Path dir;

    @Test
    void holdsExactlyOneExecutableFile() throws Exception {
        ApiProcess.Result listing = ApiProcess.run(dir, "tar", "-tzvf", System.getProperty("dataplaneapi.tarball"));
        assertEquals(0, listing.status());
        String[] lines = listing.output().strip().split("\n");
        assertEquals(1, lines.length, listing.output());
        assertTrue(lines[0].startsWith("-rwxr-xr-x"), lines[0]);
        assertTrue(lines[0].endsWith(" build/dataplaneapi"), lines[0]);
    }

    @Test
    void copiedAloneItPrintsItsVersion() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("usr/local/bin"));
        Path copy = Files.copy(ApiProcess.executable(), bin.resolve("dataplaneapi"));
        ApiProcess.Result version = ApiProcess.run(dir, Map.of("JAVA_HOME", ApiProcess.javaHome()),
                copy.toString(), "--version");
        assertEquals(0, version.status(), version.output());
        assertTrue(version.output().lines().findFirst().orElseThrow()
                .matches("HAProxy Data Plane API v\\d+\\.\\d+\\.\\d+ \\S+"), version.output());
    }

    @Test
    void findsJavaOnThePath() throws Exception {
        ApiProcess.Result version = ApiProcess.run(dir, environment(ApiProcess.javaHome() + "/bin:/usr/bin:/bin", null),
                ApiProcess.executable().toString(), "--version");
        assertEquals(0, version.status(), version.output());
    }

    @Test
    void withoutJavaItSaysSoInOneLine() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ApiProcess.Result run = ApiProcess.run(dir, environment(empty.toString(), null),
                ApiProcess.executable().toString(), "--version");
        assertNotEquals(0, run.status());
        assertEquals(1, run.output().strip().lines().count(), run.output());
        assertTrue(run.output().contains("needs Java 21 or newer"), run.output());
    }

    @Test
    void anOlderJavaIsNotEnough() throws Exception {
        Path fake = Files.createDirectories(dir.resolve("old/bin"));
        Path java = Files.writeString(fake.resolve("java"),
                "#!/bin/sh\necho 'openjdk version \"17.0.2\" 2022-01-18' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ApiProcess.Result run = ApiProcess.run(dir, environment(fake + ":/usr/bin:/bin", dir.resolve("old").toString()),
                ApiProcess.executable().toString(), "--version");
        assertNotEquals(0, run.status());
        assertEquals(1, run.output().strip().lines().count(), run.output());
        assertTrue(run.output().contains("(17)"), run.output());
    }

    /** A clean environment: just PATH, and JAVA_HOME when given. */
    private static Map<String, String> environment(String path, String javaHome) {
        return javaHome == null ? Map.of("PATH", path, "JAVA_HOME", "") : Map.of("PATH", path, "JAVA_HOME", javaHome);
    }
}
