package dev.dpapi.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A STAND-IN for a Consul agent's HTTP API, because no Consul can be reached where the tests run: the two catalog
 * calls the API's real Consul client makes ({@code GET /v1/catalog/services} and {@code GET /v1/health/service/<name>}),
 * answered from services a test sets, on a loopback port chosen by the system. It records the token each request
 * carried, can answer 500 for a while, and can be stopped to stand for an agent that went away.
 */
final class ConsulStandIn implements AutoCloseable {

    /** One instance of a service: its address (empty: the node's), port and the statuses of its checks. */
    record Node(String nodeAddress, String serviceAddress, int port, List<String> checks) {
        static Node at(String address, int port) {
            return new Node("127.0.0.1", address, port, List.of("passing"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, List<Node>> services = new ConcurrentHashMap<>();
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicInteger requests = new AtomicInteger();

    private ConsulStandIn(HttpServer server) {
        this.server = server;
    }

    static ConsulStandIn start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ConsulStandIn consul = new ConsulStandIn(server);
        server.createContext("/", consul::answer);
        server.start();
        return consul;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void set(String service, List<Node> nodes) {
        services.put(service, List.copyOf(nodes));
    }

    void remove(String service) {
        services.remove(service);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Consul-Token")));
        String path = exchange.getRequestURI().getRawPath();
        paths.add(path);
        Object body;
        int status = 200;
        if (failing.get()) {
            status = 500;
            body = "stand-in told to fail";
        } else if (path.equals("/v1/catalog/services")) {
            Map<String, List<String>> names = new LinkedHashMap<>();
            names.put("consul", List.of());
            services.keySet().forEach(s -> names.put(s, List.of()));
            body = names;
        } else if (path.startsWith("/v1/health/service/")) {
            String name = URLDecoder.decode(path.substring("/v1/health/service/".length()), StandardCharsets.UTF_8);
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Node n : services.getOrDefault(name, List.of())) {
                entries.add(Map.of(
                        "Node", Map.of("Node", "node-" + n.port(), "Address", n.nodeAddress()),
                        "Service", Map.of("ID", name + "-" + n.port(), "Service", name, "Address", n.serviceAddress(),
                                "Port", n.port()),
                        "Checks", n.checks().stream().map(c -> Map.of("Status", c)).toList()));
            }
            body = entries;
        } else {
            status = 404;
            body = "unknown path";
        }
        reply(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** Answers an exchange of a stand-in (this one's and {@link Ec2StandIn}'s). */
    static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
