package dev.dpapi.storage;

import dev.dpapi.text.ConfigException;
import static dev.dpapi.runtime.Answers.flag;
import static dev.dpapi.runtime.Answers.guarded;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.BeyondContract;
import dev.dpapi.http.Json;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.reload.ReloadsService;
import dev.dpapi.runtime.Answers;
import dev.dpapi.runtime.MapsService;
import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.runtime.RuntimeApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Entry point of the storage capability: /services/haproxy/storage, the map files, SSL certificates and general
 * files HAProxy's configuration uses, each kind in its own directory. Files are replaced whole (temp file,
 * fsync, rename); names are plain file names inside their directory.
 */
public final class StorageService implements ApiService {

    private static final String BASE = "/services/haproxy/storage";
    /** Says what a write did: {@code file}, and {@code runtime} or {@code reload} after it. */
    private static final String APPLIED = "Change-Applied";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /** One kind of stored file: its path below storage, directory, mode, and whether it is a certificate. */
    private record Kind(String path, Path dir, Set<PosixFilePermission> mode, boolean certificate, String title) {
    }

    /** The ssl_certificate model, with the certificate's facts. */
    public record SslCertificate(String description, @BeyondContract String domains, String file,
                                 @BeyondContract @JsonProperty("ip_addresses") String ipAddresses,
                                 @BeyondContract String issuers,
                                 @BeyondContract @JsonProperty("not_after") String notAfter,
                                 @BeyondContract @JsonProperty("not_before") String notBefore,
                                 @BeyondContract Long size,
                                 @JsonProperty("storage_name") String storageName) {
    }

    /** The general_file model. */
    public record GeneralFile(String description, String file, String id,
                              @JsonProperty("storage_name") String storageName) {
    }

    private final Kind maps;
    private final Kind certificates;
    private final Kind general;
    private final ReloadAgent reloads;
    private final RuntimeApi runtime;
    private final Supplier<String> configText;
    private final ApiEndpoint.Action links;

    public StorageService(Path mapsDir, Path sslDir, Path generalDir, ReloadAgent reloads, RuntimeApi runtime,
                          Supplier<String> configText, ApiEndpoint.Action links) {
        this.maps = new Kind("maps", directory(mapsDir), READABLE, false, "map file");
        this.certificates = new Kind("ssl_certificates", directory(sslDir), OWNER_ONLY, true, "SSL certificate");
        this.general = new Kind("general", directory(generalDir), READABLE, false, "general use file");
        this.reloads = reloads;
        this.runtime = runtime;
        this.configText = configText;
        this.links = links;
    }

