package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dpapi.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lossless edits on a corpus of haproxy.cfg styles (fixtures/haproxy): the raw text reads back byte for
 * byte, and a change rewrites only its own lines and the version line.
 */
class CorpusIT {

    @TempDir
    Path dir;

    /** The fixture files, and a generated big one: 2,000 backends of 10 servers. */
    static Stream<String> corpus() throws Exception {
        try (Stream<Path> files = Files.list(Fixtures.path("haproxy"))) {
            List<String> fixtures = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cfg"))
                    .sorted().toList(); // collected while the listing is open
            return Stream.concat(fixtures.stream(), Stream.of(BIG));
        }
    }

    private static final String BIG = "generated-2000-backends";

    private static String big() {
        StringBuilder b = new StringBuilder("global\n  stats socket @SOCKET@ level admin\n\ndefaults\n  mode http\n"
                + "  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n\nfrontend fe\n"
                + "  bind 127.0.0.1:@PORT@\n  default_backend be0\n");
        for (int i = 0; i < 2000; i++) {
            b.append("\n# backend number ").append(i).append("\nbackend be").append(i).append("\n\tbalance roundrobin\n");
            for (int j = 0; j < 10; j++) {
                b.append("\tserver s").append(j).append(" 127.0.0.").append(1 + j).append(':').append(10000 + i)
                        .append(j % 3 == 0 ? " weight 10   # heavier\n" : "\n");
            }
        }
        return b.toString();
    }

    private Path install(String name) throws Exception {
        return install(dir, name, name.equals(BIG) ? big() : Files.readString(Fixtures.path("haproxy/" + name)));
    }

    /** A fixture's text as {@code dir}/haproxy.cfg, its placeholders filled (socket, free ports); HAProxy accepts it. */
    static Path install(Path dir, String name, String fixture) throws Exception {
        String text = fixture.replace("@SOCKET@", dir.resolve("h.sock").toString());
        for (String port : List.of("@PORT@", "@PORT2@", "@PORT3@", "@PORT4@")) {
            text = text.replace(port, Integer.toString(ApiProcess.freePort()));
        }
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), text);
        FileEffect.haproxyAccepts(cfg);
        return cfg;
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void rawReadsBackTheFileAndEditsTouchOnlyTheirLines(String name) throws Exception {
        Path cfg = install(name);
        String original = Files.readString(cfg);
        try (ApiProcess api = ApiProcess.seedLike(dir, cfg)) {
            String raw = api.admin().get("/v2/services/haproxy/configuration/raw").then().statusCode(200)
                    .extract().path("data");
            assertEquals(original.replaceAll("(?m)^# _version=\\d+\\r?\\n", ""), raw);
            long version = api.configurationVersion();

            // replacing a backend with its own model changes nothing but the version line
            Map<String, Object> model = api.admin().get("/v2/services/haproxy/configuration/backends/be".replace("be",
                    firstBackend(api))).then().statusCode(200).extract().path("data");
            api.admin().body(model).put("/v2/services/haproxy/configuration/backends/" + model.get("name")
                    + "?version=" + version).then().statusCode(202);
            assertEquals(withoutVersion(original), withoutVersion(Files.readString(cfg)));

            // a new server adds exactly one line
            api.admin().body(Map.of("name", "added", "address", "127.0.0.1", "port", 9999))
                    .post("/v2/services/haproxy/configuration/servers?backend=" + model.get("name") + "&version="
                            + (version + 1)).then().statusCode(202);
            List<String> before = withoutVersion(original).lines().toList();
            List<String> after = withoutVersion(Files.readString(cfg)).lines().toList();
            assertEquals(before.size() + 1, after.size());
            assertEquals(1, after.stream().filter(l -> l.contains("server added 127.0.0.1:9999")).count());
            assertEquals(before, after.stream().filter(l -> !l.contains("server added 127.0.0.1:9999")).toList());
            FileEffect.haproxyAccepts(cfg);
        }
    }

    private static String firstBackend(ApiProcess api) {
        List<String> names = api.admin().get("/v2/services/haproxy/configuration/backends").then().extract().path("data.name");
        return names.get(0);
    }

    private static String withoutVersion(String text) {
        return text.replaceAll("(?m)^# _version=\\d+(\\r?\\n|$)", "");
    }
}
