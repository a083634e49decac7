package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Transactions: staged changes, committed at once, with the official statuses and messages. */
class TransactionsIT {

    private static final String C = "/v2/services/haproxy/configuration/";
    private static final String T = "/v2/services/haproxy/transactions";

    @AutoClose
    final ConfigStage stage = ConfigStage.started("--max-open-transactions", "3");


    private String startTransaction(long version) {
        return stage.api.admin().post(T + "?version=" + version).then().statusCode(201)
                .body("status", equalTo("in_progress")).body("_version", equalTo((int) version))
                .extract().path("id");
    }

    @Test
    void changesAreStagedThenCommittedAtOnce() throws Exception {
        String before = Files.readString(stage.cfg);
        String id = startTransaction(1);
        assertTrue(Files.exists(stage.dir.resolve("tx").resolve("haproxy.cfg." + id)));
        stage.api.admin().body(Map.of("name", "staged")).post(C + "backends?transaction_id=" + id).then().statusCode(202)
                .header("Reload-ID", equalTo(null)).header("Configuration-Version", "1");
        stage.api.admin().body(Map.of("name", "s1", "address", "127.0.0.1", "port", 8080))
                .post(C + "servers?backend=staged&transaction_id=" + id).then().statusCode(202);
        assertEquals(before, Files.readString(stage.cfg), "nothing is written before the commit");
        stage.api.admin().get(C + "backends?transaction_id=" + id).then().header("Configuration-Version", "1")
                .body("data.name", hasItem("staged"));
        stage.api.admin().get(C + "backends").then().body("data.name", not(hasItem("staged")));

        stage.api.admin().put(T + "/" + id).then().statusCode(202).header("Reload-ID", matchesPattern(".+"))
                .header("Configuration-Version", "2") // the version the commit made
                .body("status", equalTo("success")).body("_version", equalTo(1)).body("id", equalTo(id));
        String after = Files.readString(stage.cfg);
        assertTrue(after.startsWith("# _version=2\n") && after.contains("backend staged\n"), after);
        stage.api.admin().get(C + "version").then().body(equalTo("2\n"));
        stage.api.admin().get(T + "/" + id).then().statusCode(404).body("message", equalTo("20: transaction " + id + " does not exist"));
    }

    @Test
    void versionAndTransactionRules() {
        String id = startTransaction(1);
        FileEffect.unchangedBy(stage.cfg, () -> refusals(id));
        // made valid (the transaction alone), the same change is staged
        stage.api.admin().body(Map.of("name", "x")).post(C + "backends?transaction_id=" + id).then().statusCode(202);
        stage.api.admin().delete(T + "/" + id).then().statusCode(204);
        stage.api.admin().get(T + "/" + id).then().statusCode(404);
    }

    private void refusals(String id) {
        stage.api.admin().body(Map.of("name", "x")).post(C + "backends?version=1&transaction_id=" + id).then().statusCode(400)
                .body("message", equalTo("12: both version and transaction specified, specify only one"));
        stage.api.admin().body(Map.of("name", "x")).post(C + "backends?force_reload=true&transaction_id=" + id).then()
                .statusCode(400).body("message", equalTo("Both force_reload and transaction specified, specify only one"));
        stage.api.admin().get(C + "backends?transaction_id=nope").then().statusCode(400)
                .body("message", equalTo("20: Transaction nope does not exist"));
        stage.api.admin().post(T).then().statusCode(422).body("code", equalTo(602))
                .body("message", equalTo("version in query is required"));
        stage.api.admin().post(T + "?version=one").then().statusCode(422).body("code", equalTo(600))
                .body("message", equalTo("version in query must be of type int64: \"one\""));
        stage.api.admin().post(T + "?version=5").then().statusCode(409)
                .body("message", equalTo("15: version in configuration file is 1, given version is 5"));
        stage.api.admin().delete(T + "/nope").then().statusCode(404).body("message", equalTo("20: transaction file nope does not exist"));
        // a status out of the contract's enum is the validator's 605, as every other enum of a query
        stage.api.admin().get(T + "?status=outdated").then().statusCode(422).body("code", equalTo(605))
                .body("message", equalTo("status in query should be one of [failed in_progress]"));
        stage.api.admin().get(T + "?status=failed").then().statusCode(200);
    }

