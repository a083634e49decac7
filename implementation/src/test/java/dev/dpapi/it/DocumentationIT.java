package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documentation beside the API, where the official serves it (BEHAVIOUR.md 1.5): {@code /swagger.json}, the
 * served OpenAPI document, and {@code /v2/docs}, a page of it whose files are ours to serve. Unlike the official's,
 * both ask for credentials, as every path of ours does.
 */
class DocumentationIT {

    private static final String SPEC = "/swagger.json";
    private static final String PAGE = "/v2/docs";
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"");
    private static final Map<String, String> TYPE_OF_EXTENSION = Map.of(".js", "text/javascript", ".css", "text/css");

    @AutoClose
    static ConfigStage stage;

    @BeforeAll
    static void start() {
        stage = ConfigStage.started();
    }

    private static RequestSpecification anonymous() {
        return given().baseUri(stage.api.baseUri());
    }

    /** What the page loads, as its HTML names it (the page itself asked for with credentials). */
    private static List<String> referencesOfThePage() {
        String html = stage.api.admin().get(PAGE).then().statusCode(200).extract().asString();
        List<String> refs = new ArrayList<>();
        Matcher m = REFERENCE.matcher(html);
        while (m.find()) {
            if (!m.group(1).startsWith("data:")) { // inline: asks nothing of any host
                refs.add(m.group(1));
            }
        }
        assertFalse(refs.isEmpty(), "the page loads its script and style: " + html);
        return refs;
    }

    @Test
    void everyDocumentationPathAsksForCredentialsAndIsServedWithThem() {
        List<String> paths = new ArrayList<>(List.of(SPEC, PAGE));
        paths.addAll(referencesOfThePage());
        for (String path : paths) {
            anonymous().get(path).then().statusCode(401)
                    .header("WWW-Authenticate", "Basic realm=\"API\"")
                    .contentType("application/json")
                    .body("code", equalTo(401))
                    .body("message", equalTo("unauthenticated for invalid credentials"));
            anonymous().auth().preemptive().basic("admin", "wrong").get(path).then().statusCode(401);
            stage.api.admin().get(path).then().statusCode(200).body(not(emptyString()));
        }
    }

    @Test
    void swaggerJsonIsTheServedSpecificationWhichListsNeitherPath() throws Exception {
        Response spec = stage.api.admin().get(SPEC);
        spec.then().statusCode(200).contentType("application/json");
        ObjectMapper json = new ObjectMapper();
        JsonNode fromSwaggerJson = json.readTree(spec.asString());
        JsonNode fromSpecification = json.readTree(stage.api.admin().get("/v2/specification").then().statusCode(200)
                .extract().asString());
        assertEquals(fromSpecification, fromSwaggerJson);
        assertEquals("2.0", fromSwaggerJson.path("swagger").asText());
        // neither is an operation of the contract: not in the document, not among the root's links
        JsonNode paths = fromSwaggerJson.path("paths");
        assertTrue(paths.has("/specification"), "the document's paths are below the base path");
        paths.fieldNames().forEachRemaining(p -> assertFalse(p.startsWith("/docs") || p.contains("swagger.json"), p));
        List<String> links = stage.api.admin().get("/v2/").then().statusCode(200).extract().jsonPath().getList("url");
        assertFalse(links.stream().anyMatch(l -> l.startsWith("/docs")), links.toString());
    }

    @Test
    void thePageIsHtmlLoadingOnlyItsOwnFilesEachInItsMediaType() {
        Response page = stage.api.admin().get(PAGE);
        page.then().statusCode(200).contentType("text/html")
                .header("X-Content-Type-Options", "nosniff");
        assertTrue(page.header("Content-Security-Policy").startsWith("default-src 'none';"),
                page.header("Content-Security-Policy"));
        assertFalse(page.header("Content-Security-Policy").matches(".*(https?:|\\*).*"),
                "the policy lets no other host in: " + page.header("Content-Security-Policy"));
        assertFalse(page.asString().matches("(?s).*(https?:)?//.*"), "no other host named in the page");
        List<String> refs = referencesOfThePage();
        boolean script = false;
        boolean style = false;
        for (String ref : refs) {
            assertTrue(ref.startsWith(PAGE + "/") && !ref.startsWith("//"), "same origin, below the page: " + ref);
            String extension = ref.substring(ref.lastIndexOf('.'));
            String type = TYPE_OF_EXTENSION.get(extension);
            assertTrue(type != null, "a script or a style: " + ref);
            script |= type.equals("text/javascript");
            style |= type.equals("text/css");
            Response asset = stage.api.admin().get(ref);
            asset.then().statusCode(200).contentType(type).header("X-Content-Type-Options", "nosniff");
            assertTrue(asset.asByteArray().length > 0, ref);
        }
        assertTrue(script && style, "the page loads a script and a style: " + refs);
    }

    /**
     * The page draws the document it is given and nothing else: its settings fix the document's address (one that
     * answers the served document), send no request of the API ("Try it out"), and take none from the address bar.
     */
    @Test
    void thePageReadsTheServedDocumentAndSendsNoRequestOfItsOwn() {
        String settings = referencesOfThePage().stream().filter(r -> r.endsWith(".js"))
                .map(r -> stage.api.admin().get(r).asString()).filter(js -> js.contains("SwaggerUIBundle("))
                .findFirst().orElseThrow(() -> new AssertionError("no script of the page starts Swagger UI"));
        assertTrue(settings.matches("(?s).*supportedSubmitMethods:\\s*\\[\\s*].*"), settings);
        assertTrue(settings.matches("(?s).*queryConfigEnabled:\\s*false.*"), settings);
        assertTrue(settings.matches("(?s).*validatorUrl:\\s*null.*"), settings);
        // the address resolved against the page's own origin (a fetch refuses a URL that carries credentials)
        Matcher url = Pattern.compile("url:\\s*new URL\\(\"([^\"]+)\",\\s*window\\.location\\.origin\\)\\.href").matcher(settings);
        assertTrue(url.find(), settings);
        assertEquals(SPEC, url.group(1), "the document's address, fixed and of the same origin");
        assertEquals(stage.api.admin().get("/v2/specification").asString(), stage.api.admin().get(url.group(1)).asString());
    }

    @Test
    void filesAreRevalidatedByTheirTag() {
        List<String> files = new ArrayList<>(referencesOfThePage());
        for (String file : files) {
            Response first = stage.api.admin().get(file);
            // checked each time: after an upgrade the page never runs an older build's files from a cache
            first.then().statusCode(200).header("Cache-Control", "private, no-cache");
            String etag = first.header("ETag");
            assertTrue(etag != null && etag.matches("\"[0-9a-f]+\""), file + ": " + etag);
            Response again = stage.api.admin().header("If-None-Match", etag).get(file);
            again.then().statusCode(304).header("ETag", etag);
            assertEquals("", again.asString(), file);
            // another tag: the file again, whole
            stage.api.admin().header("If-None-Match", "\"other\"").get(file).then().statusCode(200)
                    .body(equalTo(first.asString()));
        }
        // the page itself is checked each time: a newer server loads other files
        Response page = stage.api.admin().get(PAGE);
        page.then().statusCode(200).header("Cache-Control", "private, no-cache");
        stage.api.admin().header("If-None-Match", page.header("ETag")).get(PAGE).then().statusCode(304);
    }

    @Test
    void anyOtherPathBelowThePageIsUnknown() {
        // files of the webjar the page does not load, source maps, the page under another name, a trailing slash
        for (String path : List.of(PAGE + "/", PAGE + "/index.html", PAGE + "/swagger-ui.js",
                PAGE + "/swagger-ui-bundle.js.map", PAGE + "/swagger-ui-standalone-preset.js",
                PAGE + "/swagger-initializer.js", PAGE + "/swagger-ui-bundle.js.LICENSE.txt", PAGE + "/x/swagger-ui.css",
                "/swagger.yaml", "/swagger.json/", "/docs", "/v2/swagger.json")) {
            // unknown before any credentials, as every unknown path is
            anonymous().get(path).then().statusCode(404)
                    .header("WWW-Authenticate", (String) null)
                    .body("code", equalTo(404))
                    .body("message", equalTo("path " + path + " was not found"));
            stage.api.admin().get(path).then().statusCode(404);
        }
        stage.api.admin().get(PAGE + "/swagger-ui.css").then().statusCode(200);
    }

    @Test
    void onlyGetIsServedAndAnyOtherMethodIs405() {
        List<String> paths = new ArrayList<>(List.of(SPEC, PAGE));
        paths.addAll(referencesOfThePage());
        for (String path : paths) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                for (RequestSpecification request : List.of(anonymous(), stage.api.admin())) {
                    request.request(method, path).then().statusCode(405)
                            .header("Allow", "GET")
                            .header("WWW-Authenticate", (String) null)
                            .body("message", equalTo("method " + method + " is not allowed, but [GET] are"));
                }
            }
            stage.api.admin().get(path).then().statusCode(200);
        }
    }

    @Test
    void anAcceptIsHeldToEachPathsOwnMediaType() {
        stage.api.admin().accept("text/html").get(PAGE).then().statusCode(200).contentType("text/html");
        stage.api.admin().accept("application/json").get(PAGE).then().statusCode(406)
                .body("message", equalTo("unsupported media type requested, only [text/html] are available"));
        stage.api.admin().accept("application/json").get(SPEC).then().statusCode(200).contentType("application/json");
        stage.api.admin().accept("text/html").get(SPEC).then().statusCode(406);
        stage.api.admin().accept("text/css,*/*;q=0.1").get(PAGE + "/swagger-ui.css").then().statusCode(200);
    }
}
