package dev.dpapi.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

/** Raw configuration, transactions and reloads: each check reads the file and the running HAProxy. */
class ProcessCheck {

    static final String C = SectionsCheck.C;
    static final String T = "/v2/services/haproxy/transactions";
    static final Duration RELOAD = Duration.ofSeconds(30);

    @AfterAll
    static void stop() {
        Deployment.stopShared(ProcessCheck.class);
    }

    private static Deployment deployment(Target target) {
        return Deployment.shared(ProcessCheck.class, target, "");
    }

    /** Starts a transaction at version {@code v}: its id. */
    private static String begin(Deployment d, long v) {
        return d.api.admin().post(T + "?version=" + v).then().statusCode(201).extract().path("id");
    }

    /** Waits until the running HAProxy knows backend {@code name} (it was reloaded with the change). */
    static void awaitLiveBackend(Deployment d, String name) {
        Deployment.await("HAProxy's Runtime API to list backend " + name + " (a reload with the change)", RELOAD,
                () -> d.runtime("show backend").lines().anyMatch(l -> l.strip().equals(name)));
    }

    // ---- raw

    @Check(profile = Profile.CORE, family = "raw", source = "contract: GET /services/haproxy/configuration/raw; BEHAVIOUR 7")
    @DisplayName("raw read: the file as it is on disk, with its version")
    void rawRead(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(C + "raw");
        Response r = d.api.admin().get(C + "raw");
        assertEquals(200, r.statusCode(), r.asString());
        String file = d.config();
        assertEquals(d.version(), r.jsonPath().getLong("_version"));
        assertEquals(file.lines().filter(l -> !l.startsWith("# _version")).toList(),
                r.jsonPath().getString("data").lines().toList(), "data is haproxy.cfg without its # _version line");
    }

    @Check(profile = Profile.CORE, family = "raw", source = "contract: POST /services/haproxy/configuration/raw; BEHAVIOUR 7")
    @DisplayName("raw push: a whole new file, written, versioned and reloaded")
    void rawPush(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(C + "raw");
        long v = d.version();
        String text = d.api.admin().get(C + "raw").jsonPath().getString("data") + "\nbackend raw_be\n";
        Response r = d.api.admin().contentType("text/plain").body(text).post(C + "raw?version=" + v);
        assertEquals(202, r.statusCode(), r.asString());
        assertTrue(SectionsCheck.hasObject(d.config(), "backend %s", "raw_be"), "haproxy.cfg has the pushed backend");
        assertEquals(v + 1, d.version());
        awaitLiveBackend(d, "raw_be");
    }

    @Check(profile = Profile.CORE, family = "raw", source = "contract: POST configuration/raw 400; BEHAVIOUR 7 (no newline, only_validate)")
    @DisplayName("raw refusals: no newline, a file HAProxy rejects; only_validate writes nothing")
    void rawRefused(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(C + "raw");
        String before = d.config();
        long v = d.version();
        d.api.admin().contentType("text/plain").body("backend x").post(C + "raw?version=" + v).then().statusCode(400);
        d.api.admin().contentType("text/plain").body(before + "\nbackend broken\n  frobnicate 1\n")
                .post(C + "raw?only_validate=true").then().statusCode(400);
        String valid = before + "\nbackend validated_only\n";
        Response ok = d.api.admin().contentType("text/plain").body(valid).post(C + "raw?only_validate=true");
        assertEquals(202, ok.statusCode(), "a valid file with only_validate: " + ok.asString());
        assertEquals(before, d.config(), "nothing written");
        assertEquals(v, d.version());
    }