    @Test
    void forceReloadOnACommitReadsBooleansAsTheOfficialDoes() throws Exception {
        stage.restart("--reload-cmd",
                Settings.recordingReloadCommand(stage.dir), "--reload-delay", "3600");
        String id = startTransaction(1);
        stage.api.admin().body(Map.of("name", "forced")).post(C + "backends?transaction_id=" + id).then().statusCode(202);
        // "1" is true for go-openapi: the reload runs before the answer (200, no Reload-ID; the tick is an hour away)
        stage.api.admin().put(T + "/" + id + "?force_reload=1").then().statusCode(200).header("Reload-ID", equalTo(null))
                .body("status", equalTo("success"));
        assertEquals(1, Settings.reloadsRun(stage.dir), "the reload command ran before the answer");
        assertTrue(Files.readString(stage.cfg).contains("backend forced\n"));
    }

    @Test
    void aCommitOutdatesTheOthersAndAFailedOneStaysListed() {
        String first = startTransaction(1);
        String second = startTransaction(1);
        stage.api.admin().body(Map.of("name", "a")).post(C + "backends?transaction_id=" + first).then().statusCode(202);
        stage.api.admin().put(T + "/" + first).then().statusCode(202);
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().put(T + "/" + second).then().statusCode(406)
                .body("message", equalTo("transaction " + second + " is outdated and cannot be committed")));

