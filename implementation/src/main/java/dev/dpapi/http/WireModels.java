package dev.dpapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field order of the official's generated models. A plain model writes its fields alphabetically by JSON
 * name. A model composed with {@code allOf} writes each part in turn, each alphabetically: first the shared
 * parameters it includes ({@code server_params}, {@code bind_params}), then its own properties. Only the models
 * whose order is not plain alphabetical, or that hold one that is not, are declared here.
 */
final class WireModels {

    /**
     * A model of the contract: {@code own} are the properties it declares beside its allOf parts (null: a plain
     * model); {@code nested} names the model of a field holding another declared model (or a list of them).
     */
    private record Shape(Set<String> own, Map<String, String> nested) {
    }

    private static final Map<String, Shape> SHAPES = Map.of(
            "server", new Shape(Set.of("address", "id", "name", "port"), Map.of()),
            "server_template", new Shape(Set.of("fqdn", "id", "num_or_range", "port", "prefix"), Map.of()),
            "bind", new Shape(Set.of("address", "port", "port-range-end"), Map.of()),
            "runtime_api", new Shape(Set.of("address"), Map.of()),
            "global", new Shape(null, Map.of("runtime_apis", "runtime_api")),
            "site", new Shape(null, Map.of("farms", "site_farm", "service", "site_service")),
            "site_farm", new Shape(null, Map.of("servers", "server")),
            "site_service", new Shape(null, Map.of("listeners", "bind")));

    private WireModels() {
    }

    /** The fields of {@code object} (an instance of {@code model}, null when unknown) in the order they are written. */
    static List<String> fieldOrder(String model, JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        Shape shape = model == null ? null : SHAPES.get(model);
        if (shape == null || shape.own() == null) {
            names.sort(null);
            return names;
        }
        List<String> included = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (String name : names) {
            (shape.own().contains(name) ? own : included).add(name);
        }
        included.sort(null);
        own.sort(null);
        included.addAll(own);
        return included;
    }

    /** The model of a field's value, or null for a plain one. */
    static String nested(String model, String field) {
        Shape shape = model == null ? null : SHAPES.get(model);
        return shape == null ? null : shape.nested().get(field);
    }
}