    @Check(profile = Profile.CORE, family = "raw", source = "contract: POST configuration/raw; BEHAVIOUR 7 (the text is parsed and re-serialised)")
    @DisplayName("raw push: a last line without its newline is taken (skip_version too), and the stored file ends it")
    void rawPushUnendedLastLine(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(C + "raw");
        long v = d.version();
        String text = "# _version=" + (v + 1) + "\n" + d.api.admin().get(C + "raw").jsonPath().getString("data")
                + "\nbackend raw_unended\n  balance roundrobin";
        Response r = d.api.admin().contentType("text/plain").body(text).post(C + "raw?skip_version=true");
        assertEquals(202, r.statusCode(), r.asString());
        assertTrue(d.config().endsWith("\n"), "haproxy.cfg ends its last line");
        assertEquals(v + 1, d.version());
        awaitLiveBackend(d, "raw_unended");
    }

    @Check(profile = Profile.CORE, family = "raw", source = "contract: GET configuration/raw (transaction_id, version); BEHAVIOUR 7")
    @DisplayName("raw read: a transaction and a version at once is 400 (code 12); the transaction alone is read")
    void rawReadBothRefused(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(C + "raw");
        d.api.assumeServed(T);
        long v = d.version();
        String id = begin(d, v);
        try {
            Response both = d.api.admin().get(C + "raw?version=" + v + "&transaction_id=" + id);
            assertEquals(400, both.statusCode(), both.asString());
            assertTrue(both.jsonPath().getString("message").startsWith("12: "), both.asString());
            d.api.admin().get(C + "raw?transaction_id=" + id).then().statusCode(200).body("_version", equalTo((int) v));
        } finally {
            d.api.admin().delete(T + "/" + id);
        }
    }

    // ---- transactions

    @Check(profile = Profile.CORE, family = "transactions", source = "contract: GET /transactions status enum; BEHAVIOUR 4.2")
    @DisplayName("list filter: a status out of [failed in_progress] is 422 with the validator's code 605")
    void listFilter(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(T);
        d.api.admin().get(T + "?status=outdated").then().statusCode(422).body("code", equalTo(605));
        d.api.admin().get(T + "?status=in_progress").then().statusCode(200);
    }

    @Check(profile = Profile.CORE, family = "transactions", source = "contract: PUT /transactions/{id} 406; BEHAVIOUR 4.1 (a direct change is a transaction), 4.3 step 6")
    @DisplayName("outdated by a direct change: a transaction started before it is outdated at once, 406 on commit")
    void outdatedByDirectChange(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(T);
        long v = d.version();
        String id = begin(d, v);
        try {
            d.api.json(Map.of("name", "tx_overtaken")).post(C + "backends?transaction_id=" + id).then().statusCode(202);
            d.api.json(Map.of("name", "direct_first")).post(C + "backends?version=" + v).then().statusCode(202);
            // read from the list, which BEHAVIOUR 4.2 says holds every file of the sub-directories (outdated/ too)
            d.api.admin().get(T).then().statusCode(200).body("find { it.id == '" + id + "' }.status", equalTo("outdated"));
            Response late = d.api.admin().put(T + "/" + id);
            assertEquals(406, late.statusCode(), late.asString());
            assertFalse(SectionsCheck.hasObject(d.config(), "backend %s", "tx_overtaken"), "its change is not written");
        } finally {
            d.api.admin().delete(T + "/" + id);
        }
    }

    @Check(profile = Profile.CORE, family = "transactions", source = "contract: /services/haproxy/transactions; BEHAVIOUR 4")
    @DisplayName("commit: staged changes stay out of the file until the commit, then land with one version")
    void commit(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(T);
        long v = d.version();
        String id = d.api.admin().post(T + "?version=" + v).then().statusCode(201)
                .body("status", equalTo("in_progress")).extract().path("id");
        for (String name : List.of("tx_a", "tx_b")) {
            Response r = d.api.json(Map.of("name", name)).post(C + "backends?transaction_id=" + id);
            assertEquals(202, r.statusCode(), r.asString());
            assertNull(r.header("Reload-ID"), "no reload for a staged change");
        }
        assertFalse(SectionsCheck.hasObject(d.config(), "backend %s", "tx_a"), "haproxy.cfg unchanged before the commit");
        d.api.admin().get(C + "backends/tx_a?transaction_id=" + id).then().statusCode(200);
        d.api.admin().get(C + "backends/tx_a").then().statusCode(404);
        Response commit = d.api.admin().put(T + "/" + id);
        assertEquals(202, commit.statusCode(), commit.asString());
        assertEquals("success", commit.jsonPath().getString("status"));
        String file = d.config();
        assertTrue(SectionsCheck.hasObject(file, "backend %s", "tx_a") && SectionsCheck.hasObject(file, "backend %s", "tx_b"),
                "both staged backends written");
        assertEquals(v + 1, d.version(), "one version for the whole transaction");
        awaitLiveBackend(d, "tx_b");
    }

