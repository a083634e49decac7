package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.restassured.response.Response;
import io.swagger.parser.SwaggerParser;
import io.swagger.parser.util.SwaggerDeserializationResult;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document against the official v2.8 contract: every operation, parameter and model field
 * it documents is the contract's, with the same name and type; what the contract has and we do not serve or
 * document yet is listed as data ({@code specification/not-served.txt}, {@code specification/not-documented.txt})
 * and the lists must match what is missing exactly, so they shrink as families land.
 */
class SpecificationIT {

    /** The contract lives beside the repository (it may not be copied into it). */
    private static final Path CONTRACT = Path.of(System.getProperty("dataplaneapi.contract",
            System.getenv().getOrDefault("DATAPLANEAPI_CONTRACT",
                    "../../shared/reference/dataplaneapi-v2.8-openapi.yaml")));
    private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

    @AutoClose
    static ConfigStage stage;
    static JsonNode ours;
    static JsonNode contract;

    @BeforeAll
    static void start() throws Exception {
        stage = ConfigStage.startedWithHaproxy();
        String json = stage.api.admin().get("/v2/specification").then().statusCode(200).extract().asString();
        SwaggerDeserializationResult parsed = new SwaggerParser().readWithInfo(json);
        assertEquals(List.of(), parsed.getMessages(), "the document must be valid OpenAPI 2.0");
        assertNotNull(parsed.getSwagger());
        ours = new ObjectMapper().readTree(json);
        if (Files.isReadable(CONTRACT)) {
            contract = new ObjectMapper(new YAMLFactory()).readTree(CONTRACT.toFile());
        }
    }

    private static JsonNode contract() {
        Assumptions.assumeTrue(contract != null, "the official contract is not at " + CONTRACT
                + " (set -Ddataplaneapi.contract or DATAPLANEAPI_CONTRACT)");
        return contract;
    }

    @Test
    void isOpenApi2WithBasicAuth() {
        assertEquals("2.0", ours.path("swagger").asText());
        assertEquals(contract().path("basePath").asText(), ours.path("basePath").asText());
        assertEquals("basic", ours.path("securityDefinitions").path("basic_auth").path("type").asText());
    }

