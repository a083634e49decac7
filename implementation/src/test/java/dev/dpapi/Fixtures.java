package dev.dpapi;

import java.nio.file.Path;

/** The repository's fixtures/ folder, passed in by the build. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path path(String relative) {
        return Path.of(System.getProperty("dataplaneapi.fixtures", "../fixtures")).resolve(relative);
    }
}
