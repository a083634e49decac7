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

    public ApiRoutes(List<ApiService> services) {
        List<ApiEndpoint> all = new ArrayList<>();
        services.forEach(s -> all.addAll(s.endpoints()));
        this.endpoints = List.copyOf(all);
    }

    public List<ApiEndpoint> endpoints() {
        return endpoints;
    }

    /** Methods served at a request path (empty when the path is unknown). */
    public Set<Method> methodsAt(String requestPath) {
        Set<Method> methods = new LinkedHashSet<>();
        String relative = relative(requestPath);
        if (relative != null) {
            for (ApiEndpoint e : endpoints) {
                if (matches(e.path(), relative)) {
                    methods.add(e.method());
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

    static boolean matches(String template, String path) {
        String[] t = segments(template);
        String[] p = segments(path);
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
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