    @Check(profile = Profile.CORE, family = "transactions", source = "contract: PUT /transactions/{id} 406/409; BEHAVIOUR 4.3")
    @DisplayName("outdated: a commit outdates the other transactions of that version; theirs never lands")
    void outdated(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(T);
        long v = d.version();
        String a = begin(d, v);
        String b = begin(d, v);
        d.api.json(Map.of("name", "tx_out_a")).post(C + "backends?transaction_id=" + a).then().statusCode(202);
        d.api.json(Map.of("name", "tx_out_b")).post(C + "backends?transaction_id=" + b).then().statusCode(202);
        d.api.admin().put(T + "/" + a).then().statusCode(202);
        Response late = d.api.admin().put(T + "/" + b);
        assertTrue(late.statusCode() == 406 || late.statusCode() == 409, "commit of the outdated one: " + late.statusCode()
                + " " + late.asString());
        assertFalse(SectionsCheck.hasObject(d.config(), "backend %s", "tx_out_b"), "its change is not written");
        d.api.admin().get(T + "/" + b).then().statusCode(200).body("status", equalTo("outdated"));
        d.api.admin().delete(T + "/" + b).then().statusCode(204);
    }

    @Check(profile = Profile.CORE, family = "transactions", source = "contract: DELETE /transactions/{id}; BEHAVIOUR 4.2")
    @DisplayName("delete: the transaction is gone (404 after) and its changes never reach the file")
    void delete(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(T);
        String before = d.config();
        String id = d.api.admin().post(T + "?version=" + d.version()).then().statusCode(201).extract().path("id");
        d.api.json(Map.of("name", "tx_deleted")).post(C + "backends?transaction_id=" + id).then().statusCode(202);
        d.api.admin().delete(T + "/" + id).then().statusCode(204);
        d.api.admin().get(T + "/" + id).then().statusCode(404);
        d.api.admin().put(T + "/" + id).then().statusCode(404);
        assertEquals(before, d.config(), "haproxy.cfg untouched");
    }

    @Check(profile = Profile.CORE, family = "transactions", source = "contract: POST /transactions 429; BEHAVIOUR 4.2 (max_open_transactions)")
    @DisplayName("limit: max_open_transactions in progress, then 429; one more once one is closed")
    void limit(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(T);
        long v = d.version();
        List<String> opened = new ArrayList<>();
        try {
            Response r = null;
            for (int i = 0; i <= Deployment.SHARED_MAX_TRANSACTIONS; i++) {
                r = d.api.admin().post(T + "?version=" + v);
                if (r.statusCode() != 201) {
                    break;
                }
                opened.add(r.jsonPath().getString("id"));
            }
            assertEquals(429, r.statusCode(), "after " + opened.size() + " transactions (limit "
                    + Deployment.SHARED_MAX_TRANSACTIONS + "): " + r.asString());
            assertTrue(opened.size() <= Deployment.SHARED_MAX_TRANSACTIONS, "no more than the limit opened");
            d.api.admin().delete(T + "/" + opened.remove(0)).then().statusCode(204);
            Response again = d.api.admin().post(T + "?version=" + v);
            assertEquals(201, again.statusCode(), "below the limit again: " + again.asString());
            opened.add(again.jsonPath().getString("id"));
        } finally {
            opened.forEach(id -> d.api.admin().delete(T + "/" + id));
        }
    }

