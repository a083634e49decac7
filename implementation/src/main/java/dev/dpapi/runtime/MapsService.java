package dev.dpapi.runtime;

import dev.dpapi.text.ConfigException;
import static dev.dpapi.runtime.Answers.argument;
import static dev.dpapi.runtime.Answers.flag;
import static dev.dpapi.runtime.Answers.guarded;
import static dev.dpapi.runtime.Answers.required;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.http.ApiEndpoint;
import dev.dpapi.http.ApiService;
import dev.dpapi.http.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** /services/haproxy/runtime/maps and maps_entries: the maps HAProxy runs, changed without a reload. */
public final class MapsService implements ApiService {

    private static final String MAPS = "/services/haproxy/runtime/maps";
    private static final String ENTRIES = "/services/haproxy/runtime/maps_entries";
    /** Says what a runtime write did: {@code runtime}, and {@code file} when written back to disk too. */
    static final String APPLIED = "Change-Applied";

    /** The map model. */
    public record MapFile(String description, String file, String id, @JsonProperty("storage_name") String storageName) {
    }

    /** The map_entry model. */
    public record MapEntry(String id, String key, String value) {
    }

    /** The body that sets an entry's value. */
    public record MapValue(String value) {
    }

    private final Patterns maps;
    private final Path mapsDir;

    public MapsService(RuntimeApi runtime, Path mapsDir) {
        this.maps = new Patterns(runtime, "map");
        this.mapsDir = mapsDir.toAbsolutePath().normalize();
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param map = new ApiEndpoint.Param("map", "string", true, "map: #id, a file, or a name in maps_dir");
        ApiEndpoint.Param sync = new ApiEndpoint.Param("force_sync", "boolean", false,
                "also write the running contents back to the map file");
        String one = MAPS + "/{name}";
        String entry = ENTRIES + "/{id}";
        return ApiEndpoint.tagged("Maps", List.of(
                ApiEndpoint.get(MAPS, "getAllRuntimeMapFiles", "Maps HAProxy runs",
                        "Returns the loaded maps: those in maps_dir, or all with include_unmanaged.", "maps",
                        guarded(this::list), new ApiEndpoint.Param("include_unmanaged", "boolean", false,
                                "also maps outside maps_dir")),
                ApiEndpoint.get(one, "getOneRuntimeMap", "One running map", "Returns one loaded map.", "map",
                        guarded(this::one)),
                new ApiEndpoint(Method.PUT, one, "addPayloadRuntimeMap", "Add entries to a running map",
                        "Adds the entries to the running map in one atomic swap (prepare, add, commit map).",
                        List.of(sync), 201, "map_entries", guarded(this::payload)),
                new ApiEndpoint(Method.DELETE, one, "clearRuntimeMap", "Clear a running map",
                        "Removes every entry of the running map; forceDelete also deletes its file.",
                        List.of(new ApiEndpoint.Param("forceDelete", "boolean", false, "also delete the map file"), sync),
                        204, null, guarded(this::clear)),
                ApiEndpoint.get(ENTRIES, "showRuntimeMap", "Entries of a running map",
                        "Returns the entries of the running map.", "map_entries", guarded(this::entries), map),
                new ApiEndpoint(Method.POST, ENTRIES, "addMapEntry", "Add an entry to a running map",
                        "Adds one key and value to the running map.", List.of(map, sync), 201, "map_entry",
                        guarded(this::add)),
                ApiEndpoint.get(entry, "getRuntimeMapEntry", "One entry of a running map",
                        "Returns the entry of the running map with this key.", "map_entry", guarded(this::entry), map),
                new ApiEndpoint(Method.PUT, entry, "replaceRuntimeMapEntry", "Set an entry's value",
                        "Sets the value of the running map's entry with this key.", List.of(map, sync), 200, "map_entry",
                        guarded(this::set)),
                new ApiEndpoint(Method.DELETE, entry, "deleteRuntimeMapEntry", "Delete an entry of a running map",
                        "Deletes the running map's entry with this key.", List.of(map, sync), 204, null,
                        guarded(this::delete))));
    }

    private void list(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        boolean all = flag(req, "include_unmanaged");
        List<MapFile> out = new ArrayList<>();
        for (Patterns.Loaded l : maps.list()) {
            if (all || managed(l)) {
                out.add(model(l));
            }
        }
        Json.send(res, 200, out);
    }

    private void one(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Json.send(res, 200, model(locate(req.path().pathParameters().get("name"))));
    }

    private void payload(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded map = locate(req.path().pathParameters().get("name"));
        boolean sync = flag(req, "force_sync");
        JsonNode body = Answers.body(req);
        if (!body.isArray()) {
            throw new Answers.Refusal(400, "parsing data body from \"\" failed, because the body must be an array of map entries");
        }
        List<String> lines = new ArrayList<>();
        for (Patterns.Entry e : maps.entries(ref(map)).orElse(List.of())) {
            lines.add(e.key() + " " + e.value() + "\n");
        }
        List<MapEntry> added = new ArrayList<>();
        for (JsonNode item : body) {
            String key = payloadWord("key", Answers.text(item, "key"));
            String value = Answers.text(item, "value");
            argument("value", value);
            lines.add(key + " " + value + "\n");
            added.add(new MapEntry(null, key, value));
        }
        maps.swap(ref(map), lines);
        applied(res, map, sync);
        Json.send(res, 201, added);
    }

