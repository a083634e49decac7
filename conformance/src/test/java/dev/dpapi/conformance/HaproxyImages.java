package dev.dpapi.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/** The HAProxy images every check runs on: CONFORMANCE_HAPROXY_IMAGES or -Dconformance.haproxy.images. */
public final class HaproxyImages implements ArgumentsProvider {

    static final String DEFAULT = "dpapi-conformance/haproxy:2.6,dpapi-conformance/haproxy:3.0";

    static List<String> all() {
        String configured = System.getenv("CONFORMANCE_HAPROXY_IMAGES");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("conformance.haproxy.images", "");
        }
        if (configured.isBlank()) {
            configured = DEFAULT;
        }
        return Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
        return all().stream().map(Arguments::of);
    }
}
