package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball installed the install guide's way (tar -zxvf, chmod +x, cp to /usr/local/bin), run with
 * `env -i` and a PATH holding no Java at all: it carries its own runtime, unpacked once into a cache. Cases that
 * need another user run as nobody (uid 65534): root ignores directory modes.
 */
class TarballIT {

    private static final String VERSION_LINE = "HAProxy Data Plane API v\\d+\\.\\d+\\.\\d+ \\S+";

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
    void installedTheGuidesWayItServesWithNoJavaAnywhere() throws Exception {
        Path installed = install(dir);
        Path path = pathWithoutJava();
        assertNotEquals(0, ApiProcess.run(dir, "env", "-i", "PATH=" + path, "sh", "-c", "command -v java").status(),
                "java must not be reachable through the test's PATH");
        Path cache = dir.resolve("cache");
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("haproxy.sock"), ApiProcess.freePort());
        int port = ApiProcess.freePort();
        Process api = new ProcessBuilder(envI(List.of(), "PATH=" + path, "DATAPLANEAPI_CACHE_DIR=" + cache,
                installed.toString(), "-f", Settings.seedLike(dir, cfg).toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("api.log").toFile()).start();
        try {
            assertEquals(200, firstStatus(api, "http://127.0.0.1:" + port + "/v2/info"), log());
            // env, the launcher and Java each replace the process in turn: one process, named dataplaneapi
            assertEquals("dataplaneapi", Files.readString(Path.of("/proc/" + api.pid() + "/comm")).strip());
            assertTrue(Files.readString(Path.of("/proc/" + api.pid() + "/cmdline")).startsWith(cache.toString()),
                    "runs from the cache");
        } finally {
            api.destroy();
            api.waitFor(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFirstRunUnpacksAndLaterRunsReuseIt() throws Exception {
        Path installed = install(dir);
        Path cache = dir.resolve("cache");
        assertVersion(run(installed, List.of(), "DATAPLANEAPI_CACHE_DIR=" + cache));
        Path unpacked = single(cache);
        assertEquals(hash(installed), unpacked.getFileName().toString());
        BasicFileAttributes first = Files.readAttributes(unpacked.resolve("complete"), BasicFileAttributes.class);

        assertVersion(run(installed, List.of(), "DATAPLANEAPI_CACHE_DIR=" + cache));
        assertEquals(unpacked, single(cache));
        BasicFileAttributes second = Files.readAttributes(unpacked.resolve("complete"), BasicFileAttributes.class);
        assertEquals(first.fileKey(), second.fileKey(), "the same unpacked runtime, not a new one");
        assertEquals(first.lastModifiedTime(), second.lastModifiedTime());
    }

    @Test
    void copiesStartedTogetherShareOneUnpack() throws Exception {
        Path installed = install(dir);
        Path cache = dir.resolve("cache");
        List<Process> copies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            copies.add(new ProcessBuilder(envI(List.of(), "PATH=" + pathWithoutJava(),
                    "DATAPLANEAPI_CACHE_DIR=" + cache, installed.toString(), "--version"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("copy" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < copies.size(); i++) {
            assertTrue(copies.get(i).waitFor(120, TimeUnit.SECONDS));
            assertVersion(new ApiProcess.Result(copies.get(i).exitValue(), Files.readString(dir.resolve("copy" + i + ".log"))));
        }
        assertEquals(hash(installed), single(cache).getFileName().toString(), "one runtime, no half-unpacked leftovers");
    }

    @Test
    void aCacheDirItCannotWriteIsLeftAloneForTheUsersCache() throws Exception {
        Path installed = install(open(dir.resolve("open")));
        Path readOnly = Files.createDirectories(open(dir.resolve("open")).resolve("read-only"));
        Path home = Files.createDirectories(dir.resolve("open/home"));
        Files.setOwner(home, nobody());
        ApiProcess.Result run = run(installed, ApiProcess.AS_NOBODY, "DATAPLANEAPI_CACHE_DIR=" + readOnly, "HOME=" + home);
        assertVersion(run);
        try (Stream<Path> entries = Files.list(readOnly)) {
            assertEquals(0, entries.count());
        }
        assertEquals(hash(installed), single(home.resolve(".cache/dataplaneapi")).getFileName().toString());
    }

    @Test
    void aCacheDirAnotherUserCouldWriteIsNeverTrusted() throws Exception {
        Path installed = install(dir);
        Path othersCache = Files.createDirectories(dir.resolve("others"));
        Files.setOwner(othersCache, nobody());
        Path worldWritable = Files.createDirectories(dir.resolve("world"));
        Files.setPosixFilePermissions(worldWritable, PosixFilePermissions.fromString("rwxrwxrwx"));
        for (Path untrusted : List.of(othersCache, worldWritable)) {
            // a runtime planted under the right key would run as whoever starts the API
            Path planted = Files.createDirectories(untrusted.resolve(hash(installed)).resolve("bin"));
            Path marker = dir.resolve("planted-ran");
            Files.writeString(planted.resolve("dataplaneapi"), "#!/bin/sh\ntouch " + marker + "\n");
            Files.setPosixFilePermissions(planted.resolve("dataplaneapi"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createFile(planted.resolveSibling("complete"));
            Path userCache = dir.resolve("user-cache-" + untrusted.getFileName());

            assertVersion(run(installed, List.of(), "DATAPLANEAPI_CACHE_DIR=" + untrusted, "XDG_CACHE_HOME=" + userCache));
            assertFalse(Files.exists(marker), "the planted runtime ran from " + untrusted);
            assertEquals(hash(installed), single(userCache.resolve("dataplaneapi")).getFileName().toString());
        }
    }

    @Test
    void aJavaInJavaHomeRunsOnlyWhenAskedFor() throws Exception {
        Path installed = install(dir);
        Path cache = dir.resolve("cache");
        Path fakeHome = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        Path java = Files.writeString(fakeHome.resolve("bin/java"), "#!/bin/sh\necho \"java from JAVA_HOME: $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(fakeHome.resolve("release"), "JAVA_VERSION=\"21.0.4\"\n");

        assertVersion(run(installed, List.of(), "DATAPLANEAPI_CACHE_DIR=" + cache, "JAVA_HOME=" + fakeHome));
        ApiProcess.Result chosen = run(installed, List.of(), "DATAPLANEAPI_CACHE_DIR=" + cache, "JAVA_HOME=" + fakeHome,
                "DATAPLANEAPI_USE_JAVA_HOME=1");
        assertEquals(0, chosen.status(), chosen.output());
        assertTrue(chosen.output().startsWith("java from JAVA_HOME: "), chosen.output());
        assertTrue(chosen.output().contains("-jar " + cache.resolve(hash(installed)).resolve("app/dataplaneapi.jar")
                + " --version"), chosen.output());

        Files.writeString(fakeHome.resolve("release"), "JAVA_VERSION=\"17.0.2\"\n");
        ApiProcess.Result tooOld = run(installed, List.of(), "DATAPLANEAPI_CACHE_DIR=" + cache, "JAVA_HOME=" + fakeHome,
                "DATAPLANEAPI_USE_JAVA_HOME=1");
        assertEquals(127, tooOld.status());
        assertEquals(1, tooOld.output().strip().lines().count(), tooOld.output());
        assertTrue(tooOld.output().contains("needs JAVA_HOME set to a Java 21 or newer"), tooOld.output());
    }

    @Test
    void anUnsupportedPlatformGetsOneClearLine() throws Exception {
        Path installed = install(dir);
        Path path = pathWithoutJava();
        Path uname = path.resolve("uname");
        Files.delete(uname); // a link to the real one: replaced, not written through
        Files.writeString(uname, "#!/bin/sh\necho Linux aarch64\n");
        Files.setPosixFilePermissions(uname, PosixFilePermissions.fromString("rwxr-xr-x"));
        ApiProcess.Result run = ApiProcess.run(dir, envI(List.of(), "PATH=" + path,
                "DATAPLANEAPI_CACHE_DIR=" + dir.resolve("cache"), installed.toString(), "--version").toArray(String[]::new));
        assertEquals(127, run.status());
        assertEquals("dataplaneapi: this build runs on x86_64 Linux with glibc, not on Linux aarch64; with a Java 21+"
                + " in JAVA_HOME, DATAPLANEAPI_USE_JAVA_HOME=1 runs it there", run.output().strip());
        assertFalse(Files.exists(dir.resolve("cache")), "nothing unpacked");
    }

    @Test
    void runsInAHaproxyImageWithoutJava() throws Exception {
        String images = System.getenv("CONFORMANCE_HAPROXY_IMAGES");
        Assumptions.assumeTrue(images != null && !images.isBlank(), "CONFORMANCE_HAPROXY_IMAGES names no image");
        Path installed = install(open(dir.resolve("open")));
        for (String image : images.split(",")) {
            ApiProcess.Result run = ApiProcess.run(dir, "docker", "run", "--rm", "--network", "host",
                    "-v", installed + ":/usr/local/bin/dataplaneapi:ro", image.strip(), "sh", "-c",
                    "if command -v java; then exit 99; fi; dataplaneapi --version && dataplaneapi --version"
                            + " && ls /var/cache/dataplaneapi");
            assertEquals(0, run.status(), image + ": " + run.output());
            List<String> lines = run.output().strip().lines().toList();
            assertTrue(lines.get(0).matches(VERSION_LINE), run.output());
            assertEquals(hash(installed), lines.get(lines.size() - 1), "unpacked into the system cache");
        }
    }

    /** tar -zxvf, chmod +x, cp build/dataplaneapi to usr/local/bin, under {@code root}. */
    private static Path install(Path root) throws IOException, InterruptedException {
        assertEquals(0, ApiProcess.run(root, "tar", "-zxvf", System.getProperty("dataplaneapi.tarball")).status());
        assertEquals(0, ApiProcess.run(root, "chmod", "+x", "build/dataplaneapi").status());
        Path bin = Files.createDirectories(root.resolve("usr/local/bin"));
        assertEquals(0, ApiProcess.run(root, "cp", "build/dataplaneapi", bin.toString()).status());
        return bin.resolve("dataplaneapi");
    }

    /** {@code dir} made traversable by other users (a @TempDir is owner-only). */
    private Path open(Path path) throws IOException {
        Files.createDirectories(path);
        for (Path p = path; p.startsWith(dir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return path;
    }

    /** A directory holding links to every command of /usr/bin, /bin, /usr/sbin and /sbin but Java's: the test's whole PATH. */
    private Path pathWithoutJava() throws IOException {
        Path tools = open(dir.resolve("open/tools"));
        // root's usual directories, so that haproxy (in /usr/sbin) answers the start's `haproxy -v` as on a real host
        for (String bin : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            try (Stream<Path> commands = Files.list(Path.of(bin))) {
                for (Path command : commands.toList()) {
                    String target = command.toRealPath().toString();
                    Path link = tools.resolve(command.getFileName());
                    if (!command.getFileName().toString().startsWith("java") && !target.contains("/jvm/")
                            && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            }
        }
        return tools;
    }

    /** {@code prefix env -i VARS... COMMAND...}: the environment holds only what is given. */
    private static List<String> envI(List<String> prefix, String... varsAndCommand) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("env", "-i"));
        command.addAll(List.of(varsAndCommand));
        return command;
    }

    /** {@code installed --version} with only these variables and a Java-free PATH. */
    private ApiProcess.Result run(Path installed, List<String> prefix, String... vars) throws Exception {
        List<String> args = new ArrayList<>(List.of(vars));
        args.add(0, "PATH=" + pathWithoutJava());
        args.addAll(List.of(installed.toString(), "--version"));
        return ApiProcess.run(dir, envI(prefix, args.toArray(String[]::new)).toArray(String[]::new));
    }

    private static void assertVersion(ApiProcess.Result run) {
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().lines().findFirst().orElseThrow().matches(VERSION_LINE), run.output());
    }

    /** The runtime key the executable's launcher unpacks under. */
    private static String hash(Path installed) throws IOException {
        try (Stream<String> lines = Files.lines(installed, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.startsWith("payload_hash=")).findFirst().orElseThrow().substring(13);
        }
    }

    /** The one entry of a cache directory. */
    private static Path single(Path cache) throws IOException {
        try (Stream<Path> entries = Files.list(cache)) {
            List<Path> all = entries.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static UserPrincipal nobody() throws IOException {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("api.log"));
    }

    /** Polls until the API answers (with the guide's credentials), for at most 60 s; its first status. */
    private static int firstStatus(Process api, String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (api.isAlive() && Instant.now().isBefore(deadline)) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return -1;
    }
}
