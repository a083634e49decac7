package dev.dpapi.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Running EC2 instances of a region tagged {@code HAProxy:Service:Name} and {@code HAProxy:Service:Port}
 * ({@code HAProxy:Instance:Port} overrides the port of one instance), through EC2's query API
 * ({@code DescribeInstances}, signed with Signature Version 4), narrowed by the allow list's filters; instances the
 * deny list's filters find are left out. The server address is the private or the public IPv4 address, as
 * {@code ipv4_address} says. Requests are signed with the definition's access keys, else the environment's
 * ({@code AWS_ACCESS_KEY_ID}...), else the instance role's ({@link InstanceRole}), the order the official's follows.
 */
final class Ec2Instances implements Source {

    static final String SERVICE_NAME_TAG = "HAProxy:Service:Name";
    static final String SERVICE_PORT_TAG = "HAProxy:Service:Port";
    static final String INSTANCE_PORT_TAG = "HAProxy:Instance:Port";
    /**
     * Replaces {@code https://ec2.<region>.amazonaws.com} so that the integration tests can point the client at their
     * stand-in of the EC2 query API (no AWS endpoint is reachable where they run). Not meant for production use.
     */
    static final String ENDPOINT_OVERRIDE = "DATAPLANEAPI_TEST_AWS_EC2_ENDPOINT";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String API_VERSION = "2016-11-15";

    private final HttpClient http;
    private final String region;
    private final boolean publicAddress;
    private final List<String[]> allow = new ArrayList<>();
    private final List<String[]> deny = new ArrayList<>();
    /** The definition's keys, else the environment's; none: the instance role's. */
    private final Optional<SigV4.Credentials> keys;
    private final InstanceRole instanceRole;
    private final URI endpoint;
    private final String prefix;

    Ec2Instances(HttpClient http, JsonNode d, Map<String, String> env, InstanceRole instanceRole) {
        this.http = http;
        this.region = d.path("region").asText();
        this.publicAddress = d.path("ipv4_address").asText().equals("public");
        d.path("allowlist").forEach(f -> allow.add(new String[] {f.path("key").asText(), f.path("value").asText()}));
        d.path("denylist").forEach(f -> deny.add(new String[] {f.path("key").asText(), f.path("value").asText()}));
        String key = d.path("access_key_id").asText("");
        String secret = d.path("secret_access_key").asText("");
        if (!key.isEmpty() && !secret.isEmpty()) {
            keys = Optional.of(new SigV4.Credentials(key, secret, null));
        } else if (env.containsKey("AWS_ACCESS_KEY_ID") && env.containsKey("AWS_SECRET_ACCESS_KEY")) {
            keys = Optional.of(new SigV4.Credentials(env.get("AWS_ACCESS_KEY_ID"),
                    env.get("AWS_SECRET_ACCESS_KEY"), env.get("AWS_SESSION_TOKEN")));
        } else {
            keys = Optional.empty();
        }
        this.instanceRole = instanceRole;
        URI uri;
        try {
            uri = URI.create(env.getOrDefault(ENDPOINT_OVERRIDE, "https://ec2." + region + ".amazonaws.com") + "/");
        } catch (IllegalArgumentException e) {
            uri = null; // a region that cannot name a host: each poll says so
        }
        this.endpoint = uri;
        this.prefix = "aws-" + region + "-" + d.path("name").asText() + "-";
    }

    @Override
    public String backendPrefix() {
        return prefix;
    }

    @Override
    public Map<String, List<Instance>> services() throws IOException, InterruptedException {
        List<String[]> wanted = new ArrayList<>();
        wanted.add(new String[] {"tag-key", SERVICE_NAME_TAG});
        wanted.add(new String[] {"tag-key", SERVICE_PORT_TAG});
        wanted.add(new String[] {"instance-state-name", "running"});
        wanted.addAll(allow);
        Set<String> denied = new HashSet<>();
        if (!deny.isEmpty()) {
            describe(deny).forEach(i -> denied.add(i.id));
        }
        Map<String, List<Instance>> out = new TreeMap<>();
        for (Ec2Instance i : describe(wanted)) {
            String service = i.tags.get(SERVICE_NAME_TAG);
            String port = i.tags.getOrDefault(INSTANCE_PORT_TAG, i.tags.get(SERVICE_PORT_TAG));
            String address = publicAddress ? i.publicIp : i.privateIp;
            if (denied.contains(i.id) || service == null || service.isEmpty() || address == null || address.isEmpty()) {
                continue;
            }
            List<Instance> instances = out.computeIfAbsent(service, s -> new ArrayList<>());
            try {
                int p = Integer.parseInt(port == null ? "" : port.strip());
                if (p > 0 && p < 65536) {
                    instances.add(new Instance(address, p));
                }
            } catch (NumberFormatException e) {
                // an instance whose port tag is not a port gets no server
            }
        }
        return out;
    }

    private record Ec2Instance(String id, String privateIp, String publicIp, Map<String, String> tags) {
    }

    /** All pages of one DescribeInstances call with these filters. */
    private List<Ec2Instance> describe(List<String[]> filters) throws IOException, InterruptedException {
        if (endpoint == null || endpoint.getHost() == null) {
            throw new IOException("no EC2 endpoint for region '" + region + "'");
        }
        SigV4.Credentials signer = keys.isPresent() ? keys.get() : instanceRole.credentials();
        List<Ec2Instance> out = new ArrayList<>();
        String next = null;
        do {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("Action", "DescribeInstances");
            form.put("Version", API_VERSION);
            for (int i = 0; i < filters.size(); i++) {
                form.put("Filter." + (i + 1) + ".Name", filters.get(i)[0]);
                form.put("Filter." + (i + 1) + ".Value.1", filters.get(i)[1]);
            }
            if (next != null) {
                form.put("NextToken", next);
            }
            byte[] body = encode(form).getBytes(StandardCharsets.UTF_8);
            String contentType = "application/x-www-form-urlencoded; charset=utf-8";
            String host = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
            Map<String, String> signed = SigV4.sign(signer, region, "ec2", "POST", "/", "",
                    Map.of("content-type", contentType, "host", host), body, Instant.now());
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            signed.forEach(request::header);
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IOException("EC2 DescribeInstances in " + region + " answered " + answer.statusCode());
            }
            Document doc = parse(answer.body());
            for (Element set : children(doc.getDocumentElement(), "reservationSet")) {
                for (Element reservation : children(set, "item")) {
                    for (Element instances : children(reservation, "instancesSet")) {
                        for (Element instance : children(instances, "item")) {
                            out.add(instance(instance));
                        }
                    }
                }
            }
            next = text(doc.getDocumentElement(), "nextToken");
        } while (next != null && !next.isEmpty());
        return out;
    }

    private static Ec2Instance instance(Element e) {
        Map<String, String> tags = new HashMap<>();
        for (Element set : children(e, "tagSet")) {
            for (Element tag : children(set, "item")) {
                tags.put(text(tag, "key"), text(tag, "value"));
            }
        }
        return new Ec2Instance(text(e, "instanceId"), text(e, "privateIpAddress"), text(e, "ipAddress"), tags);
    }

    private static String encode(Map<String, String> form) {
        StringBuilder out = new StringBuilder();
        form.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(rfc3986(k)).append('=').append(rfc3986(v)));
        return out.toString();
    }

    private static String rfc3986(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** The response, parsed without DTDs or external entities. */
    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("EC2 answer is not XML: " + e.getMessage());
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().strip();
    }
}
