package dev.dpapi.sites;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.text.ConfigException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The site model's schema, checked before anything is written, as the official's validator does: a required field
 * missing (602), a value out of its enum or pattern (605), named by its path in the body ({@code farms.0.use_as}).
 * A value of the wrong JSON type is the decoder's 400, judged where the value is written.
 */
final class SiteSchema {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9-_.:]+$");
    private static final Pattern NO_SPACE = Pattern.compile("^[^\\s]+$");
    private static final List<String> MODES = List.of("http", "tcp");

    private SiteSchema() {
    }

    /** Checks a site's body, an object (WriteRequest.withObjectBody refuses any other JSON value). */
    static void check(JsonNode body) throws ConfigException {
        shape(body, "service", "Site.service", JsonNode::isObject, "models.SiteService");
        shape(body, "farms", "Site.farms", JsonNode::isArray, "[]*models.SiteFarm");
        shape(body.path("service"), "listeners", "Site.service.listeners", JsonNode::isArray, "[]*models.Bind");
        for (JsonNode farm : body.path("farms")) {
            if (!farm.isObject()) {
                throw ConfigException.wrongType(farm, "Go struct field Site.farms of type models.SiteFarm");
            }
            shape(farm, "servers", "Site.farms.servers", JsonNode::isArray, "[]*models.Server");
        }
        required(body, "name", "name");
        pattern(body, "name", "name", NAME);
        JsonNode service = body.path("service");
        if (service.isObject()) {
            oneOf(service, "mode", "service.mode", MODES);
            oneOf(service, "http_connection_mode", "service.http_connection_mode",
                    List.of("http-tunnel", "httpclose", "forced-close", "http-server-close", "http-keep-alive"));
            int i = 0;
            for (JsonNode listener : service.path("listeners")) {
                String at = "service.listeners." + i++;
                pattern(listener, "name", at + ".name", NO_SPACE);
                pattern(listener, "address", at + ".address", NO_SPACE);
            }
        }
        int i = 0;
        boolean hasDefault = false;
        for (JsonNode farm : body.path("farms")) {
            String at = "farms." + i++;
            required(farm, "name", at + ".name");
            pattern(farm, "name", at + ".name", NAME);
            required(farm, "use_as", at + ".use_as");
            oneOf(farm, "use_as", at + ".use_as", List.of("default", "conditional"));
            oneOf(farm, "cond", at + ".cond", List.of("if", "unless"));
            oneOf(farm, "mode", at + ".mode", MODES);
            if (farm.get("use_as").asText().equals("default")) {
                if (hasDefault) { // a frontend has one default_backend: a second would be dropped unseen
                    throw new ConfigException(400, "0: more than one farm of site " + body.get("name").asText()
                            + " is used as default");
                }
                hasDefault = true;
            }
            int j = 0;
            for (JsonNode server : farm.path("servers")) {
                String s = at + ".servers." + j++;
                required(server, "name", s + ".name");
                pattern(server, "name", s + ".name", NO_SPACE);
                required(server, "address", s + ".address");
                pattern(server, "address", s + ".address", NO_SPACE);
            }
        }
    }

    /** A field holding an object or a list, when present, is one: else the decoder's 400. */
    private static void shape(JsonNode object, String field, String goField, java.util.function.Predicate<JsonNode> is,
                              String goType) throws ConfigException {
        JsonNode value = object.get(field);
        if (value != null && !value.isNull() && !is.test(value)) {
            throw ConfigException.wrongType(value, "Go struct field " + goField + " of type " + goType);
        }
    }

    /** A required text field: present, a string, not empty. */
    private static void required(JsonNode object, String field, String at) throws ConfigException {
        JsonNode value = object.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw ConfigException.wrongType(value, "Go struct field ." + at + " of type string");
        }
        if (!object.hasNonNull(field) || (object.get(field).isTextual() && object.get(field).asText().isEmpty())) {
            throw ConfigException.schema(602, at + " in body is required");
        }
    }

    private static void pattern(JsonNode object, String field, String at, Pattern pattern) throws ConfigException {
        JsonNode value = object.get(field);
        if (value != null && value.isTextual() && !pattern.matcher(value.asText()).matches()) {
            throw ConfigException.schema(605, at + " in body should match '" + pattern.pattern() + "'");
        }
    }

    private static void oneOf(JsonNode object, String field, String at, List<String> allowed) throws ConfigException {
        JsonNode value = object.get(field);
        if (value != null && !value.isNull() && !allowed.contains(value.asText())) {
            throw ConfigException.schema(605, at + " in body should be one of [" + String.join(" ", allowed) + "]");
        }
    }
}