        String bad = startTransaction(2);
        stage.api.admin().body(Map.of("name", "s", "address", "999.1.1.1", "port", 80))
                .post(C + "servers?backend=be&transaction_id=" + bad).then().statusCode(202);
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().put(T + "/" + bad).then().statusCode(400)
                .body("message", matchesPattern("(?s)14: .*")));
        stage.api.admin().get(T + "/" + bad).then().statusCode(200).body("status", equalTo("failed"));
        stage.api.admin().get(T + "?status=failed").then().body("id", hasItem(bad));
        stage.api.admin().get(C + "version").then().body(equalTo("2\n"));
    }

    /**
     * A direct change and a raw push are transactions of their own for the official server (BEHAVIOUR.md 4.1, 4.3
     * step 6): committed, they outdate the transactions started from the version they replaced, at once (listed
     * outdated, 406 on commit, no more changes), while one started from the new version stays open and commits.
     */
    @Test
    void aDirectChangeOrARawPushOutdatesTheTransactionsStartedBeforeIt() throws Exception {
        String before = startTransaction(1);
        stage.api.admin().body(Map.of("name", "direct")).post(C + "backends?version=1").then().statusCode(202);
        stage.api.admin().get(T + "/" + before).then().statusCode(200).body("status", equalTo("outdated"));
        stage.api.admin().get(T + "?status=in_progress").then().body("id", not(hasItem(before)));
        assertTrue(Files.exists(stage.dir.resolve("tx").resolve("outdated").resolve("haproxy.cfg." + before)));
        FileEffect.unchangedBy(stage.cfg, () -> {
            stage.api.admin().body(Map.of("name", "late")).post(C + "backends?transaction_id=" + before).then()
                    .statusCode(400).body("message", equalTo("20: Transaction " + before + " does not exist"));
            stage.api.admin().put(T + "/" + before).then().statusCode(406)
                    .body("message", equalTo("transaction " + before + " is outdated and cannot be committed"));
        });

        String after = startTransaction(2);
        String raw = stage.api.admin().get(C + "raw").then().statusCode(200).extract().path("data");
        String pushedOver = startTransaction(2);
        stage.api.admin().contentType("text/plain").body(raw).post(C + "raw?version=2").then().statusCode(202);
        stage.api.admin().get(T + "/" + pushedOver).then().body("status", equalTo("outdated"));
        stage.api.admin().get(T + "/" + after).then().body("status", equalTo("outdated"));

        String current = startTransaction(3);
        stage.api.admin().body(Map.of("name", "staged")).post(C + "backends?transaction_id=" + current).then().statusCode(202);
        stage.api.admin().put(T + "/" + current).then().statusCode(202).body("status", equalTo("success"));
        assertTrue(Files.readString(stage.cfg).contains("backend staged\n"));
    }

    /**
     * A raw push HAProxy refuses is kept as a failed transaction, as a refused direct change is (ConfigWriteIT;
     * BEHAVIOUR.md 7: a raw push is an implicit transaction): listed, 406 on commit, deletable; haproxy.cfg
     * untouched. The same push, made valid, is written.
     */
    @Test
    void aRawPushHaproxyRefusesStaysListedAsFailed() throws Exception {
        List<String> failedBefore = stage.api.admin().get(T + "?status=failed").then().extract().path("id");
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().contentType("text/plain")
                .body("global\n  no-such-keyword\n").post(C + "raw?version=1").then().statusCode(400));
        List<String> failed = new java.util.ArrayList<>(stage.api.admin().get(T + "?status=failed").then().statusCode(200)
                .extract().<List<String>>path("id"));
        failed.removeAll(failedBefore);
        assertEquals(1, failed.size(), "one failed transaction for the refused push: " + failed);
        String id = failed.get(0);
        stage.api.admin().get(T + "/" + id).then().statusCode(200).body("status", equalTo("failed")).body("_version", equalTo(1));
        assertTrue(Files.readString(stage.dir.resolve("tx").resolve("failed").resolve("haproxy.cfg." + id))
                .contains("no-such-keyword"), "the text HAProxy refused");
        stage.api.admin().put(T + "/" + id).then().statusCode(406);
        stage.api.admin().delete(T + "/" + id).then().statusCode(204);

        stage.api.admin().contentType("text/plain").body("global\n  maxconn 10\n").post(C + "raw?version=1").then()
                .statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("maxconn 10"));
    }

    @Test
    void theOpenTransactionLimitAndRestarts() throws Exception {
        String kept = startTransaction(1);
        startTransaction(1);
        startTransaction(1);
        stage.api.admin().post(T + "?version=1").then().statusCode(429).body("message", equalTo(
                "cannot start a new transaction, reached the maximum amount of 3 active transactions available"));
        stage.restart();
        stage.api.admin().get(T + "/" + kept).then().statusCode(200).body("status", equalTo("in_progress"));
    }

    /**
     * A transaction's changes are journaled, not copied: its start copy stays as it was while changes come in;
     * after a restart (with changes on both sides of it) the transaction reads the same and commits the file
     * it would have committed without the restart.
     */
    @Test
    void aJournaledTransactionSurvivesARestartAndCommitsTheSameFile() throws Exception {
        String id = startTransaction(1);
        Path started = stage.dir.resolve("tx").resolve("haproxy.cfg." + id);
        String startCopy = Files.readString(started);
        stage.api.admin().body(Map.of("name", "staged")).post(C + "backends?transaction_id=" + id).then().statusCode(202);
        for (int i = 0; i < 5; i++) {
            stage.api.admin().body(Map.of("name", "s" + i, "address", "127.0.0.1", "port", 9000 + i))
                    .post(C + "servers?backend=staged&transaction_id=" + id).then().statusCode(202);
        }
        stage.api.admin().body(Map.of("name", "s1", "address", "127.0.0.1", "port", 1, "maintenance", "enabled"))
                .put(C + "servers/s1?backend=be&transaction_id=" + id).then().statusCode(202);
        stage.api.admin().body(Map.of("mode", "tcp", "name", "staged")).put(C + "backends/staged?transaction_id=" + id)
                .then().statusCode(202);
        assertEquals(startCopy, Files.readString(started), "a change is appended, the start copy stays");
        String staged = stage.api.admin().get(C + "raw?transaction_id=" + id).then().statusCode(200).extract().path("data");

        stage.restart();
        stage.api.admin().get(C + "raw?transaction_id=" + id).then().statusCode(200).body("data", equalTo(staged));
        stage.api.admin().delete(C + "servers/s4?backend=staged&transaction_id=" + id).then().statusCode(202);
        String expected = stage.api.admin().get(C + "raw?transaction_id=" + id).then().extract().path("data");
        assertTrue(!expected.contains("s4 ") && expected.contains("server s3 127.0.0.1:9003"), expected);

        stage.restart();
        String before = Files.readString(stage.cfg);
        stage.api.admin().put(T + "/" + id).then().statusCode(202).body("status", equalTo("success"));
        String committed = Files.readString(stage.cfg);
        assertEquals("# _version=2\n" + expected, committed, "the file as staged, version bumped (was: " + before + ")");
        assertTrue(Files.notExists(started) && Files.notExists(stage.dir.resolve("tx").resolve("haproxy.cfg." + id + ".journal")));
        stage.api.admin().get(C + "servers?backend=staged").then().body("data.name", equalTo(List.of("s0", "s1", "s2", "s3")));
    }
}