    /** The directory, made (0750) when missing, as the official does at start. */
    public static Path directory(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-x---"));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // answered at use: the directory cannot be read or written
        }
        return d;
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param skip = new ApiEndpoint.Param("skip_reload", "boolean", false, "do not reload HAProxy");
        ApiEndpoint.Param force = new ApiEndpoint.Param("force_reload", "boolean", false, "reload before answering");
        List<ApiEndpoint> out = new ArrayList<>();
        for (Kind k : List.of(maps, certificates, general)) {
            String list = BASE + "/" + k.path();
            String one = list + "/{name}";
            String id = k.path().equals("maps") ? "StorageMapFile" : k.certificate() ? "StorageSSLCertificate"
                    : "StorageGeneralFile";
            // the definitions of the descriptors below (storage lists map files with the runtime's map model)
            String model = k.path().equals("maps") ? "map" : k.certificate() ? "ssl_certificate" : "general_file";
            String models = k.path().equals("maps") ? "maps" : model + "s";
            out.add(ApiEndpoint.get(list, "getAll" + id + "s", "Stored " + k.title() + "s",
                    "Returns the " + k.title() + "s of " + k.dir() + ".", models, guarded((req, res) -> list(k, res))));
            out.add(new ApiEndpoint(Method.POST, list, "create" + id, "Upload a " + k.title(),
                    "Stores the multipart/form-data part file_upload under its file name.",
                    k.certificate() ? List.of(force) : List.of(), 201, model, guarded((req, res) -> create(k, req, res))));
            out.add(ApiEndpoint.get(one, "getOne" + id, "One stored " + k.title(),
                    k.certificate() ? "Returns the certificate's descriptor and facts." : "Returns the file's contents.",
                    k.certificate() ? model : null, guarded((req, res) -> get(k, req, res))));
            out.add(new ApiEndpoint(Method.PUT, one, "replace" + id, "Replace a stored " + k.title(),
                    "Replaces the file with the text/plain body, then reloads unless skip_reload.",
                    List.of(skip, force), 202, k.certificate() ? model : null, guarded((req, res) -> replace(k, req, res))));
            out.add(new ApiEndpoint(Method.DELETE, one, "delete" + id, "Delete a stored " + k.title(),
                    "Deletes the file unless haproxy.cfg uses it.", k.certificate() ? List.of(skip, force) : List.of(),
                    204, null, guarded((req, res) -> delete(k, req, res))));
        }
        return Stream.of(
                ApiEndpoint.tagged("Discovery", List.of(ApiEndpoint.get(BASE, "getStorageEndpoints", "Storage families",
                        "Returns the kinds of files kept in storage.", "endpoints", links))),
                ApiEndpoint.tagged("Storage", out)).flatMap(List::stream).toList();
    }

    private void list(Kind k, ServerResponse res) {
        List<Object> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(k.dir())) {
            for (Path p : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                out.add(descriptor(k, p, false));
            }
        } catch (IOException e) {
            throw new Answers.Refusal(404, "cannot list " + k.dir() + ": " + e.getMessage());
        }
        Json.send(res, 200, out);
    }

    private synchronized void create(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        boolean force = flag(req, "force_reload");
        Upload upload = Upload.read(req.headers().contentType().map(ct -> ct.text()).orElse(null),
                req.content().inputStream());
        String name = upload.fileName();
        if (k == maps && !name.endsWith(".map")) {
            name += ".map";
        }
        Path file = resolve(k, name);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Answers.Refusal(409, 409, "31: file " + file + " already exists");
        }
        if (k.certificate()) {
            Certificates.read(upload.content());
        }
        write(file, upload.content(), k.mode());
        Object descriptor = descriptor(k, file, true);
        if (force) {
            reloads.reloadNow().ifPresent(failure -> {
                throw new Answers.Refusal(400, "Reload failed: " + failure);
            });
        }
        res.header(APPLIED, force ? "file, reload" : "file");
        Json.send(res, 201, descriptor);
    }

    private void get(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        Path file = existing(k, req.path().pathParameters().get("name"));
        if (k.certificate()) {
            Json.send(res, 200, descriptor(k, file, false));
            return;
        }
        try {
            byte[] content = Files.readAllBytes(file);
            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            res.send(content);
        } catch (IOException e) {
            throw new Answers.Refusal(500, "reading " + file + ": " + e.getMessage());
        }
    }

    private synchronized void replace(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        boolean skip = flag(req, "skip_reload");
        boolean force = flag(req, "force_reload");
        Path file = existing(k, req.path().pathParameters().get("name"));
        byte[] content = text(req);
        if (k.certificate()) {
            Certificates.read(content);
        }
        write(file, content, k.certificate() ? OWNER_ONLY : null);
        Object descriptor = k.certificate() ? descriptor(k, file, false) : null;
        int done = k.certificate() ? 200 : 204;
        if (skip) {
            res.header(APPLIED, "file");
            answer(res, done, descriptor);
        } else if (k.certificate() && !force && updatedAtRuntime(file, content)) {
            res.header(APPLIED, "file, runtime");
            answer(res, 200, descriptor);
        } else {
            res.header(APPLIED, "file, reload");
            ReloadsService.answer(res, reloads.after(force), done, descriptor);
        }
    }

    private synchronized void delete(Kind k, ServerRequest req, ServerResponse res) throws ConfigException {
        Path file = existing(k, req.path().pathParameters().get("name"));
        boolean skip = flag(req, "skip_reload");
        boolean force = flag(req, "force_reload");
        String[] lines = configText.get().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("#") && line.contains(file.toString())) {
                throw new Answers.Refusal(409, "rejecting attempt to delete file " + file
                        + " referenced in haproxy conf at line " + (i + 1) + ": " + line);
            }
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new Answers.Refusal(500, "deleting " + file + ": " + e.getMessage());
        }
        if (!k.certificate() || skip) {
            res.header(APPLIED, "file");
            answer(res, 204, null);
        } else {
            res.header(APPLIED, "file, reload");
            ReloadsService.answer(res, reloads.after(force), 204, null);
        }
    }

    /**
     * A certificate HAProxy has loaded is replaced in the running process (set ssl cert, commit ssl cert):
     * no reload. False when the socket cannot do it, so that the caller reloads instead.
     */
    private boolean updatedAtRuntime(Path file, byte[] pem) {
        String path = file.toString();
        try {
            boolean loaded = runtime.command("show ssl cert").lines().anyMatch(l -> l.strip().equals(path));
            if (!loaded) {
                return false;
            }
            // the payload ends at the first empty line: a PEM has none that matter
            String payload = new String(pem, StandardCharsets.US_ASCII).replaceAll("(?m)^\\s*\\n", "");
            runtime.commandWithPayload("set ssl cert " + RuntimeApi.argument(path), payload.endsWith("\n") ? payload : payload + "\n");
            try {
                runtime.command("commit ssl cert " + RuntimeApi.argument(path));
            } catch (RuntimeApiException e) {
                runtime.command("abort ssl cert " + RuntimeApi.argument(path));
                return false;
            }
            return true;
        } catch (RuntimeApiException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void answer(ServerResponse res, int status, Object body) {
        if (body == null) {
            Answers.noContent(res);
        } else {
            Json.send(res, status, body);
        }
    }

    /** The body of a replacement: text/plain, or a JSON string. */
    private static byte[] text(ServerRequest req) {
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        if (body.length == 0) {
            throw new Answers.Refusal(422, 602, "data in body is required");
        }
        boolean json = req.headers().contentType().map(ct -> ct.text().startsWith("application/json")).orElse(false);
        if (json) {
            try {
                return Json.MAPPER.readValue(body, String.class).getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new Answers.Refusal(400, "parsing data body from \"\" failed, because " + e.getMessage());
            }
        }
        return body;
    }

    private Object descriptor(Kind k, Path file, boolean created) {
        String name = file.getFileName().toString();
        if (k == maps) {
            return new MapsService.MapFile(created ? "managed but not loaded map file (no runtime ID)" : null,
                    file.toString(), null, name);
        }
        if (!k.certificate()) {
            return new GeneralFile(null, file.toString(), null, name);
        }
        Long size = null;
        Certificates.Facts facts = new Certificates.Facts(null, null, null, null, null);
        try {
            byte[] pem = Files.readAllBytes(file);
            size = (long) pem.length;
            facts = Certificates.read(pem);
        } catch (IOException | Answers.Refusal e) {
            // a file that is not a certificate is listed without facts
        }
        return new SslCertificate("managed SSL file", facts.domains(), file.toString(), facts.ipAddresses(),
                facts.issuers(), facts.notAfter(), facts.notBefore(), size, name);
    }

    /**
     * The file a name stands for: a plain file name inside the kind's directory. Separators, dot names,
     * control characters and symbolic links are refused, so nothing outside the directory is ever touched.
     */
    private static Path resolve(Kind k, String name) {
        return fileIn(k.dir(), name);
    }

    /** The file {@code name} stands for in {@code dir} (absolute and normalized), with the same checks (400). */
    public static Path fileIn(Path dir, String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
                || name.contains("\\") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new Answers.Refusal(400, "invalid file name: " + Json.write(name));
        }
        Path file = dir.resolve(name).normalize();
        if (!dir.equals(file.getParent())) {
            throw new Answers.Refusal(400, "invalid file name: " + Json.write(name));
        }
        if (Files.isSymbolicLink(file)) {
            throw new Answers.Refusal(400, "invalid file name: " + name + " is a symbolic link");
        }
        return file;
    }

    private Path existing(Kind k, String name) {
        Path file = resolve(k, name);
        if (k == maps && !name.endsWith(".map") && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            file = resolve(k, name + ".map");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Answers.Refusal(404, "30: file " + name + " doesn't exist in dir: " + k.dir());
        }
        return file;
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> mode) {
        try {
            AtomicFile.write(file, content, mode);
        } catch (IOException e) {
            throw new Answers.Refusal(500, "writing " + file + ": " + e.getMessage());
        }
    }

}
