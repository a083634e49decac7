package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /service_discovery/consul} and {@code /aws}: definitions stored, refused and kept across a restart; and the
 * backends they generate following the services, in haproxy.cfg and in a real running HAProxy.
 *
 * <p>No Consul agent and no AWS endpoint can be reached where these tests run: the API's real Consul and EC2
 * clients are pointed at STAND-INS written in this test tree ({@link ConsulStandIn}, {@link Ec2StandIn}: JDK HTTP
 * servers on loopback ports chosen by the system). Consul's address comes from the definition as in production;
 * the EC2 endpoint is replaced through {@code DATAPLANEAPI_TEST_AWS_EC2_ENDPOINT}, which exists for these tests, and
 * the instance metadata service's through {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, the AWS SDKs' own setting.
 * Auto Scaling's endpoint, through {@code DATAPLANEAPI_TEST_AWS_AUTOSCALING_ENDPOINT}, is the same stand-in.
 */
class ServiceDiscoveryIT {

    private static final Duration FOLLOW = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    HaproxyProcess haproxy;
    ApiProcess api;
    final List<AutoCloseable> standIns = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        for (AutoCloseable c : standIns) {
            c.close();
        }
    }

    private Path definitionsFile() {
        return dir.resolve("dataplaneapi.service_discovery.yaml");
    }

    // ---------------------------------------------------------------- definitions

    @Test
    void definitionsAreValidatedStoredOwnerOnlyAndKeptAcrossARestart() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), ApiProcess.freePort());
        api = ApiProcess.seedLike(dir, cfg);
        String c = "/v2/service_discovery/consul";
        Map<String, Object> consul = new LinkedHashMap<>(Map.of("address", "127.0.0.1", "port", 8500,
                "enabled", false, "retry_timeout", 10, "token", "consul-secret", "id", "chosen-by-client"));

        refused(c, without(consul, "address"), 422, 602, "address in body is required");
        refused(c, with(consul, "port", 0), 422, 609, "port in body should be greater than or equal to 1");
        refused(c, with(consul, "port", 65536), 422, 608, "port in body should be less than or equal to 65535");
        refused(c, with(consul, "retry_timeout", 0), 422, 609, "retry_timeout in body should be greater than or equal to 1");
        refused(c, with(consul, "health_check_policy", "most"), 422, 605,
                "health_check_policy in body should be one of [none, any, all, min]");
        refused(c, with(consul, "token", "two words"), 422, 605, "token in body should match '^[^\\s]+$'");
        refused(c, with(consul, "port", "8500"), 400, 400,
                "parsing data body from \"\" failed, because json: cannot unmarshal string into Go struct field Consul.port of type int64");
        refused(c, with(consul, "health_check_policy", "min"), 400, 400,
                "health_check_policy_min is required for 'min' health_check_policy");
        assertFalse(Files.exists(definitionsFile()), "a refusal stores nothing");
        api.admin().get(c).then().statusCode(200).body("data.size()", equalTo(0));

        // the same, made valid, is taken; the id is always generated; defaults filled; fields in the model's order
        Response created = api.admin().body(with(with(consul, "health_check_policy", "min"), "health_check_policy_min", 2))
                .post(c).then().statusCode(201).extract().response();
        String id = created.path("id");
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
        assertEquals(10, (int) created.path("server_slots_base"));
        assertEquals("exponential", created.path("server_slots_growth_type"));
        List<String> order = fieldNames(created.asString());
        assertEquals(order.stream().sorted().toList(), order, "fields in alphabetical order of their JSON names");
        assertEquals(List.of("address", "enabled", "health_check_policy", "health_check_policy_min", "id", "port",
                "retry_timeout", "server_slots_base", "server_slots_growth_type", "token"), order);

        String a = "/v2/service_discovery/aws";
        Map<String, Object> aws = new LinkedHashMap<>(Map.of("name", "prod", "region", "eu-west-3", "enabled", false,
                "retry_timeout", 5, "ipv4_address", "private", "access_key_id", "AKIDTEST", "secret_access_key", "aws-secret"));
        refused(a, without(aws, "ipv4_address"), 422, 602, "ipv4_address in body is required");
        refused(a, with(aws, "ipv4_address", "both"), 422, 605, "ipv4_address in body should be one of [private, public]");
        refused(a, with(aws, "allowlist", List.of(Map.of("key", "tag:Env"))), 422, 602, "allowlist.0.value in body is required");
        aws.put("allowlist", List.of(Map.of("key", "tag:Env", "value", "prod")));
        aws.put("server_slots_growth_type", "linear");
        Response region = api.admin().body(aws).post(a).then().statusCode(201).extract().response();
        String awsId = region.path("id");
        assertEquals(10, (int) region.path("server_slots_growth_increment"), "linear growth gets an increment");

        // read, replace, unknown ids
        api.admin().get(c + "/" + id).then().statusCode(200).body("data.token", equalTo("consul-secret"));
        api.admin().get(c + "/nope").then().statusCode(404).body("code", equalTo(404));
        api.admin().body(consul).put(c + "/nope").then().statusCode(404);
        api.admin().delete(a + "/nope").then().statusCode(404);
        api.admin().body(with(consul, "retry_timeout", 30)).put(c + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("retry_timeout", equalTo(30));

        // stored owner-only, in the official's block
        Path stored = definitionsFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        JsonNode block = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(stored.toFile())
                .path("service_discovery");
        assertEquals(id, block.path("consuls").path(0).path("id").asText());
        assertEquals(30, block.path("consuls").path(0).path("retry_timeout").asInt());
        assertEquals(awsId, block.path("aws_regions").path(0).path("id").asText());
        assertFalse(Files.readString(api.log).contains("aws-secret"), "no secret in the log");

        // a restart keeps them
        api.close();
        api = ApiProcess.seedLike(dir, cfg);
        api.admin().get(c + "/" + id).then().statusCode(200).body("data.retry_timeout", equalTo(30));
        api.admin().get(a).then().statusCode(200).body("data[0].id", equalTo(awsId))
                .body("data[0].allowlist[0].value", equalTo("prod"));

        api.admin().delete(a + "/" + awsId).then().statusCode(204);
        api.admin().get(a + "/" + awsId).then().statusCode(404);
        assertFalse(Files.readString(stored).contains(awsId), "the deletion is stored");

        // a stored definition that is not valid stops the start, as the official's
        api.close();
        api = null;
        Files.writeString(stored, "service_discovery:\n  consuls:\n  - port: 8500\n    enabled: true\n    retry_timeout: 1\n");
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> ApiProcess.seedLike(dir, cfg));
        assertTrue(failed.getMessage().contains("dataplaneapi: configuration error: service_discovery: " + stored
                + ": consuls[0]: address in body is required"), failed.getMessage());
    }

    private void refused(String path, Map<String, Object> body, int status, int code, String message) {
        api.admin().body(body).post(path).then().statusCode(status).body("code", equalTo(code))
                .body("message", equalTo(message));
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.remove(field);
        return copy;
    }

    private static List<String> fieldNames(String json) throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A real HAProxy, and the API on its file reloading it for real (1 s after a change), {@code env} added. */
    private void startHaproxyAndApi(Map<String, String> env) throws Exception {
        haproxy = HaproxyProcess.start(dir, ApiProcess.freePort());
        api = ApiProcess.start(dir, env, List.of(), "-f", Settings.seedLike(dir, haproxy.config).toString(),
                "--reload-cmd", haproxy.reloadCommand(), "--reload-delay", "1");
    }

    // ---------------------------------------------------------------- Consul

    @Test
    void consulServicesBecomeBackendsWhoseServersFollowTheirInstances() throws Exception {
        startHaproxyAndApi(Map.of());
        ConsulStandIn consul = ConsulStandIn.start();
        standIns.add(consul);
        consul.set("web", nodes(9001, 9002));
        consul.set("hidden", nodes(9100));
        consul.set("checked", List.of(new ConsulStandIn.Node("127.0.0.1", "", 9201, List.of("passing", "passing")),
                new ConsulStandIn.Node("127.0.0.1", "127.0.0.3", 9202, List.of("passing", "critical"))));
        String id = api.admin().body(Map.of("address", "127.0.0.1", "port", consul.port(), "enabled", true,
                "retry_timeout", 1, "token", "consul-token", "service_denylist", List.of("hidden"),
                "health_check_policy", "all")).post("/v2/service_discovery/consul").then().statusCode(201)
                .extract().path("id");
        String web = "consul-backend-127.0.0.1-" + consul.port() + "-web";

        // a service appears: its backend, 10 slots, 2 of them carrying the instances, in the file and in HAProxy
        awaitSlots(web, 10, List.of("127.0.0.1:9001", "127.0.0.1:9002"));
        String checked = "consul-backend-127.0.0.1-" + consul.port() + "-checked";
        awaitSlots(checked, 10, List.of("127.0.0.1:9201")); // the node address; the failing node left out
        assertTrue(servers("consul-backend-127.0.0.1-" + consul.port() + "-hidden").isEmpty(), "the denied service");
        assertTrue(consul.tokens.stream().allMatch("consul-token"::equals), "every call carries the token: " + consul.tokens);

        // an instance replaced by another: the slot changes through the Runtime API, without a reload
        long worker = haproxy.workerPid();
        consul.set("web", nodes(9001, 9003));
        awaitSlots(web, 10, List.of("127.0.0.1:9001", "127.0.0.1:9003"));
        assertEquals(worker, haproxy.workerPid(), "no reload: the same HAProxy worker serves the change");

        // more instances than slots: the backend grows (exponential: 20)
        consul.set("web", nodes(IntStream.rangeClosed(9001, 9012).toArray()));
        awaitSlots(web, 20, IntStream.rangeClosed(9001, 9012).mapToObj(p -> "127.0.0.1:" + p).toList());

        // fewer: it shrinks back to the base
        consul.set("web", nodes(9005));
        awaitSlots(web, 10, List.of("127.0.0.1:9005"));

        // the agent answers errors: nothing is lost or removed
        List<String> before = servers(web);
        consul.failing.set(true);
        int asked = consul.requests.get();
        Poll.until("three failed polls of the stand-in", FOLLOW, () -> consul.requests.get() >= asked + 3);
        assertEquals(before, servers(web), "the backend keeps its servers while Consul fails");
        consul.failing.set(false);

        // the service disappears: its backend goes, from the file and from HAProxy
        consul.remove("web");
        Poll.until(web + " removed from haproxy.cfg and from the running HAProxy", FOLLOW,
                () -> servers(web).isEmpty() && haproxy.runtime("show servers state " + web).contains("Can't find backend"));

        // back, then the agent goes away: nothing is lost or removed
        consul.set("web", nodes(9007));
        awaitSlots(web, 10, List.of("127.0.0.1:9007"));
        List<String> kept = servers(web);
        consul.close();
        long warnings = warnings();
        Poll.until("two failed polls logged once the stand-in is gone", FOLLOW, () -> warnings() >= warnings + 2);
        assertEquals(kept, servers(web), "the backend keeps its servers while Consul is gone");
        awaitSlots(web, 10, List.of("127.0.0.1:9007"));

        // the definition deleted: its backends go
        api.admin().delete("/v2/service_discovery/consul/" + id).then().statusCode(204);
        Poll.until("the generated backends removed", FOLLOW, () -> servers(web).isEmpty() && servers(checked).isEmpty());
    }

    /**
     * SIGHUP: the restarted API follows the stored definitions again, and the stopped instance's reconciler is gone:
     * once the definition is disabled, its agent is never asked again, while another agent, enabled afterwards and
     * polled at the same pace, is asked three times (the clock of this test).
     */
    @Test
    void afterSighupOnlyTheRestartedApiFollowsTheDefinitions() throws Exception {
        haproxy = HaproxyProcess.start(dir, ApiProcess.freePort());
        // info: the log says when the restarted instance serves
        api = ApiProcess.start(dir, Map.of(), List.of(), "-f", Settings.seedLike(dir, haproxy.config).toString(),
                "--reload-cmd", haproxy.reloadCommand(), "--reload-delay", "1", "--log-level", "info");
        ConsulStandIn consul = ConsulStandIn.start();
        standIns.add(consul);
        consul.set("web", nodes(9001));
        Map<String, Object> definition = new LinkedHashMap<>(Map.of("address", "127.0.0.1", "port", consul.port(),
                "enabled", true, "retry_timeout", 1));
        String id = api.admin().body(definition).post("/v2/service_discovery/consul").then().statusCode(201)
                .extract().path("id");
        String web = "consul-backend-127.0.0.1-" + consul.port() + "-web";
        awaitSlots(web, 10, List.of("127.0.0.1:9001"));

        api.hangUp();
        api.awaitRestarted(1, "admin", "adminpwd");
        consul.set("web", nodes(9002));
        awaitSlots(web, 10, List.of("127.0.0.1:9002"));

        api.admin().body(with(definition, "enabled", false)).put("/v2/service_discovery/consul/" + id).then().statusCode(200);
        int asked = consul.requests.get();
        ConsulStandIn clock = ConsulStandIn.start();
        standIns.add(clock);
        api.admin().body(with(definition, "port", clock.port())).post("/v2/service_discovery/consul").then().statusCode(201);
        Poll.until("three polls of the other agent", FOLLOW, () -> clock.requests.get() >= 3);
        assertEquals(asked, consul.requests.get(), "no reconciler of the stopped instance still asks the disabled agent");
    }

    @Test
    void aChangeHaproxyRefusesIsNotValidatedAgainUntilTheServicesChange() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), ApiProcess.freePort());
        String original = Files.readString(cfg);
        api = ApiProcess.seedLike(dir, cfg);
        ConsulStandIn consul = ConsulStandIn.start();
        standIns.add(consul);
        consul.set("web", nodes(9001));
        // new backends take their settings from a defaults section that does not exist: haproxy -c refuses them
        api.admin().body(Map.of("address", "127.0.0.1", "port", consul.port(), "enabled", true, "retry_timeout", 1,
                "defaults", "missing")).post("/v2/service_discovery/consul").then().statusCode(201);
        Poll.until("the refusal logged", FOLLOW, () -> refusals() == 1);
        int asked = consul.requests.get();
        Poll.until("three more polls of the stand-in (two calls each)", FOLLOW, () -> consul.requests.get() >= asked + 6);
        assertEquals(1, refusals(), "the same services are not validated again");
        assertEquals(original, Files.readString(cfg), "nothing written");
        consul.set("web", nodes(9002));
        Poll.until("the new services tried (and refused) once more", FOLLOW, () -> refusals() == 2);
    }

    /**
     * Service discovery writes haproxy.cfg as every other writer does, so for the official server its write is a
     * committed transaction (BEHAVIOUR.md 4.3 step 6): a transaction started from the version it replaced is
     * outdated at once (listed so, its file in {@code outdated/}, its commit 406 and haproxy.cfg keeps the
     * discovery's backend), while one started from the discovery's version commits on top of it.
     */
    @Test
    void aDiscoveryWriteOutdatesTheTransactionsStartedBeforeIt() throws Exception {
        startHaproxyAndApi(Map.of());
        String t = "/v2/services/haproxy/transactions";
        String c = "/v2/services/haproxy/configuration/";
        int before = Integer.parseInt(api.admin().get(c + "version").then().statusCode(200).extract().asString().strip());
        String open = api.admin().post(t + "?version=" + before).then().statusCode(201).extract().path("id");
        api.admin().body(Map.of("name", "staged_before")).post(c + "backends?transaction_id=" + open).then().statusCode(202);

        ConsulStandIn consul = ConsulStandIn.start();
        standIns.add(consul);
        consul.set("web", nodes(9001));
        api.admin().body(Map.of("address", "127.0.0.1", "port", consul.port(), "enabled", true, "retry_timeout", 1))
                .post("/v2/service_discovery/consul").then().statusCode(201);
        String web = "consul-backend-127.0.0.1-" + consul.port() + "-web";
        awaitSlots(web, 10, List.of("127.0.0.1:9001"));

        api.admin().get(t + "/" + open).then().statusCode(200).body("status", equalTo("outdated"))
                .body("_version", equalTo(before));
        List<String> inProgress = api.admin().get(t + "?status=in_progress").then().statusCode(200).extract().path("id");
        assertFalse(inProgress.contains(open), "no longer in progress: " + inProgress);
        Path tx = dir.resolve("tx");
        String name = haproxy.config.getFileName() + "." + open;
        assertTrue(Files.exists(tx.resolve("outdated").resolve(name)), "its file moved to outdated/");
        assertFalse(Files.exists(tx.resolve(name)), "and gone from the in-progress ones");
        List<String> servers = servers(web);
        FileEffect.unchangedBy(haproxy.config, () -> api.admin().put(t + "/" + open).then().statusCode(406)
                .body("message", equalTo("transaction " + open + " is outdated and cannot be committed")));
        assertEquals(servers, servers(web), "haproxy.cfg keeps the discovery's backend");
        assertFalse(Files.readString(haproxy.config).contains("staged_before"));

        // started from the version the discovery wrote (the services unchanged, it writes nothing more): committed
        int now = Integer.parseInt(api.admin().get(c + "version").then().statusCode(200).extract().asString().strip());
        assertTrue(now > before, "the discovery's write moved the version: " + before + " -> " + now);
        String after = api.admin().post(t + "?version=" + now).then().statusCode(201).extract().path("id");
        api.admin().body(Map.of("name", "staged_after")).post(c + "backends?transaction_id=" + after).then().statusCode(202);
        api.admin().put(t + "/" + after).then().statusCode(202).body("status", equalTo("success"));
        assertTrue(Files.readString(haproxy.config).contains("backend staged_after\n"));
        assertEquals(servers, servers(web), "the discovery's backend kept under the committed one");
    }

    private long refusals() throws Exception {
        return Files.readString(api.log).lines().filter(l -> l.contains("haproxy.cfg not changed")).count();
    }

    private static List<ConsulStandIn.Node> nodes(int... ports) {
        return IntStream.of(ports).mapToObj(p -> ConsulStandIn.Node.at("127.0.0.1", p)).toList();
    }

    private long warnings() throws Exception {
        return Files.readString(api.log).lines().filter(l -> l.contains("cannot read the services")).count();
    }

    // ---------------------------------------------------------------- AWS

    @Test
    void ec2InstancesTaggedForAServiceBecomeItsServers() throws Exception {
        Ec2StandIn ec2 = Ec2StandIn.start("AKIDTEST", "eu-west-3");
        standIns.add(ec2);
        ec2.set(List.of(
                instance("i-1", "127.0.0.11", "running", Map.of("HAProxy:Service:Port", "8080", "Team", "blue")),
                instance("i-2", "127.0.0.12", "running", Map.of("HAProxy:Service:Port", "8080",
                        "HAProxy:Instance:Port", "8081", "Team", "red")),
                instance("i-3", "127.0.0.13", "stopped", Map.of("HAProxy:Service:Port", "8080", "Team", "blue")),
                instance("i-4", "127.0.0.14", "running", Map.of("HAProxy:Service:Name", "jobs",
                        "HAProxy:Service:Port", "9000", "Team", "blue")),
                instance("i-5", "127.0.0.15", "running", Map.of("HAProxy:Service:Port", "8080", "Env", "dev"))));
        startHaproxyAndApi(Map.of("DATAPLANEAPI_TEST_AWS_EC2_ENDPOINT", ec2.endpoint()));
        Map<String, Object> definition = new LinkedHashMap<>(Map.of("name", "prod", "region", "eu-west-3",
                "enabled", true, "retry_timeout", 1, "ipv4_address", "private", "access_key_id", "AKIDTEST",
                "secret_access_key", "aws-secret", "allowlist", List.of(Map.of("key", "tag:Env", "value", "prod")),
                "denylist", List.of(Map.of("key", "tag:Team", "value", "red"))));
        String id = api.admin().body(definition).post("/v2/service_discovery/aws").then().statusCode(201)
                .extract().path("id");

        String api1 = "aws-eu-west-3-prod-api";
        awaitSlots(api1, 10, List.of("127.0.0.11:8080")); // not the stopped, red or dev ones
        awaitSlots("aws-eu-west-3-prod-jobs", 10, List.of("127.0.0.14:9000"));
        Map<String, String> form = ec2.forms.get(0);
        assertEquals("DescribeInstances", form.get("Action"));
        assertTrue(ec2.authorizations.stream().allMatch(h -> h.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")),
                "every call signed with the definition's key");
        assertFalse(Files.readString(api.log).contains("aws-secret"), "no secret in the log");

        // the red instance leaves the deny list: it joins, on its own port, without a reload
        long worker = haproxy.workerPid();
        ec2.set(List.of(
                instance("i-1", "127.0.0.11", "running", Map.of("HAProxy:Service:Port", "8080", "Team", "blue")),
                instance("i-2", "127.0.0.12", "running", Map.of("HAProxy:Service:Port", "8080",
                        "HAProxy:Instance:Port", "8081", "Team", "blue")),
                instance("i-4", "127.0.0.14", "running", Map.of("HAProxy:Service:Name", "jobs",
                        "HAProxy:Service:Port", "9000", "Team", "blue"))));
        awaitSlots(api1, 10, List.of("127.0.0.11:8080", "127.0.0.12:8081"));
        assertEquals(worker, haproxy.workerPid(), "no reload: the same HAProxy worker serves the change");

        // the definition replaced to use the public addresses: the same backends, their slots moved over
        definition.put("ipv4_address", "public");
        api.admin().body(definition).put("/v2/service_discovery/aws/" + id).then().statusCode(200);
        awaitSlots(api1, 10, List.of("127.0.1.11:8080", "127.0.1.12:8081"));

        // disabled: its backends go
        definition.put("enabled", false);
        api.admin().body(definition).put("/v2/service_discovery/aws/" + id).then().statusCode(200);
        Poll.until("the generated backends removed once the definition is disabled", FOLLOW,
                () -> servers(api1).isEmpty() && servers("aws-eu-west-3-prod-jobs").isEmpty());
    }

    /**
     * A definition without access keys signs with the instance role's credentials, read from the instance metadata
     * service (IMDSv2: a session token, then the role's name and its credentials, both with the token), here the
     * STAND-IN of that service ({@link Ec2StandIn}). Credentials within five minutes of their expiry are read again
     * at the next poll, so a rotated key is used at once; fresher ones are kept.
     */
    @Test
    void withoutAccessKeysTheInstanceRoleSigns() throws Exception {
        Ec2StandIn ec2 = Ec2StandIn.start("none-before-the-role", "eu-west-3");
        standIns.add(ec2);
        ec2.role(new Ec2StandIn.Role("dpapi-node", "ASIAROLEONE", "role-secret-one", "session-one",
                Instant.now().plus(Duration.ofMinutes(2))));
        ec2.set(List.of(instance("i-1", "127.0.0.11", "running", Map.of("HAProxy:Service:Port", "8080"))));
        startHaproxyAndApi(Map.of("DATAPLANEAPI_TEST_AWS_EC2_ENDPOINT", ec2.endpoint(),
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", ec2.endpoint()));
        Map<String, Object> definition = Map.of("name", "role", "region", "eu-west-3", "enabled", true,
                "retry_timeout", 1, "ipv4_address", "private");
        api.admin().body(definition).post("/v2/service_discovery/aws").then().statusCode(201);

        String backend = "aws-eu-west-3-role-api";
        awaitSlots(backend, 10, List.of("127.0.0.11:8080"));
        String credentials = "/latest/meta-data/iam/security-credentials/";
        assertEquals(List.of("PUT /latest/api/token", "GET " + credentials + " with token",
                "GET " + credentials + "dpapi-node with token"), ec2.metadataRequests.subList(0, 3));
        assertTrue(ec2.authorizations.stream().allMatch(h -> h.startsWith("AWS4-HMAC-SHA256 Credential=ASIAROLEONE/")),
                "every call signed with the role's key: " + ec2.authorizations);

        // the role's key rotated (the stand-in now refuses the old one): the next poll reads and uses the new one
        ec2.role(new Ec2StandIn.Role("dpapi-node", "ASIAROLETWO", "role-secret-two", "session-two",
                Instant.now().plus(Duration.ofHours(1))));
        ec2.set(List.of(instance("i-1", "127.0.0.11", "running", Map.of("HAProxy:Service:Port", "8080")),
                instance("i-2", "127.0.0.12", "running", Map.of("HAProxy:Service:Port", "8080"))));
        awaitSlots(backend, 10, List.of("127.0.0.11:8080", "127.0.0.12:8080"));

        // credentials an hour from their expiry are kept: three more polls ask the metadata service nothing
        int asked = ec2.metadataRequests.size();
        int calls = ec2.authorizations.size();
        Poll.until("three more polls of EC2", FOLLOW, () -> ec2.authorizations.size() >= calls + 3);
        assertEquals(asked, ec2.metadataRequests.size(), "no metadata request while the credentials are fresh");
        assertTrue(ec2.authorizations.get(ec2.authorizations.size() - 1)
                .startsWith("AWS4-HMAC-SHA256 Credential=ASIAROLETWO/"));
        String log = Files.readString(api.log);
        assertFalse(log.contains("role-secret") || log.contains("session-one") || log.contains("session-two"),
                "no secret or session token in the log");
    }

    /**
     * An instance of an Auto Scaling group gets a server only while Auto Scaling (its STAND-IN, {@link Ec2StandIn})
     * says it is InService; instances outside any group are served as before.
     */
    @Test
    void autoScalingInstancesAreServedOnlyInService() throws Exception {
        Ec2StandIn aws = Ec2StandIn.start("AKIDTEST", "eu-west-3");
        standIns.add(aws);
        Map<String, String> group = Map.of("HAProxy:Service:Port", "8080", "aws:autoscaling:groupName", "web-asg");
        aws.set(List.of(instance("i-1", "127.0.0.11", "running", Map.of("HAProxy:Service:Port", "8080")),
                instance("i-2", "127.0.0.12", "running", group), instance("i-3", "127.0.0.13", "running", group)));
        aws.lifecycle.put("i-2", "Pending");
        aws.lifecycle.put("i-3", "InService"); // on the second page of Auto Scaling's answer
        startHaproxyAndApi(Map.of("DATAPLANEAPI_TEST_AWS_EC2_ENDPOINT", aws.endpoint(),
                "DATAPLANEAPI_TEST_AWS_AUTOSCALING_ENDPOINT", aws.endpoint()));
        api.admin().body(Map.of("name", "asg", "region", "eu-west-3", "enabled", true, "retry_timeout", 1,
                "ipv4_address", "private", "access_key_id", "AKIDTEST", "secret_access_key", "aws-secret"))
                .post("/v2/service_discovery/aws").then().statusCode(201);

        String backend = "aws-eu-west-3-asg-api";
        awaitSlots(backend, 10, List.of("127.0.0.11:8080", "127.0.0.13:8080")); // i-2 still Pending
        Map<String, String> asked = aws.forms.stream()
                .filter(f -> "DescribeAutoScalingInstances".equals(f.get("Action"))).findFirst().orElseThrow();
        assertEquals("2011-01-01", asked.get("Version"));
        assertEquals(List.of("i-2", "i-3"), List.of(asked.get("InstanceIds.member.1"), asked.get("InstanceIds.member.2")));
        assertFalse(asked.containsKey("InstanceIds.member.3"), "only the instances of a group are asked about");

        aws.lifecycle.put("i-2", "InService");
        awaitSlots(backend, 10, List.of("127.0.0.11:8080", "127.0.0.12:8080", "127.0.0.13:8080"));

        aws.lifecycle.put("i-2", "Terminating");
        awaitSlots(backend, 10, List.of("127.0.0.11:8080", "127.0.0.13:8080"));
        assertTrue(aws.authorizations.stream().filter(h -> h.contains("/autoscaling/aws4_request")).count() >= 2,
                "Auto Scaling's calls signed for its own service");
    }

    private static Ec2StandIn.Instance instance(String id, String ip, String state, Map<String, String> tags) {
        Map<String, String> all = new HashMap<>(Map.of("HAProxy:Service:Name", "api", "Env", "prod"));
        all.putAll(tags);
        return new Ec2StandIn.Instance(id, ip, ip.replace("127.0.0.", "127.0.1."), state, all);
    }

    // ---------------------------------------------------------------- where the effect lives

    /** The server lines of a backend in haproxy.cfg (none: no such backend). */
    private List<String> servers(String backend) throws Exception {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(haproxy.config)) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                inside = line.strip().equals("backend " + backend) || line.strip().startsWith("backend " + backend + " ");
            } else if (inside && line.strip().startsWith("server ")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /**
     * Waits until the backend has {@code slots} servers in haproxy.cfg, the enabled ones carrying exactly
     * {@code instances} and the others disabled at 127.0.0.1:80, and the running HAProxy shows the same: each
     * instance's slot at its address and port and not in maintenance, every other slot in maintenance.
     */
    private void awaitSlots(String backend, int slots, List<String> instances) {
        Poll.until(backend + ": " + slots + " slots carrying " + instances + " in haproxy.cfg and in HAProxy", FOLLOW,
                () -> {
                    List<String> lines = servers(backend);
                    List<String> enabled = lines.stream().filter(l -> !l.endsWith(" disabled"))
                            .map(l -> l.split(" ")[2]).sorted().toList();
                    boolean file = lines.size() == slots && enabled.equals(instances.stream().sorted().toList())
                            && lines.stream().filter(l -> l.endsWith(" disabled")).allMatch(l -> l.contains(" 127.0.0.1:80 "));
                    return file ? running(backend) : "file: " + lines;
                },
                state -> state instanceof List<?> rows && rows.size() == slots
                        && rows.stream().filter(r -> !((String) r).endsWith(" maint")).map(r -> ((String) r).split(" ")[0])
                        .sorted().toList().equals(instances.stream().sorted().toList()));
    }

    /** The running HAProxy's servers of a backend, from {@code show servers state}: "addr:port ready|maint" each. */
    private Object running(String backend) throws Exception {
        String state = haproxy.runtime("show servers state " + backend);
        List<String> columns = null;
        List<String> rows = new ArrayList<>();
        for (String line : state.lines().toList()) {
            if (line.startsWith("# ")) {
                columns = List.of(line.substring(2).split(" "));
            } else if (columns != null && !line.isBlank()) {
                String[] f = line.split(" ");
                // stopped: in maintenance (these servers have no checks). A slot disabled in haproxy.cfg and then
                // made ready at runtime keeps its configuration flag in srv_admin_state while it serves (HAProxy 2.6)
                boolean maint = f[columns.indexOf("srv_op_state")].equals("0");
                rows.add(f[columns.indexOf("srv_addr")] + ":" + f[columns.indexOf("srv_port")] + (maint ? " maint" : " ready"));
            }
        }
        return columns == null ? "runtime: " + state : rows;
    }
}
