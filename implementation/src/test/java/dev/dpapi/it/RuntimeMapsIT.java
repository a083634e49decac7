package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime maps and ACL files against a running HAProxy: effects read through `show map`/`show acl` and on disk. */
class RuntimeMapsIT {

    private static final String R = "/v2/services/haproxy/runtime/";

    @TempDir
    Path dir;
    RuntimeStage stage;
    Path mapFile;
    Path aclFile;

    @BeforeEach
    void start() throws Exception {
        stage = RuntimeStage.start(dir);
        mapFile = stage.maps.resolve("hosts.map");
        aclFile = stage.maps.resolve("blocked.acl");
    }

    @AfterEach
    void stop() throws Exception {
        stage.close();
    }

    /** The running map as `key value` lines, read from the socket. */
    private List<String> running(String kind, Path file) throws Exception {
        return stage.runtime("show " + kind + " " + file).lines().filter(l -> !l.isBlank())
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    @Test
    void mapsAreListedAndResolvedByName() throws Exception {
        stage.api.admin().get(R + "maps").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].file", equalTo(mapFile.toString()))
                .body("[0].storage_name", equalTo("hosts.map"))
                .body("[0].id", equalTo("0"));
        stage.api.admin().get(R + "maps?include_unmanaged=true").then().statusCode(200).body("", hasSize(1));
        stage.api.admin().get(R + "maps/hosts").then().statusCode(200).body("file", equalTo(mapFile.toString()));
        stage.api.admin().get(R + "maps/hosts.map").then().statusCode(200).body("id", equalTo("0"));
        stage.api.admin().get(R + "maps/nope").then().statusCode(404).body("code", equalTo(404));
        stage.api.admin().get(R + "maps_entries?map=hosts").then().statusCode(200)
                .body("key", equalTo(List.of("a.example", "b.example")))
                .body("value", equalTo(List.of("1", "2")));
        stage.api.admin().get(R + "maps_entries").then().statusCode(422).body("code", equalTo(602));
        stage.api.admin().get(R + "maps_entries?map=nope").then().statusCode(404);
    }

    @Test
    void entriesChangeAtRuntimeAndOnDiskWhenAsked() throws Exception {
        String onDisk = Files.readString(mapFile);
        stage.api.admin().body(Map.of("key", "c.example", "value", "3")).post(R + "maps_entries?map=hosts").then()
                .statusCode(201).header("Change-Applied", "runtime")
                .body(equalTo("{\"key\":\"c.example\",\"value\":\"3\"}\n"));
        assertEquals(List.of("a.example 1", "b.example 2", "c.example 3"), running("map", mapFile));
        assertEquals(onDisk, Files.readString(mapFile), "not written without force_sync");

        stage.api.admin().body(Map.of("key", "c.example", "value", "9")).post(R + "maps_entries?map=hosts").then()
                .statusCode(409);
        stage.api.admin().body(Map.of("key", "d.example", "value", "4\nshutdown frontend fe"))
                .post(R + "maps_entries?map=hosts").then().statusCode(400);
        stage.api.admin().body(Map.of("key", "d.example")).post(R + "maps_entries?map=hosts").then().statusCode(422);
        assertEquals(List.of("a.example 1", "b.example 2", "c.example 3"), running("map", mapFile), "refusals change nothing");

        stage.api.admin().body(Map.of("key", "d.example", "value", "a;b c")).post(R + "maps_entries?map=hosts&force_sync=true")
                .then().statusCode(201).header("Change-Applied", "runtime, file");
        assertEquals(List.of("a.example 1", "b.example 2", "c.example 3", "d.example a;b c"), running("map", mapFile));
        assertEquals("a.example 1\nb.example 2\nc.example 3\nd.example a;b c\n", Files.readString(mapFile));

        stage.api.admin().get(R + "maps_entries/c.example?map=hosts").then().statusCode(200).body("value", equalTo("3"));
        stage.api.admin().body(Map.of("value", "30")).put(R + "maps_entries/c.example?map=hosts").then()
                .statusCode(200).body("value", equalTo("30"));
        assertTrue(running("map", mapFile).contains("c.example 30"));
        stage.api.admin().body(Map.of("value", "1")).put(R + "maps_entries/zz?map=hosts").then().statusCode(404);
        stage.api.admin().delete(R + "maps_entries/c.example?map=hosts&force_sync=true").then().statusCode(204);
        assertFalse(running("map", mapFile).stream().anyMatch(l -> l.startsWith("c.example ")));
        assertFalse(Files.readString(mapFile).contains("c.example"));
        stage.api.admin().delete(R + "maps_entries/c.example?map=hosts").then().statusCode(404);
    }

