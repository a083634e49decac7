package dev.dpapi.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documentation beside the API, where the official serves it: {@code /swagger.json}, the document of
 * {@code /v2/specification}, and {@code /v2/docs}, a read-only page of it drawn by Swagger UI, whose script and
 * style come from the swagger-ui webjar in our jar: the page loads nothing from another host. Each is a fixed path
 * answering GET that {@link ApiRoutes} knows as a page, so that routing, 404/405 and authentication treat it as
 * they treat the operations; none is an operation of the document.
 */
final class Documentation implements HttpService {

    static final String SPECIFICATION = "/swagger.json";
    static final String PAGE = ApiRoutes.BASE + "/docs";

    /** Where a file of the page is read from: the webjar's directory of its version, or ours. */
    private enum Source { WEBJAR, OWN }

    private record File(String name, Source source, String mediaType) {
    }

    /** The page and the files it loads, by path: nothing else below {@link #PAGE} is served. */
    private static final Map<String, File> FILES = files(
            new File("index.html", Source.OWN, "text/html"),
            new File("docs.js", Source.OWN, "text/javascript"),
            new File("swagger-ui-bundle.js", Source.WEBJAR, "text/javascript"),
            new File("swagger-ui.css", Source.WEBJAR, "text/css"));

    /** Every path served here, with the one media type it answers in. */
    static final Map<String, String> MEDIA_TYPES = mediaTypes();

    private static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");
    /** Same origin only; Swagger UI sets inline styles, and its stylesheet has data: images. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String WEBJAR_VERSION = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private record Loaded(byte[] bytes, String etag) {
    }

    private final Handler specification;
    /** Read on first use: most servers are never asked for their documentation. */
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    /** {@code specification}: the handler of {@code /v2/specification}, the one source of the document. */
    Documentation(Handler specification) {
        this.specification = specification;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(SPECIFICATION, specification);
        FILES.keySet().forEach(path -> rules.get(path, (req, res) -> serve(path, req, res)));
    }

    private void serve(String path, ServerRequest req, ServerResponse res) {
        File file = FILES.get(path);
        Loaded content = loaded.computeIfAbsent(path, p -> load(file));
        res.header(HeaderNames.CONTENT_TYPE, file.mediaType() + "; charset=utf-8");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.ETAG, content.etag());
        // checked each time (a 304 when unchanged): after an upgrade the page never runs an older build's files.
        // Private: they are answered to credentials only
        res.header(HeaderNames.CACHE_CONTROL, "private, no-cache");
        if (path.equals(PAGE)) {
            res.header(CONTENT_SECURITY_POLICY, POLICY);
        }
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).filter(tags -> matches(tags, content.etag())).isPresent()) {
            // (Helidon writes Content-Length: 0 on every 304 and refuses any other value; caches do not take a
            // 304's Content-Length into what they keep, RFC 9111 3.2)
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.send(content.bytes());
    }

    /** Whether an {@code If-None-Match} list names the tag (compared weakly, as RFC 9110 asks for it). */
    static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static Loaded load(File file) {
        String resource = switch (file.source()) {
            case OWN -> "/dev/dpapi/http/docs/" + file.name();
            case WEBJAR -> "/META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/" + file.name();
        };
        byte[] bytes = read(resource);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Loaded(bytes, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /** The webjar's version, as its Maven metadata names it: the directory its files are in. */
    private static String webjarVersion() {
        Properties properties = new Properties();
        try {
            properties.load(new ByteArrayInputStream(read(WEBJAR_VERSION)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = Documentation.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, File> files(File... files) {
        Map<String, File> byPath = new LinkedHashMap<>();
        for (File f : files) {
            byPath.put(f.name().equals("index.html") ? PAGE : PAGE + "/" + f.name(), f);
        }
        return Map.copyOf(byPath);
    }

    private static Map<String, String> mediaTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put(SPECIFICATION, "application/json");
        FILES.forEach((path, file) -> types.put(path, file.mediaType()));
        return Map.copyOf(types);
    }
}
