package dev.dpapi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The suite can fail: it grades a deliberately non-conforming implementation (a small Perl server made in the
 * test tree, {@code nonconforming/dataplaneapi}, packaged as a release tarball) on one image, and exactly the
 * checks it gets wrong must fail, each with a readable reason; what it gets right passes, what it lacks is
 * {@code not served}.
 */
@Isolated("runs the suite inside the suite")
class NonConformingSelfTest {

    /** Every check the non-conforming server must fail, with a fragment of the reason it must give. */
    private static final Map<String, String> EXPECTED_FAILURES = new TreeMap<>(Map.ofEntries(
            Map.entry("InstallCheck.install", "api.version"),
            Map.entry("InstallCheck.yamlSettings", "Expected status code <200> but was <404>"),
            Map.entry("MetaCheck.info", "api.build_date"),
            Map.entry("MetaCheck.routingErrors", "Expected status code <405> but was <200>"),
            Map.entry("MetaCheck.configurationVersionHeader", "but was: <null>"),
            Map.entry("MetaCheck.configurationVersionAfterAWrite", "the header of the write's answer"),
            Map.entry("MetaCheck.methodBeforeCredentials", "Expected status code <405> but was <401>"),
            Map.entry("MetaCheck.unacceptableAccept", "Expected status code <406> but was <200>"),
            Map.entry("MetaCheck.errorBodiesAsWritten", "unauthenticated for invalid credentials"),
            Map.entry("MetaCheck.dateHeader", "Expected header \"Date\""),
            Map.entry("SectionsCheck.crud[backends]", "_version after the create"),
            Map.entry("SectionsCheck.missingDuplicateOutdated[backends]", "the message says the object does not exist"),
            Map.entry("SectionsCheck.badBodies[backends]", "a body cut in the middle"),
            Map.entry("SectionsCheck.replaceWithoutKey[backends]", "a body without name"),
            Map.entry("SectionsCheck.fieldOrder[backends]", "field order"),
            Map.entry("ProcessCheck.rawPush", "expected: <202> but was: <404>"),
            Map.entry("ProcessCheck.rawPushUnendedLastLine", "expected: <202> but was: <404>"),
            Map.entry("ProcessCheck.rawRefused", "Expected status code <400> but was <404>"),
            Map.entry("ProcessCheck.forcedReload", "expected: <201> but was: <202>"),
            Map.entry("RuntimeCheck.rawRuntimeActions", "expected: <201> but was: <404>"),
            Map.entry("PermissionCheck.permissionDenied", "Expected status code <500> but was <404>"),
            Map.entry("ProgramSectionCheck.changesGoLive", "not found"),
            Map.entry("ProgramSectionCheck.programKeptOnReload", "one dataplaneapi process: []"),
            Map.entry("ConfigurationCheck.refused", "Expected status code <200> but was <404>"),
            Map.entry("ConfigurationCheck.bodyThatIsNoObject", "Expected status code <400> but was <202>"),
            Map.entry("ConfigurationCheck.lossless", "Expected status code <202> but was <404>"),
            Map.entry("ConfigurationCheck.putWhatYouGet", "Expected status code <200> but was <404>"),
            Map.entry("ConfigurationCheck.maxconnAtRuntime", "Expected status code <200> but was <404>"),
            Map.entry("ConfigurationCheck.failedReloadRestores", "Expected status code <201> but was <202>")));

    /** Some of what it gets right, and some of what it does not serve. */
    private static final List<String> EXPECTED_PASSES = List.of("MetaCheck.auth", "MetaCheck.health",
            "ProcessCheck.rawRead", "InstallCheck.settingsFileKept", "ProgramSectionCheck.programRestartedOnReload");
    private static final List<String> EXPECTED_NOT_SERVED = List.of("MetaCheck.specification", "RuntimeCheck.spoe",
            "RuntimeCheck.maps", "ProcessCheck.commit", "SectionsCheck.crud[servers]", "RulesCheck.indexedCrud[acls]");

    static final List<Class<?>> CHECKS = List.of(InstallCheck.class, MetaCheck.class, SectionsCheck.class, RulesCheck.class,
            ProcessCheck.class, RuntimeCheck.class, PermissionCheck.class, ProgramSectionCheck.class,
            ConfigurationCheck.class);

    @Test
    void exactlyTheExpectedChecksFail(@TempDir Path dir) throws Exception {
        Path target = Path.of(System.getProperty("conformance.report.dir", "target"));
        // left in target/ for side-by-side runs: CONFORMANCE_TARBALLS=...,nonconforming=<it>
        Path tarball = tarball(dir, target);
        Path reportDir = target.resolve("nonconforming");
        String image = Target.images(key -> null).get(0);
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(CHECKS.stream().map(c -> selectClass(c)).toList())
                .configurationParameter("conformance.tarballs", "nonconforming=" + tarball)
                .configurationParameter("conformance.haproxy.images", image)
                .configurationParameter("conformance.report.dir", reportDir.toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .configurationParameter("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation")
                .build();
        LauncherFactory.create().execute(request);

        JsonNode report = new ObjectMapper().readTree(reportDir.resolve("conformance-report.json").toFile());
        Map<String, String> failures = new TreeMap<>();
        Map<String, String> statuses = new TreeMap<>();
        for (JsonNode r : report.path("results")) {
            statuses.put(r.path("id").asText(), r.path("status").asText());
            if (r.path("status").asText().equals("FAIL")) {
                failures.put(r.path("id").asText(), r.path("reason").asText());
            }
        }
        assertEquals(EXPECTED_FAILURES.keySet(), failures.keySet(), "the checks that fail; reasons: " + failures);
        List<String> unreadable = new ArrayList<>();
        EXPECTED_FAILURES.forEach((id, fragment) -> {
            if (!failures.get(id).contains(fragment)) {
                unreadable.add(id + ": expected a reason with `" + fragment + "`, got: " + failures.get(id));
            }
        });
        assertTrue(unreadable.isEmpty(), String.join("\n", unreadable));
        EXPECTED_PASSES.forEach(id -> assertEquals("PASS", statuses.get(id), id));
        EXPECTED_NOT_SERVED.forEach(id -> assertEquals("NOT_SERVED", statuses.get(id), id));
        assertTrue(Files.readString(reportDir.resolve("conformance-report.html")).contains("nonconforming"));
    }

    /** The Perl server as a release tarball in {@code into}: build/dataplaneapi, executable. */
    private static Path tarball(Path dir, Path into) throws IOException, InterruptedException {
        Path build = Files.createDirectories(dir.resolve("build"));
        Path script = build.resolve("dataplaneapi");
        try (InputStream in = NonConformingSelfTest.class.getResourceAsStream("/nonconforming/dataplaneapi")) {
            Files.copy(in, script);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tarball = Files.createDirectories(into).resolve("nonconforming_0.0.1_Linux_x86_64.tar.gz");
        Process tar = new ProcessBuilder("tar", "-C", dir.toString(), "-czf", tarball.toString(), "build")
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar finished");
        assertEquals(0, tar.exitValue(), "tar: " + output);
        return tarball;
    }
}