    @Test
    void payloadIsOneSwapAndClearEmptiesTheMap() throws Exception {
        List<Map<String, String>> payload = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            payload.add(Map.of("key", "k" + i + ".example", "value", "v " + i));
        }
        stage.api.admin().body(payload).put(R + "maps/hosts").then().statusCode(201).body("", hasSize(3000))
                .body("[2999].key", equalTo("k2999.example"));
        List<String> running = running("map", mapFile);
        assertEquals(3002, running.size());
        assertEquals("a.example 1", running.get(0));
        assertEquals("k2999.example v 2999", running.get(3001));
        String info = stage.runtime("show map").lines().filter(l -> l.contains(mapFile.toString())).findFirst().orElseThrow();
        assertTrue(info.contains("curr_ver=1 "), "one committed version: " + info);

        stage.api.admin().body(List.of(Map.of("key", "bad key", "value", "1"))).put(R + "maps/hosts").then().statusCode(400);
        stage.api.admin().body(List.of(Map.of("key", "x", "value", "1"))).put(R + "maps/nope").then().statusCode(404);
        assertEquals(3002, running("map", mapFile).size());

        stage.api.admin().delete(R + "maps/hosts?force_sync=true").then().statusCode(204);
        assertEquals(List.of(), running("map", mapFile));
        assertEquals("", Files.readString(mapFile));
        stage.api.admin().delete(R + "maps/hosts?forceDelete=true").then().statusCode(204);
        assertFalse(Files.exists(mapFile));
    }

    @Test
    void aclFiles() throws Exception {
        String id = stage.api.admin().get(R + "acls").then().statusCode(200)
                .body("storage_name", hasItem(aclFile.toString()))
                .extract().path("find { it.storage_name == '" + aclFile + "' }.id");
        stage.api.admin().get(R + "acls/" + id).then().statusCode(200).body("storage_name", equalTo(aclFile.toString()));
        stage.api.admin().get(R + "acls/999").then().statusCode(404);
        stage.api.admin().get(R + "acl_file_entries?acl_id=" + id).then().statusCode(200)
                .body("value", equalTo(List.of("10.0.0.1", "10.0.0.2")));

        stage.api.admin().body(Map.of("value", "10.0.0.3")).post(R + "acl_file_entries?acl_id=" + id).then()
                .statusCode(201).body("value", equalTo("10.0.0.3"));
        stage.api.admin().body(Map.of("value", "10.0.0.3")).post(R + "acl_file_entries?acl_id=" + id).then()
                .statusCode(409);
        stage.api.admin().body(Map.of("value", "10.0.0.9\nclear acl #" + id)).post(R + "acl_file_entries?acl_id=" + id)
                .then().statusCode(400);
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), running("acl", aclFile));

        stage.api.admin().body(List.of(Map.of("value", "10.0.1.0/24"), Map.of("value", "10.0.2.1")))
                .put(R + "acl_file_entries?acl_id=" + id + "&force_sync=true").then().statusCode(201)
                .header("Change-Applied", "runtime, file").body("", hasSize(2));
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.1.0/24", "10.0.2.1"), running("acl", aclFile));
        assertEquals("10.0.0.1\n10.0.0.2\n10.0.0.3\n10.0.1.0/24\n10.0.2.1\n", Files.readString(aclFile));

        stage.api.admin().get(R + "acl_file_entries/10.0.0.3?acl_id=" + id).then().statusCode(200)
                .body("value", equalTo("10.0.0.3"));
        stage.api.admin().delete(R + "acl_file_entries/10.0.0.3?acl_id=" + id).then().statusCode(204);
        assertFalse(running("acl", aclFile).contains("10.0.0.3"));
        stage.api.admin().delete(R + "acl_file_entries/10.0.0.3?acl_id=" + id).then().statusCode(404);
        stage.api.admin().get(R + "acl_file_entries?acl_id=999").then().statusCode(404);
    }
}