    /** The OpenAPI 3 document: what a v3 parser accepts, with exactly the v2 document's paths and operations. */
    @Test
    void openApi3IsTheSameDocumentConverted() throws IOException {
        String json = stage.api.admin().get("/v2/specification_openapiv3").then().statusCode(200)
                .contentType("application/json").extract().asString();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, null);
        assertEquals(List.of(), parsed.getMessages(), "the document must be valid OpenAPI 3");
        assertNotNull(parsed.getOpenAPI());
        JsonNode v3 = new ObjectMapper().readTree(json);
        assertTrue(v3.path("openapi").asText().startsWith("3."), v3.path("openapi").asText());
        Set<String> v2Paths = new TreeSet<>();
        ours.path("paths").fieldNames().forEachRemaining(v2Paths::add);
        Set<String> v3Paths = new TreeSet<>();
        v3.path("paths").fieldNames().forEachRemaining(v3Paths::add);
        assertEquals(v2Paths, v3Paths);
        assertEquals(operations(ours), operations(v3));
        // the server is the API's own address: the settings' host (localhost read as 127.0.0.1) and the base path
        String url = v3.path("servers").path(0).path("url").asText();
        assertEquals("http://127.0.0.1" + ours.path("basePath").asText(), url);
    }

    /** "METHOD /path" of every operation of a document. */
    static Set<String> operations(JsonNode doc) {
        Set<String> ops = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(p -> METHODS.forEach(m -> {
            if (p.getValue().has(m)) {
                ops.add(m.toUpperCase() + " " + p.getKey());
            }
        }));
        return ops;
    }

    private static JsonNode operation(JsonNode doc, String op) {
        String[] mp = op.split(" ", 2);
        return doc.path("paths").path(mp[1]).path(mp[0].toLowerCase());
    }

    /** The non-comment lines of a list in the test tree. */
    private static Set<String> listed(String name) throws IOException {
        try (InputStream in = SpecificationIT.class.getResourceAsStream("/specification/" + name)) {
            assertNotNull(in, name);
            Set<String> lines = new TreeSet<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(lines::add);
            return lines;
        }
    }

    /** Asserts the list and what is actually missing are the same set, naming each side's surplus. */
    private static void assertListMatches(String list, Set<String> listed, Set<String> missing) {
        Set<String> unlisted = new TreeSet<>(missing);
        unlisted.removeAll(listed);
        Set<String> stale = new TreeSet<>(listed);
        stale.removeAll(missing);
        assertTrue(unlisted.isEmpty() && stale.isEmpty(), list + " is out of date:\n"
                + (unlisted.isEmpty() ? "" : "missing but not listed (serve/document them, or list them):\n  "
                + String.join("\n  ", unlisted) + "\n")
                + (stale.isEmpty() ? "" : "listed but now served/documented (remove them from the list):\n  "
                + String.join("\n  ", stale) + "\n"));
    }

    /**
     * Every operation carries the contract's tags (client generators make one API class per tag, Swagger UI one
     * group), and the top-level list declares exactly the tags used. Operations are matched by method and path:
     * the contract leaves six runtime ACL operations without an operationId.
     */
    @Test
    void everyOperationHasTheContractsTagsAndTheTagsAreDeclared() throws IOException {
        List<String> wrong = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (String op : operations(ours)) {
            JsonNode theirs = operation(contract(), op);
            if (theirs.isMissingNode()) {
                continue; // reported by everyDocumentedOperationIsTheContracts
            }
            Set<String> mine = tags(operation(ours, op).path("tags"));
            used.addAll(mine);
            if (!mine.equals(tags(theirs.path("tags")))) {
                wrong.add(op + " (" + operation(ours, op).path("operationId").asText() + ") is tagged " + mine
                        + ", the contract's " + tags(theirs.path("tags")));
            }
        }
        assertEquals(List.of(), wrong, "operations tagged otherwise than in the contract");
        List<String> declared = new ArrayList<>();
        ours.path("tags").forEach(t -> declared.add(t.path("name").asText()));
        assertEquals(new ArrayList<>(used), declared, "the top-level tags: each tag used, once, by name");
        // the OpenAPI 3 document carries the same tags
        JsonNode v3 = new ObjectMapper().readTree(stage.api.admin().get("/v2/specification_openapiv3").then()
                .statusCode(200).extract().asString());
        for (String op : operations(ours)) {
            assertEquals(tags(operation(ours, op).path("tags")), tags(operation(v3, op).path("tags")), op);
        }
        List<String> declaredV3 = new ArrayList<>();
        v3.path("tags").forEach(t -> declaredV3.add(t.path("name").asText()));
        assertEquals(declared, declaredV3);
    }

    private static Set<String> tags(JsonNode list) {
        Set<String> out = new TreeSet<>();
        list.forEach(t -> out.add(t.asText()));
        return out;
    }

    @Test
    void everyDocumentedOperationIsTheContracts() {
        Set<String> extra = new TreeSet<>(operations(ours));
        extra.removeAll(operations(contract()));
        assertEquals(Set.of(), extra, "operations the contract does not have");
    }

    @Test
    void whatIsNotServedIsListedAndAnsweredAsUnknown() throws IOException {
        Set<String> missing = new TreeSet<>(operations(contract()));
        missing.removeAll(operations(ours));
        Set<String> listed = listed("not-served.txt");
        assertListMatches("specification/not-served.txt", listed, missing);
        // the list is checked against the server too, not only against the document built from its routes
        for (String op : listed) {
            String[] mp = op.split(" ", 2);
            Response answer = stage.api.admin().request(mp[0], "/v2" + mp[1].replaceAll("\\{[^}]+}", "x"));
            boolean unknown = answer.statusCode() == 405
                    || (answer.statusCode() == 404 && answer.asString().contains("was not found"));
            assertTrue(unknown, op + " is listed as not served but answers " + answer.statusCode() + " "
                    + answer.asString() + ": document it and remove it from not-served.txt");
        }
    }

    /**
     * For every operation we document: its parameters and model fields are the contract's (name, place and
     * type); what the contract has for it and our document lacks is listed in not-documented.txt.
     */
    @Test
    void documentedParametersAndModelsAreTheContracts() throws IOException {
        List<String> wrong = new ArrayList<>();
        Set<String> missing = new TreeSet<>();
        for (String op : operations(ours)) {
            JsonNode mine = operation(ours, op);
            JsonNode theirs = operation(contract(), op);
            if (theirs.isMissingNode()) {
                continue; // reported by everyDocumentedOperationIsTheContracts
            }
            Map<String, JsonNode> myParams = parameters(ours, op);
            Map<String, JsonNode> theirParams = parameters(contract(), op);
            myParams.forEach((key, p) -> {
                JsonNode t = theirParams.get(key);
                if (t == null) {
                    wrong.add(op + " parameter " + key + " is not the contract's");
                } else if (!key.endsWith("(body)") && !p.path("type").asText().equals(t.path("type").asText())) {
                    wrong.add(op + " parameter " + key + " is " + p.path("type").asText() + ", the contract's is "
                            + t.path("type").asText());
                }
            });
            theirParams.forEach((key, t) -> {
                if (!myParams.containsKey(key)) {
                    missing.add(op + " parameter " + key);
                }
            });
            JsonNode myBody = myParams.values().stream().filter(p -> p.path("in").asText().equals("body"))
                    .findFirst().map(p -> p.path("schema")).orElse(null);
            JsonNode theirBody = theirParams.values().stream().filter(p -> p.path("in").asText().equals("body"))
                    .findFirst().map(p -> p.path("schema")).orElse(null);
            if (myBody != null && theirBody != null) {
                compare(op + " body", myBody, theirBody, wrong, missing);
                boolean configuration = op.contains(" /services/haproxy/configuration/") || op.contains(" /services/haproxy/spoe/");
                if (configuration && !required(ours, myBody).equals(required(contract, theirBody))) {
                    wrong.add(op + " body requires " + required(ours, myBody) + ", the contract's "
                            + required(contract, theirBody));
                }
            }
            mine.path("responses").fields().forEachRemaining(r -> {
                if (!r.getKey().matches("2\\d\\d")) {
                    return;
                }
                JsonNode theirResponse = theirs.path("responses").path(r.getKey());
                if (theirResponse.isMissingNode()) {
                    wrong.add(op + " answers " + r.getKey() + ", which the contract does not");
                    return;
                }
                JsonNode mySchema = r.getValue().path("schema");
                JsonNode theirSchema = theirResponse.path("schema");
                if (!mySchema.isMissingNode() && !theirSchema.isMissingNode()) {
                    compare(op + " response " + r.getKey(), mySchema, theirSchema, wrong, missing);
                }
            });
        }
        assertEquals(List.of(), wrong, "our document differs from the contract");
        assertListMatches("specification/not-documented.txt", listed("not-documented.txt"), missing);
    }

    /** Parameters of an operation (path-level ones included, references resolved) by "name (in)". */
    private static Map<String, JsonNode> parameters(JsonNode doc, String op) {
        String path = op.split(" ", 2)[1];
        Map<String, JsonNode> params = new java.util.LinkedHashMap<>();
        List<JsonNode> all = new ArrayList<>();
        doc.path("paths").path(path).path("parameters").forEach(all::add);
        operation(doc, op).path("parameters").forEach(all::add);
        for (JsonNode p : all) {
            JsonNode resolved = resolve(doc, p);
            params.put(resolved.path("name").asText() + " (" + resolved.path("in").asText() + ")", resolved);
        }
        return params;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        while (node.has("$ref")) {
            String[] ref = node.path("$ref").asText().substring(2).split("/");
            node = doc.path(ref[0]).path(ref[1]);
        }
        return node;
    }

    private static String typeOf(JsonNode schema) {
        if (schema.has("type")) {
            return schema.path("type").asText();
        }
        return schema.has("items") ? "array" : "object";
    }

    /** The properties an object schema requires, allOf parts merged. */
    private static Set<String> required(JsonNode doc, JsonNode schema) {
        JsonNode resolved = resolve(doc, schema);
        Set<String> out = new TreeSet<>();
        resolved.path("required").forEach(r -> out.add(r.asText()));
        resolved.path("allOf").forEach(part -> out.addAll(required(doc, part)));
        return out;
    }

    /** The properties of an object schema, allOf parts merged. */
    private static Map<String, JsonNode> properties(JsonNode doc, JsonNode schema) {
        Map<String, JsonNode> props = new java.util.LinkedHashMap<>();
        schema.path("properties").fields().forEachRemaining(f -> props.put(f.getKey(), f.getValue()));
        for (JsonNode part : schema.path("allOf")) {
            props.putAll(properties(doc, resolve(doc, part)));
        }
        return props;
    }

    /**
     * Our schema against the contract's: our fields must be theirs with the same type (else {@code wrong});
     * their fields we do not document go to {@code missing}. A schema of ours with no shape at all (a bare
     * object) documents nothing yet: one missing entry for the whole model.
     */
    private static void compare(String where, JsonNode mine, JsonNode theirs, List<String> wrong, Set<String> missing) {
        mine = resolve(ours, mine);
        theirs = resolve(contract, theirs);
        Map<String, JsonNode> myProps = properties(ours, mine);
        Map<String, JsonNode> theirProps = properties(contract, theirs);
        boolean bare = typeOf(mine).equals("object") && myProps.isEmpty() && !mine.has("additionalProperties");
        if (bare) {
            if (!theirProps.isEmpty() || !typeOf(theirs).equals("object")) {
                missing.add(where + " model");
            }
            return;
        }
        if (!typeOf(mine).equals(typeOf(theirs))) {
            wrong.add(where + " is " + typeOf(mine) + ", the contract's is " + typeOf(theirs));
            return;
        }
        if (typeOf(mine).equals("array")) {
            compare(where + "[]", mine.path("items"), theirs.path("items"), wrong, missing);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = myProps.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode t = theirProps.get(p.getKey());
            if (t == null) {
                // a field we send beyond the contract must say so in our document
                if (!p.getValue().path("x-beyond-contract").asBoolean(false)) {
                    wrong.add(where + "." + p.getKey() + " is not a field of the contract's model");
                }
            } else {
                compare(where + "." + p.getKey(), p.getValue(), t, wrong, missing);
            }
        }
        theirProps.keySet().stream().filter(k -> !myProps.containsKey(k)).forEach(k -> missing.add(where + "." + k));
    }

    /**
     * The media types the document gives an operation are the ones its Accept check takes (one rule serves both): each
     * is taken, and an Accept taking none is refused 406 naming exactly them.
     */
    @Test
    void documentedMediaTypesAreTheOnesAnswered() {
        int documented = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = ours.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode get = path.getValue().path("get");
            if (!get.has("produces")) {
                continue;
            }
            documented++;
            String url = "/v2" + path.getKey().replaceAll("\\{[^}]+}", "x");
            List<String> produces = new ArrayList<>();
            get.get("produces").forEach(type -> produces.add(type.asText()));
            Response refused = stage.api.admin().accept("text/html").get(url);
            assertEquals(406, refused.statusCode(), url);
            assertEquals("unsupported media type requested, only " + produces.toString().replace(",", "")
                    + " are available", refused.jsonPath().getString("message"), url);
            for (String type : produces) {
                assertTrue(stage.api.admin().accept(type).get(url).statusCode() != 406, url + " in " + type);
            }
        }
        assertEquals(2, documented, "the map and general storage files are documented beyond JSON");
    }

    @Test
    void everyDocumentedOperationNeedsCredentials() {
        for (String op : operations(ours)) {
            String[] mp = op.split(" ", 2);
            Response anonymous = given().baseUri(stage.api.baseUri()).request(mp[0], "/v2" + mp[1].replaceAll("\\{[^}]+}", "x"));
            assertEquals(401, anonymous.statusCode(), op + " must need credentials");
        }
    }
}