    @Check(profile = Profile.CORE, family = "transactions", source = "contract: POST /transactions 409; BEHAVIOUR 3 (code 15)")
    @DisplayName("a transaction cannot start from a version that is not the current one")
    void startOutdated(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(T);
        long v = d.version();
        d.api.admin().post(T + "?version=" + (v + 3)).then().statusCode(409).body("code", equalTo(409));
        String id = begin(d, v);
        d.api.admin().delete(T + "/" + id).then().statusCode(204);
    }

    // ---- reloads

    @Check(profile = Profile.CORE, family = "reloads", source = "contract: /services/haproxy/reloads/{id}; BEHAVIOUR 5.1, 5.2")
    @DisplayName("a scheduled reload runs: its record succeeds and HAProxy runs the change")
    void scheduledReload(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed("/v2/services/haproxy/reloads");
        int loads = d.haproxy.loadCount();
        Response r = d.api.json(Map.of("name", "reload_be")).post(C + "backends?version=" + d.version());
        assertEquals(202, r.statusCode(), r.asString());
        String id = r.header("Reload-ID");
        assertTrue(id != null && !id.isBlank(), "a Reload-ID");
        Deployment.await("reload " + id + " to be recorded as succeeded", RELOAD, () ->
                "succeeded".equals(d.api.admin().get("/v2/services/haproxy/reloads/" + id).jsonPath().getString("status")));
        Deployment.await("HAProxy's master to log a new load", RELOAD, () -> d.haproxy.loadCount() > loads);
        awaitLiveBackend(d, "reload_be");
        d.api.admin().get("/v2/services/haproxy/reloads").then().statusCode(200);
    }

    @Check(profile = Profile.CORE, family = "reloads", source = "contract: force_reload on configuration mutations; BEHAVIOUR 2.6")
    @DisplayName("force_reload: 201 once the reload command ran; HAProxy runs the change")
    void forcedReload(Target target) {
        Deployment d = deployment(target);
        int loads = d.haproxy.loadCount();
        Response r = d.api.json(Map.of("name", "forced_be")).post(C + "backends?force_reload=true&version=" + d.version());
        assertEquals(201, r.statusCode(), r.asString());
        assertNull(r.header("Reload-ID"), "nothing left scheduled");
        Deployment.await("HAProxy's master to log a new load", RELOAD, () -> d.haproxy.loadCount() > loads);
        awaitLiveBackend(d, "forced_be");
    }

    @Check(profile = Profile.CORE, family = "reloads", source = "contract: PUT server_templates/{prefix} 200; BEHAVIOUR 2.6, 6.3 (unchanged: no reload)")
    @DisplayName("a server template PUT that changes nothing answers 200 without a Reload-ID; a change reloads (202)")
    void unchangedServerTemplate(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(C + "server_templates?backend=be");
        Map<String, Object> template = Map.of("prefix", "cc_tpl", "num_or_range", "1-2", "fqdn", "127.0.0.1", "port", 80);
        d.api.json(template).post(C + "server_templates?backend=be&version=" + d.version()).then().statusCode(202);
        Response same = d.api.json(template).put(C + "server_templates/cc_tpl?backend=be&version=" + d.version());
        assertEquals(200, same.statusCode(), same.asString());
        assertNull(same.header("Reload-ID"), "nothing to reload");
        Map<String, Object> changed = new java.util.HashMap<>(template);
        changed.put("port", 81);
        Response put = d.api.json(changed).put(C + "server_templates/cc_tpl?backend=be&version=" + d.version());
        assertEquals(202, put.statusCode(), put.asString());
        assertTrue(d.config().contains("server-template cc_tpl 1-2 127.0.0.1:81"), "the changed line is written");
    }
}
