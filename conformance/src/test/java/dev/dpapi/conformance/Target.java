package dev.dpapi.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** One implementation on one HAProxy image: what every check runs against. */
public record Target(Implementation implementation, String image) {

    static final String DEFAULT_IMAGES = "dpapi-conformance/haproxy:2.6,dpapi-conformance/haproxy:3.0";

    /** Every configured implementation on every image ({@code CONFORMANCE_HAPROXY_IMAGES}), image by image. */
    static List<Target> configured(Function<String, String> parameter) {
        List<Implementation> implementations = Implementation.configured(parameter);
        return images(parameter).stream()
                .flatMap(image -> implementations.stream().map(impl -> new Target(impl, image))).toList();
    }

    static List<String> images(Function<String, String> parameter) {
        String configured = RunParameter.of(parameter, "conformance.haproxy.images", "CONFORMANCE_HAPROXY_IMAGES");
        if (configured == null) {
            configured = DEFAULT_IMAGES;
        }
        return Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The image's tag, short enough for a report column. */
    public String imageTag() {
        int colon = image.lastIndexOf(':');
        return colon < 0 ? image : image.substring(colon + 1);
    }

    @Override
    public String toString() {
        return implementation.name() + " @ " + imageTag();
    }
}
