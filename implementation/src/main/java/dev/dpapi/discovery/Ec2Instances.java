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
 * An instance of an Auto Scaling group (tagged {@code aws:autoscaling:groupName}) is served only while Auto Scaling
 * ({@code DescribeAutoScalingInstances}) says it is {@code InService}, as the official does: a Pending, Terminating
 * or Standby one (or one Auto Scaling does not know) has no server.
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
    /** The same, for {@code https://autoscaling.<region>.amazonaws.com}. Not meant for production use. */
    static final String AUTOSCALING_ENDPOINT_OVERRIDE = "DATAPLANEAPI_TEST_AWS_AUTOSCALING_ENDPOINT";
    static final String GROUP_TAG = "aws:autoscaling:groupName";
    /** At most this many instance ids per DescribeAutoScalingInstances call (Auto Scaling's limit). */
    static final int IDS_PER_CALL = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String API_VERSION = "2016-11-15";
    private static final String AUTOSCALING_API_VERSION = "2011-01-01";

    private final HttpClient http;
    private final String region;
    private final boolean publicAddress;
    private final List<String[]> allow = new ArrayList<>();
    private final List<String[]> deny = new ArrayList<>();
    /** The definition's keys, else the environment's; none: the instance role's. */
    private final Optional<SigV4.Credentials> keys;
    private final InstanceRole instanceRole;
    private final URI endpoint;
    private final URI autoscalingEndpoint;
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
        this.endpoint = endpoint(env.getOrDefault(ENDPOINT_OVERRIDE, "https://ec2." + region + ".amazonaws.com"));
        this.autoscalingEndpoint = endpoint(env.getOrDefault(AUTOSCALING_ENDPOINT_OVERRIDE,
                "https://autoscaling." + region + ".amazonaws.com"));
        this.prefix = "aws-" + region + "-" + d.path("name").asText() + "-";
    }

    /** None for a region that cannot name a host: each poll says so. */
    private static URI endpoint(String base) {
        try {
            return URI.create(base + "/");
        } catch (IllegalArgumentException e) {
            return null;
        }
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
        List<Ec2Instance> found = describe(wanted);
        List<String> grouped = found.stream().filter(i -> i.tags.containsKey(GROUP_TAG) && !denied.contains(i.id))
                .map(Ec2Instance::id).toList();
        Map<String, String> lifecycle = grouped.isEmpty() ? Map.of() : lifecycleStates(grouped);
        Map<String, List<Instance>> out = new TreeMap<>();
        for (Ec2Instance i : found) {
            if (i.tags.containsKey(GROUP_TAG) && !"InService".equals(lifecycle.get(i.id))) {
                continue; // not (or no longer) in service in its group: its slot is freed
            }
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
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "DescribeInstances");
        form.put("Version", API_VERSION);
        for (int i = 0; i < filters.size(); i++) {
            form.put("Filter." + (i + 1) + ".Name", filters.get(i)[0]);
            form.put("Filter." + (i + 1) + ".Value.1", filters.get(i)[1]);
        }
        List<Ec2Instance> out = new ArrayList<>();
        pages(endpoint, "ec2", form, page -> {
            for (Element instance : at(page.getDocumentElement(), "reservationSet", "item", "instancesSet", "item")) {
                out.add(instance(instance));
            }
            return text(page.getDocumentElement(), "nextToken");
        });
        return out;
    }

    /** The Auto Scaling lifecycle state of each of these instances Auto Scaling knows, by instance id. */
    private Map<String, String> lifecycleStates(List<String> ids) throws IOException, InterruptedException {
        Map<String, String> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_CALL) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + IDS_PER_CALL));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("Action", "DescribeAutoScalingInstances");
            form.put("Version", AUTOSCALING_API_VERSION);
            for (int i = 0; i < batch.size(); i++) {
                form.put("InstanceIds.member." + (i + 1), batch.get(i));
            }
            form.put("MaxRecords", String.valueOf(IDS_PER_CALL));
            pages(autoscalingEndpoint, "autoscaling", form, page -> lifecycleStates(page, out));
        }
        return out;
    }

    /** Reads one page of an answer; returns its NextToken (none: the last page). */
    @FunctionalInterface
    private interface PageReader {
        String read(Document page);
    }

    /** Every page of one call: the form is sent again with each page's NextToken until a page has none. */
    private void pages(URI to, String service, Map<String, String> form, PageReader reader)
            throws IOException, InterruptedException {
        String next = null;
        do {
            Map<String, String> page = new LinkedHashMap<>(form);
            if (next != null) {
                page.put("NextToken", next);
            }
            next = reader.read(call(to, service, page));
        } while (next != null && !next.isEmpty());
    }

    /**
     * Adds the instances of a DescribeAutoScalingInstances answer to {@code states} (instance id: lifecycle state);
     * returns the answer's NextToken (none: the last page).
     */
    static String lifecycleStates(Document answer, Map<String, String> states) {
        String next = null;
        for (Element result : children(answer.getDocumentElement(), "DescribeAutoScalingInstancesResult")) {
            for (Element member : at(result, "AutoScalingInstances", "member")) {
                String id = text(member, "InstanceId");
                String state = text(member, "LifecycleState");
                if (id != null && state != null) {
                    states.put(id, state);
                }
            }
            next = text(result, "NextToken");
        }
        return next;
    }

    /** One query API call, form-encoded and signed for the service, its XML answer. */
    private Document call(URI to, String service, Map<String, String> form) throws IOException, InterruptedException {
        if (to == null || to.getHost() == null) {
            throw new IOException("no " + service + " endpoint for region '" + region + "'");
        }
        SigV4.Credentials signer = keys.isPresent() ? keys.get() : instanceRole.credentials();
        byte[] body = encode(form).getBytes(StandardCharsets.UTF_8);
        String contentType = "application/x-www-form-urlencoded; charset=utf-8";
        String host = to.getHost() + (to.getPort() > 0 ? ":" + to.getPort() : "");
        Map<String, String> signed = SigV4.sign(signer, region, service, "POST", "/", "",
                Map.of("content-type", contentType, "host", host), body, Instant.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(to).timeout(TIMEOUT)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEach(request::header);
        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IOException(service + " " + form.get("Action") + " in " + region + " answered "
                    + answer.statusCode());
        }
        return parse(answer.body());
    }

    private static Ec2Instance instance(Element e) {
        Map<String, String> tags = new HashMap<>();
        for (Element tag : at(e, "tagSet", "item")) {
            tags.put(text(tag, "key"), text(tag, "value"));
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
    static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("AWS answer is not XML: " + e.getMessage());
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

    /** The elements reached from {@code parent} through these child names, in document order. */
    private static List<Element> at(Element parent, String... path) {
        List<Element> level = List.of(parent);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            level.forEach(e -> next.addAll(children(e, name)));
            level = next;
        }
        return level;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().strip();
    }
}
