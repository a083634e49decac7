package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import io.swagger.models.HttpMethod;
import io.swagger.models.Swagger;
import io.swagger.parser.SwaggerParser;
import io.swagger.parser.util.SwaggerDeserializationResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document is valid, documents what is served, and only that. */
class SpecificationIT {

    /** Official paths the API must serve at this stage; each must be documented. */
    private static final Set<String> REQUIRED = Set.of("/", "/info", "/health", "/specification", "/services",
            "/services/haproxy", "/services/haproxy/runtime", "/services/haproxy/runtime/info");

    @TempDir
    static Path dir;
    static HaproxyProcess haproxy;
    static ApiProcess api;
    static Swagger spec;

    @BeforeAll
    static void start() throws Exception {
        haproxy = HaproxyProcess.start(dir, ApiProcess.freePort());
        api = ApiProcess.seedLike(dir, haproxy.config);
        String json = api.admin()
                .get("/v2/specification").then().statusCode(200).extract().asString();
        SwaggerDeserializationResult parsed = new SwaggerParser().readWithInfo(json);
        assertEquals(List.of(), parsed.getMessages(), "the document must be valid OpenAPI 2.0");
        spec = parsed.getSwagger();
        assertNotNull(spec);
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
    }

    @Test
    void isOpenApi2WithBasicAuth() {
        assertEquals("2.0", spec.getSwagger());
        assertEquals("/v2", spec.getBasePath());
        assertEquals("basic", spec.getSecurityDefinitions().get("basic_auth").getType());
    }

    @Test
    void documentsEveryRequiredPath() {
        assertTrue(spec.getPaths().keySet().containsAll(REQUIRED), spec.getPaths().keySet().toString());
    }

    @Test
    void everyDocumentedOperationIsServedAndNeedsCredentials() {
        spec.getPaths().forEach((path, item) -> item.getOperationMap().forEach((method, op) -> {
            String concrete = "/v2" + path.replaceAll("\\{[^}]+}", "x");
            Response anonymous = given().baseUri(api.baseUri()).request(method.name(), concrete);
            assertEquals(401, anonymous.statusCode(), method + " " + concrete + " must need credentials");
            Response answered = api.admin()
                    .request(method.name(), concrete);
            assertFalse(answered.asString().contains("was not found"), method + " " + concrete + " is not served");
            assertNotEquals(405, answered.statusCode(), method + " " + concrete);
        }));
    }

    @Test
    void undocumentedMethodsAreNotServed() {
        spec.getPaths().forEach((path, item) -> {
            Map<HttpMethod, ?> documented = item.getOperationMap();
            for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)) {
                if (!documented.containsKey(method)) {
                    String concrete = "/v2" + path.replaceAll("\\{[^}]+}", "x");
                    api.admin()
                            .request(method.name(), concrete).then().statusCode(405);
                }
            }
        });
    }
}
