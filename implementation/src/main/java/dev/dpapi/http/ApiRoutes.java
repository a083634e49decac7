package dev.dpapi.http;

import io.helidon.http.Method;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All endpoints of the API under {@link #BASE}, matched by path template, and the pages beside them (the
 * documentation): fixed paths answering GET, which are neither operations of the served document nor links.
 */
public final class ApiRoutes {

    public static final String BASE = "/v2";
    private static final Set<Method> GET = Set.of(Method.GET);

    private final List<ApiEndpoint> endpoints;
    /** The pages' request paths, each with the media type it answers in. */
    private final Map<String, String> pages;
    /** The path templates as a tree of segments: matching runs several times on every request. */
    private final Node root = new Node();

    public ApiRoutes(List<ApiService> services, Map<String, String> pages) {
        this.pages = Map.copyOf(pages);
        List<ApiEndpoint> all = new ArrayList<>();
        services.forEach(s -> all.addAll(s.endpoints()));
        this.endpoints = List.copyOf(all);
        for (int i = 0; i < endpoints.size(); i++) {
            Node node = root;
            for (String segment : segments(endpoints.get(i).path())) {
                node = isParam(segment) ? node.param() : node.literal(segment);
            }
            node.endpoints.set(i);
        }
        root.settle(endpoints);
    }

    /** A point in the templates: the literal segments and the parameter that may follow, and the endpoints ending here. */
    private static final class Node {
        final Map<String, Node> literals = new HashMap<>();
        Node param;
        final BitSet endpoints = new BitSet();
        /** The methods of {@link #endpoints}, worked out once: most paths end at one node only. */
        Set<Method> methods = Set.of();

        Node literal(String segment) {
            return literals.computeIfAbsent(segment, s -> new Node());
        }

        Node param() {
            if (param == null) {
                param = new Node();
            }
            return param;
        }

        void settle(List<ApiEndpoint> all) {
            methods = methodsOf(endpoints, all);
            literals.values().forEach(n -> n.settle(all));
            if (param != null) {
                param.settle(all);
            }
        }

        /** Adds the nodes of every template matching {@code path} from segment {@code at} on. */
        void collect(String[] path, int at, List<Node> out) {
            if (at == path.length) {
                out.add(this);
                return;
            }
            Node literal = literals.get(path[at]);
            if (literal != null) {
                literal.collect(path, at + 1, out);
            }
            if (param != null && !path[at].isEmpty()) {
                param.collect(path, at + 1, out);
            }
        }
    }

    public List<ApiEndpoint> endpoints() {
        return endpoints;
    }

    /** Methods served at a request path (empty when the path is unknown). */
    public Set<Method> methodsAt(String requestPath) {
        if (pages.containsKey(requestPath)) {
            return GET;
        }
        String relative = relative(requestPath);
        if (relative == null) {
            return Set.of();
        }
        List<Node> matched = new ArrayList<>(2);
        root.collect(segments(relative), 0, matched);
        if (matched.size() == 1) {
            return matched.get(0).methods;
        }
        BitSet all = new BitSet();
        matched.forEach(n -> all.or(n.endpoints));
        return methodsOf(all, endpoints);
    }

    /** The media type a page answers in, if the request path is a page's. */
    Optional<String> pageMediaType(String requestPath) {
        return Optional.ofNullable(pages.get(requestPath));
    }

    /** The methods of some endpoints, in the endpoints' order, as the Allow header lists them. */
    private static Set<Method> methodsOf(BitSet which, List<ApiEndpoint> endpoints) {
        Set<Method> methods = new LinkedHashSet<>();
        which.stream().forEach(i -> methods.add(endpoints.get(i).method()));
        return Collections.unmodifiableSet(methods);
    }

    /** The path below {@link #BASE} ("/" for the base itself), or null when outside it. */
    static String relative(String requestPath) {
        if (requestPath.equals(BASE)) {
            return "/";
        }
        return requestPath.startsWith(BASE + "/") ? requestPath.substring(BASE.length()) : null;
    }

    private static boolean isParam(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    /** The segments after the leading slash; a trailing slash leaves an empty last segment, which no template has. */
    private static String[] segments(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        return start == path.length() ? new String[0] : path.substring(start).split("/", -1);
    }
}