    private void clear(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded map = locate(req.path().pathParameters().get("name"));
        boolean delete = flag(req, "forceDelete");
        boolean sync = flag(req, "force_sync");
        Path file = Path.of(map.file());
        if (delete && !managed(map)) {
            throw new Answers.Refusal(400, "map file " + map.file() + " is not in " + mapsDir);
        }
        maps.command("clear", ref(map));
        if (delete) {
            try {
                if (!Files.deleteIfExists(file)) {
                    throw new Answers.Refusal(404, "map file " + file + " does not exist");
                }
            } catch (IOException e) {
                throw new RuntimeApiException("deleting " + file + ": " + e.getMessage());
            }
            res.header(APPLIED, "runtime, file");
        } else {
            applied(res, map, sync);
        }
        Answers.noContent(res);
    }

    private void entries(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded map = locate(required(req, "map"));
        List<MapEntry> out = maps.entries(ref(map)).orElse(List.of()).stream()
                .map(e -> new MapEntry(e.ref(), e.key(), e.value())).toList();
        Json.send(res, 200, out);
    }

    private void add(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded map = locate(required(req, "map"));
        boolean sync = flag(req, "force_sync");
        JsonNode body = Answers.body(req);
        String key = Answers.text(body, "key");
        String value = Answers.text(body, "value");
        if (find(map, key).isPresent()) {
            throw new Answers.Refusal(409, "key " + key + " already exists in map " + map.file());
        }
        maps.command("add", ref(map), checked("key", key), checked("value", value));
        applied(res, map, sync);
        Json.send(res, 201, new MapEntry(null, key, value));
    }

    private void entry(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded map = locate(required(req, "map"));
        String key = req.path().pathParameters().get("id");
        Patterns.Entry e = find(map, key).orElseThrow(() -> missingKey(map, key));
        Json.send(res, 200, new MapEntry(e.ref(), e.key(), e.value()));
    }

    private void set(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded map = locate(required(req, "map"));
        boolean sync = flag(req, "force_sync");
        String key = req.path().pathParameters().get("id");
        MapValue value = new MapValue(Answers.text(Answers.body(req), "value"));
        find(map, key).orElseThrow(() -> missingKey(map, key));
        maps.command("set", ref(map), key, checked("value", value.value()));
        applied(res, map, sync);
        Json.send(res, 200, new MapEntry(null, key, value.value()));
    }

    private void delete(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded map = locate(required(req, "map"));
        boolean sync = flag(req, "force_sync");
        String key = req.path().pathParameters().get("id");
        find(map, key).orElseThrow(() -> missingKey(map, key));
        maps.command("del", ref(map), key);
        applied(res, map, sync);
        Answers.noContent(res);
    }

    private Optional<Patterns.Entry> find(Patterns.Loaded map, String key) throws RuntimeApiException {
        return maps.entries(ref(map)).orElse(List.of()).stream().filter(e -> e.key().equals(key)).findFirst();
    }

    private static Answers.Refusal missingKey(Patterns.Loaded map, String key) {
        return new Answers.Refusal(404, "key " + key + " not found in map " + map.file());
    }

    /** Writes the map back to its file when asked, and says so. */
    private void applied(ServerResponse res, Patterns.Loaded map, boolean sync) throws RuntimeApiException {
        if (sync) {
            maps.writeBack(ref(map));
        }
        res.header(APPLIED, sync ? "runtime, file" : "runtime");
    }

    /**
     * A loaded map by {@code #id}, by its file, or by a name in maps_dir with or without {@code .map}, as the
     * official resolves names.
     */
    private Patterns.Loaded locate(String name) throws RuntimeApiException {
        Map<String, Patterns.Loaded> byName = new LinkedHashMap<>();
        for (Patterns.Loaded l : maps.list()) {
            byName.putIfAbsent("#" + l.id(), l);
            if (!l.file().isEmpty()) {
                byName.putIfAbsent(l.file(), l);
            }
        }
        for (String candidate : List.of(name, mapsDir.resolve(name).toString(), mapsDir.resolve(name + ".map").toString())) {
            Patterns.Loaded l = byName.get(candidate);
            if (l != null) {
                return l;
            }
        }
        throw new Answers.Refusal(404, "map " + name + " not found");
    }

    private static String ref(Patterns.Loaded map) {
        return "#" + map.id();
    }

    private boolean managed(Patterns.Loaded l) {
        return !l.file().isEmpty() && Path.of(l.file()).toAbsolutePath().normalize().startsWith(mapsDir);
    }

    private MapFile model(Patterns.Loaded l) {
        String storage = managed(l) ? mapsDir.relativize(Path.of(l.file()).toAbsolutePath().normalize()).toString() : null;
        return new MapFile(l.description().isEmpty() ? null : l.description(), l.file(), l.id(), storage);
    }

    /** A value sent as one argument: refused when it holds a control character. */
    private static String checked(String field, String value) {
        argument(field, value);
        return value;
    }

    /** A payload line is {@code key value}: a key cannot hold a blank, nor any part a control character. */
    private static String payloadWord(String field, String key) {
        argument(field, key);
        if (key.contains(" ") || key.contains("\t")) {
            throw new Answers.Refusal(400, field + " must not hold blanks in a payload");
        }
        return key;
    }
}
