package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map payload is a file's worth of entries: PUT /runtime/maps/{name} (and the ACL payload) is held to
 * max_upload_size, like storage uploads, not to max_body_size. 100,000 entries (over the default 4 MiB body
 * limit) are loaded as one swap by default; a payload over a configured upload limit is refused 413 before
 * anything reaches HAProxy, and one within it is loaded.
 */
class MapPayloadLimitIT {

    private static final String MAP = "/v2/services/haproxy/runtime/maps/hosts";
    private static final Pattern ENTRY_COUNT = Pattern.compile("entry_cnt=(\\d+)");

    @TempDir
    Path dir;

    /** A JSON payload of {@code n} entries with 40-byte keys. */
    private static String payload(int n) {
        StringBuilder json = new StringBuilder(n * 64).append('[');
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("{\"key\":\"").append(String.format("host-%08d.payload.example.org.test", i))
                    .append("\",\"value\":\"pool").append(i % 97).append("\"}");
        }
        return json.append(']').toString();
    }

    /**
     * Announces a JSON body of {@code length} bytes and sends only its first kilobyte: the answer is 413 with
     * the limit, and comes without the rest being read (the connection is then closed).
     */
    private static void assertRefusedEarly(RuntimeStage stage, String method, String path, long length, long limit)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", stage.api.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes(StandardCharsets.US_ASCII))
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n[")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(" ".repeat(1023).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 413 Request Entity Too Large", in.readLine(), method + " " + path);
            String rest = String.join("\n", in.lines().toList());
            assertTrue(rest.contains("{\"code\":413,\"message\":\"request body is larger than " + limit + " bytes\"}"),
                    rest);
        }
    }

    /** The running map's entry count and version, as HAProxy's `show map` lists it. */
    private static String mapState(RuntimeStage stage) throws Exception {
        return stage.runtime("show map").lines().filter(l -> l.contains("hosts.map")).findFirst().orElseThrow()
                .replaceAll(".*(curr_ver=\\S+ next_ver=\\S+ entry_cnt=\\S+).*", "$1");
    }

    private static long entries(RuntimeStage stage) throws Exception {
        Matcher m = ENTRY_COUNT.matcher(mapState(stage));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    void aHundredThousandEntriesFitTheDefaultLimits() throws Exception {
        String body = payload(100_000);
        assertTrue(body.length() > 4 * 1024 * 1024, "the payload is over the default max_body_size: " + body.length());
        try (RuntimeStage stage = RuntimeStage.start(dir)) {
            stage.api.admin().body(body).put(MAP).then().statusCode(201).body("size()", equalTo(100_000));
            assertEquals(100_002, entries(stage), "the two entries of the file and the payload's 100,000");
            String last = stage.runtime("get map " + stage.maps.resolve("hosts.map")
                    + " host-00099999.payload.example.org.test");
            assertTrue(last.contains("found=yes"), "the last entry is served: " + last);
            // the rest of the API keeps max_body_size: a body as large is refused there
            assertRefusedEarly(stage, "POST", "/v2/services/haproxy/runtime/maps_entries?map=hosts", body.length(),
                    4 * 1024 * 1024);
        }
    }

    @Test
    void aPayloadOverTheConfiguredUploadLimitIs413AndChangesNothing() throws Exception {
        try (RuntimeStage stage = RuntimeStage.start(dir, "--max-upload-size", "1MiB")) {
            String before = mapState(stage);
            String tooBig = payload(20_000);
            assertTrue(tooBig.length() > 1024 * 1024, "over 1 MiB: " + tooBig.length());
            assertRefusedEarly(stage, "PUT", MAP, tooBig.length(), 1024 * 1024);
            assertRefusedEarly(stage, "PUT", "/v2/services/haproxy/runtime/acl_file_entries?acl_id=0", tooBig.length(),
                    1024 * 1024);
            assertEquals(before, mapState(stage), "no new version was prepared or committed");

            String fits = payload(10_000);
            assertTrue(fits.length() < 1024 * 1024, "under 1 MiB: " + fits.length());
            stage.api.admin().body(fits).put(MAP).then().statusCode(201);
            assertEquals(10_002, entries(stage));
        }
    }
}
