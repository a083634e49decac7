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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** /services/haproxy/runtime/acls and acl_file_entries: the ACL patterns HAProxy runs, changed without a reload. */
public final class AclsService implements ApiService {

    private static final String ACLS = "/services/haproxy/runtime/acls";
    private static final String ENTRIES = "/services/haproxy/runtime/acl_file_entries";

    /** The acl_file model. */
    public record AclFile(String description, String id, @JsonProperty("storage_name") String storageName) {
    }

    /** The acl_file_entry model. */
    public record AclEntry(String id, String value) {
    }

    private final Patterns acls;

    public AclsService(RuntimeApi runtime) {
        this.acls = new Patterns(runtime, "acl");
    }

    @Override
    public List<ApiEndpoint> endpoints() {
        ApiEndpoint.Param acl = new ApiEndpoint.Param("acl_id", "string", true, "id of the ACL (show acl)");
        // force_sync is taken here too (as for maps) but not documented: the contract has no such parameter
        return ApiEndpoint.tagged("ACL Runtime", List.of(
                ApiEndpoint.get(ACLS, "getServicesHaproxyRuntimeAcls", "ACLs HAProxy runs",
                        "Returns the loaded ACL pattern lists (show acl).", "acl_files", guarded(this::list)),
                ApiEndpoint.get(ACLS + "/{id}", "getServicesHaproxyRuntimeAclsId", "One running ACL",
                        "Returns one loaded ACL pattern list by id.", "acl_file", guarded(this::one)),
                ApiEndpoint.get(ENTRIES, "getServicesHaproxyRuntimeAclFileEntries", "Entries of a running ACL",
                        "Returns the patterns of the ACL.", "acl_files_entries", guarded(this::entries), acl),
                new ApiEndpoint(Method.POST, ENTRIES, "postServicesHaproxyRuntimeAclFileEntries",
                        "Add a pattern to a running ACL", "Adds one pattern to the ACL.", List.of(acl), 201,
                        "acl_file_entry", guarded(this::add)),
                new ApiEndpoint(Method.PUT, ENTRIES, "addPayloadRuntimeACL", "Add patterns to a running ACL",
                        "Adds the patterns to the ACL in one atomic swap (prepare, add, commit acl).",
                        List.of(acl), 201, "acl_files_entries", guarded(this::payload)),
                ApiEndpoint.get(ENTRIES + "/{id}", "getServicesHaproxyRuntimeAclFileEntriesId",
                        "One pattern of a running ACL", "Returns the ACL's pattern with this reference or value.",
                        "acl_file_entry", guarded(this::entry), acl),
                new ApiEndpoint(Method.DELETE, ENTRIES + "/{id}", "deleteServicesHaproxyRuntimeAclFileEntriesId",
                        "Delete a pattern of a running ACL", "Deletes the ACL's pattern with this reference or value.",
                        List.of(acl), 204, null, guarded(this::delete))));
    }

    private void list(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Json.send(res, 200, acls.list().stream().map(AclsService::model).toList());
    }

    private void one(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Json.send(res, 200, model(locate(req.path().pathParameters().get("id"))));
    }

    private void entries(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded acl = locate(required(req, "acl_id"));
        Json.send(res, 200, acls.entries(ref(acl)).orElse(List.of()).stream()
                .map(e -> new AclEntry(e.ref(), e.value())).toList());
    }

    private void add(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded acl = locate(required(req, "acl_id"));
        boolean sync = flag(req, "force_sync");
        String value = Answers.text(Answers.body(req), "value");
        argument("value", value);
        if (find(acl, value).isPresent()) {
            throw new Answers.Refusal(409, "value " + value + " already exists in ACL " + acl.id());
        }
        acls.command("add", ref(acl), value);
        applied(res, acl, sync);
        Json.send(res, 201, new AclEntry(null, value));
    }

    private void payload(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded acl = locate(required(req, "acl_id"));
        boolean sync = flag(req, "force_sync");
        JsonNode body = Answers.body(req);
        if (!body.isArray()) {
            throw new Answers.Refusal(400, "parsing data body from \"\" failed, because the body must be an array of ACL entries");
        }
        List<String> lines = new ArrayList<>();
        for (Patterns.Entry e : acls.entries(ref(acl)).orElse(List.of())) {
            lines.add(e.value() + "\n");
        }
        List<AclEntry> added = new ArrayList<>();
        for (JsonNode item : body) {
            String value = Answers.text(item, "value");
            argument("value", value);
            lines.add(value + "\n");
            added.add(new AclEntry(null, value));
        }
        acls.swap(ref(acl), lines);
        applied(res, acl, sync);
        Json.send(res, 201, added);
    }

    private void entry(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded acl = locate(required(req, "acl_id"));
        String id = req.path().pathParameters().get("id");
        Patterns.Entry e = find(acl, id).orElseThrow(() -> missing(acl, id));
        Json.send(res, 200, new AclEntry(e.ref(), e.value()));
    }

    private void delete(ServerRequest req, ServerResponse res) throws RuntimeApiException, ConfigException {
        Patterns.Loaded acl = locate(required(req, "acl_id"));
        boolean sync = flag(req, "force_sync");
        String id = req.path().pathParameters().get("id");
        Patterns.Entry e = find(acl, id).orElseThrow(() -> missing(acl, id));
        acls.command("del", ref(acl), "#" + e.ref());
        applied(res, acl, sync);
        Answers.noContent(res);
    }

    /** An entry by HAProxy's reference ({@code 0x...}) or by its value. */
    private Optional<Patterns.Entry> find(Patterns.Loaded acl, String id) throws RuntimeApiException {
        return acls.entries(ref(acl)).orElse(List.of()).stream()
                .filter(e -> e.ref().equals(id) || e.value().equals(id)).findFirst();
    }

    private static Answers.Refusal missing(Patterns.Loaded acl, String id) {
        return new Answers.Refusal(404, "entry " + id + " not found in ACL " + acl.id());
    }

    private void applied(ServerResponse res, Patterns.Loaded acl, boolean sync) throws RuntimeApiException {
        if (sync) {
            acls.writeBack(ref(acl));
        }
        res.header(MapsService.APPLIED, sync ? "runtime, file" : "runtime");
    }

    /** An ACL by its number, with or without {@code #}, or by its file. */
    private Patterns.Loaded locate(String id) throws RuntimeApiException {
        String reference = id.startsWith("#") || id.startsWith("/") ? id : "#" + id;
        return acls.find(reference).orElseThrow(() -> new Answers.Refusal(404, "ACL " + id + " not found"));
    }

    private static String ref(Patterns.Loaded acl) {
        return "#" + acl.id();
    }

    private static AclFile model(Patterns.Loaded l) {
        return new AclFile(l.description().isEmpty() ? null : l.description(), l.id(), l.file().isEmpty() ? null : l.file());
    }
}
