package dev.dpapi.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The instance role's settings, without a metadata service: turned off, nothing is asked; a setting that is not a
 * URL is said so. (The credentials flow itself runs in ServiceDiscoveryIT, against a stand-in of the service.)
 */
class InstanceRoleTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void turnedOffItAsksNothing() throws Exception {
        try (ServerSocket service = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String endpoint = "http://127.0.0.1:" + service.getLocalPort();
            InstanceRole off = new InstanceRole(http, Map.of(InstanceRole.ENDPOINT_SETTING, endpoint,
                    InstanceRole.DISABLED_SETTING, "true"));
            IOException refused = assertThrows(IOException.class, off::credentials);
            assertTrue(refused.getMessage().contains(InstanceRole.DISABLED_SETTING), refused.getMessage());
            service.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, service::accept, "nothing connected to the service");

            // on, the same settings ask the service (which answers nothing useful here)
            InstanceRole on = new InstanceRole(http, Map.of(InstanceRole.ENDPOINT_SETTING, endpoint));
            Thread asking = Thread.ofVirtual().start(() -> assertThrows(IOException.class, on::credentials));
            service.setSoTimeout(5000);
            service.accept().close();
            asking.join(10_000);
        }
    }

    @Test
    void anEndpointThatIsNotAUrlIsSaidSo() {
        for (String endpoint : java.util.List.of("169.254.169.254", "ftp://127.0.0.1", "http://[bad")) {
            IOException refused = assertThrows(IOException.class,
                    () -> new InstanceRole(http, Map.of(InstanceRole.ENDPOINT_SETTING, endpoint)).credentials());
            assertEquals(InstanceRole.ENDPOINT_SETTING + " is not an http or https URL: " + endpoint,
                    refused.getMessage());
        }
    }
}
