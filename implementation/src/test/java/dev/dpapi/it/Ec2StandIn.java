package dev.dpapi.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A STAND-IN for EC2's query API, because no AWS endpoint can be reached where the tests run: it answers
 * {@code DescribeInstances} (form-encoded POST, XML answer) from instances a test sets, applying the {@code tag-key},
 * {@code tag:<key>} and {@code instance-state-name} filters the request carries, on a loopback port chosen by the
 * system. It refuses (403) a request without a Signature Version 4 {@code Authorization} header for the expected
 * access key, region and service, and records each request's form.
 * <p>
 * On the same port it is also a STAND-IN for Auto Scaling's query API: {@code DescribeAutoScalingInstances}
 * (Version 2011-01-01, signed for the service {@code autoscaling}) answers the lifecycle state a test set
 * ({@link #lifecycle}) of each asked instance ({@code InstanceIds.member.N}), one instance per page so that the
 * client must follow {@code NextToken}.
 * <p>
 * Once a role is set ({@link #role}), it also stands in for the EC2 instance metadata service, version 2, on the
 * same port: {@code PUT /latest/api/token} gives a session token, and the role's name and credentials are given only
 * to a request carrying it (401 otherwise). EC2 calls must then be signed with the role's key and carry its session
 * token. Each metadata request is recorded.
 */
final class Ec2StandIn implements AutoCloseable {

    record Instance(String id, String privateIp, String publicIp, String state, Map<String, String> tags) {
    }

    private final HttpServer server;
    private volatile String accessKey;
    private volatile Role role;
    private final Set<String> sessionTokens = ConcurrentHashMap.newKeySet();
    /** "METHOD path" of each metadata request, followed by " with token" when it carried one the stand-in gave. */
    final List<String> metadataRequests = new CopyOnWriteArrayList<>();

    /** The instance's role and the temporary credentials the metadata service gives for it. */
    record Role(String name, String accessKey, String secret, String sessionToken, Instant expiration) {
    }
    private final String region;
    private final List<Instance> instances = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Auto Scaling's lifecycle state of each instance of a group, by instance id (none: not in any group). */
    final Map<String, String> lifecycle = new ConcurrentHashMap<>();

    private Ec2StandIn(HttpServer server, String accessKey, String region) {
        this.server = server;
        this.accessKey = accessKey;
        this.region = region;
    }

    static Ec2StandIn start(String accessKey, String region) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Ec2StandIn ec2 = new Ec2StandIn(server, accessKey, region);
        server.createContext("/", ec2::answer);
        server.createContext("/latest/", ec2::metadata);
        server.start();
        return ec2;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on the instance has this role, and EC2 calls must be signed with its credentials. */
    void role(Role now) {
        role = now;
        accessKey = now.accessKey();
    }

    private void metadata(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String token = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
        boolean withToken = token != null && sessionTokens.contains(token);
        metadataRequests.add(exchange.getRequestMethod() + " " + path + (withToken ? " with token" : ""));
        Role now = role;
        String prefix = "/latest/meta-data/iam/security-credentials/";
        if (now == null) {
            send(exchange, 404, "");
        } else if (path.equals("/latest/api/token") && exchange.getRequestMethod().equals("PUT")
                && exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") != null) {
            String issued = "imds-session-" + sessionTokens.size();
            sessionTokens.add(issued);
            send(exchange, 200, issued);
        } else if (!withToken || !exchange.getRequestMethod().equals("GET")) {
            send(exchange, 401, "");
        } else if (path.equals(prefix)) {
            send(exchange, 200, now.name());
        } else if (path.equals(prefix + now.name())) {
            send(exchange, 200, """
                    {"Code":"Success","LastUpdated":"%s","Type":"AWS-HMAC","AccessKeyId":"%s","SecretAccessKey":"%s",\
                    "Token":"%s","Expiration":"%s"}""".formatted(Instant.now(), now.accessKey(), now.secret(),
                    now.sessionToken(), now.expiration()));
        } else {
            send(exchange, 404, "");
        }
    }

    void set(List<Instance> now) {
        instances.clear();
        instances.addAll(now);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        authorizations.add(auth);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        forms.add(form);
        Role now = role;
        String action = String.valueOf(form.get("Action"));
        String service = action.equals("DescribeAutoScalingInstances") ? "autoscaling" : "ec2";
        boolean signed = (now == null || (now.sessionToken().equals(
                exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")) && auth.contains("x-amz-security-token")))
                && auth.startsWith("AWS4-HMAC-SHA256 Credential=" + accessKey + "/")
                && auth.contains("/" + region + "/" + service + "/aws4_request, SignedHeaders=")
                && auth.contains("host") && auth.contains("Signature=")
                && exchange.getRequestHeaders().getFirst("X-Amz-Date") != null;
        if (signed && "POST".equals(exchange.getRequestMethod()) && service.equals("autoscaling")
                && "2011-01-01".equals(form.get("Version"))) {
            String page = autoScalingInstances(form);
            send(exchange, page == null ? 400 : 200, page == null
                    ? "<ErrorResponse><Error><Code>ValidationError</Code></Error></ErrorResponse>" : page);
            return;
        }
        if (!signed || !"POST".equals(exchange.getRequestMethod()) || !"DescribeInstances".equals(form.get("Action"))) {
            send(exchange, 403, "<Response><Errors><Error><Code>AuthFailure</Code></Error></Errors></Response>");
            return;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>stand-in</requestId><reservationSet>");
        for (Instance i : instances) {
            if (!matches(i, form)) {
                continue;
            }
            xml.append("<item><reservationId>r-").append(i.id()).append("</reservationId><instancesSet><item>")
                    .append("<instanceId>").append(i.id()).append("</instanceId>")
                    .append("<instanceState><code>16</code><name>").append(i.state()).append("</name></instanceState>")
                    .append("<privateIpAddress>").append(i.privateIp()).append("</privateIpAddress>")
                    .append(i.publicIp() == null ? "" : "<ipAddress>" + i.publicIp() + "</ipAddress>")
                    // a nested address the client must not take for the instance's own
                    .append("<networkInterfaceSet><item><privateIpAddress>10.255.255.255</privateIpAddress></item>")
                    .append("</networkInterfaceSet><tagSet>");
            i.tags().forEach((k, v) -> xml.append("<item><key>").append(k).append("</key><value>").append(v)
                    .append("</value></item>"));
            xml.append("</tagSet></item></instancesSet></item>");
        }
        xml.append("</reservationSet></DescribeInstancesResponse>");
        send(exchange, 200, xml.toString());
    }

    /**
     * The asked instances Auto Scaling knows, one per page: the NextToken is the index of the next asked id. More
     * than 50 ids: none (refused, as Auto Scaling does).
     */
    private String autoScalingInstances(Map<String, String> form) {
        List<String> asked = new ArrayList<>();
        for (int n = 1; form.containsKey("InstanceIds.member." + n); n++) {
            asked.add(form.get("InstanceIds.member." + n));
        }
        if (asked.size() > 50) {
            return null;
        }
        int from = form.containsKey("NextToken") ? Integer.parseInt(form.get("NextToken")) : 0;
        while (from < asked.size() && !lifecycle.containsKey(asked.get(from))) {
            from++;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<DescribeAutoScalingInstancesResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
                + "<DescribeAutoScalingInstancesResult><AutoScalingInstances>");
        if (from < asked.size()) {
            String id = asked.get(from);
            xml.append("<member><InstanceId>").append(id).append("</InstanceId><AutoScalingGroupName>stand-in-group")
                    .append("</AutoScalingGroupName><AvailabilityZone>").append(region).append("a</AvailabilityZone>")
                    .append("<LifecycleState>").append(lifecycle.get(id)).append("</LifecycleState>")
                    .append("<HealthStatus>HEALTHY</HealthStatus></member>");
        }
        xml.append("</AutoScalingInstances>");
        if (from + 1 < asked.size()) {
            xml.append("<NextToken>").append(from + 1).append("</NextToken>");
        }
        xml.append("</DescribeAutoScalingInstancesResult><ResponseMetadata><RequestId>stand-in</RequestId>")
                .append("</ResponseMetadata></DescribeAutoScalingInstancesResponse>");
        return xml.toString();
    }

    /** Every filter of the request holds for the instance (the filters EC2 supports that the client uses). */
    private static boolean matches(Instance i, Map<String, String> form) {
        List<String[]> filters = new ArrayList<>();
        for (int n = 1; form.containsKey("Filter." + n + ".Name"); n++) {
            filters.add(new String[] {form.get("Filter." + n + ".Name"), form.get("Filter." + n + ".Value.1")});
        }
        for (String[] f : filters) {
            boolean ok = switch (f[0]) {
                case "tag-key" -> i.tags().containsKey(f[1]);
                case "instance-state-name" -> i.state().equals(f[1]);
                default -> f[0].startsWith("tag:") && f[1].equals(i.tags().get(f[0].substring(4)));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        ConsulStandIn.reply(exchange, status, "text/xml;charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
