package dev.dpapi.http;

import io.helidon.http.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** All endpoints of the API under {@link #BASE}, matched by path template. */
public final class ApiRoutes {

    public static final String BASE = "/v2";

    private final List<ApiEndpoint> endpoints;
    /** Each endpoint's path template, split into segments once: matching runs on every request. */
    private final List<String[]> templates;

    public ApiRoutes(List<ApiService> services) {
        List<ApiEndpoint> all = new ArrayList<>();
        services.forEach(s -> all.addAll(s.endpoints()));
        this.endpoints = List.copyOf(all);
        this.templates = endpoints.stream().map(e -> segments(e.path())).toList();
    }

    public List<ApiEndpoint> endpoints() {
        return endpoints;
    }

    /** Methods served at a request path (empty when the path is unknown). */
    public Set<Method> methodsAt(String requestPath) {
        Set<Method> methods = new LinkedHashSet<>();
        String relative = relative(requestPath);
        if (relative != null) {
            String[] path = segments(relative);
            for (int i = 0; i < endpoints.size(); i++) {
                if (matches(templates.get(i), path)) {
                    methods.add(endpoints.get(i).method());
                }
            }
        }
        return methods;
    }

    /** The path below {@link #BASE} ("/" for the base itself), or null when outside it. */
    static String relative(String requestPath) {
        if (requestPath.equals(BASE)) {
            return "/";
        }
        return requestPath.startsWith(BASE + "/") ? requestPath.substring(BASE.length()) : null;
    }

    static boolean matches(String[] t, String[] p) {
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            boolean param = t[i].startsWith("{") && t[i].endsWith("}");
            if (param ? p[i].isEmpty() : !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return start == end ? new String[0] : path.substring(start, end).split("/", -1);
    }
}
