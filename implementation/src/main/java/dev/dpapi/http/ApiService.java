package dev.dpapi.http;

import dev.dpapi.text.ConfigException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.List;

/**
 * An API family: an {@link HttpService} whose routes come from its declared endpoints. Refusals its handlers
 * throw are answered here, the one place that turns them into the official error body.
 */
public interface ApiService extends HttpService {

    List<ApiEndpoint> endpoints();

    /**
     * The path all of this family's endpoints start with (whole segments, no template): the family is registered
     * there, so that a request elsewhere skips its routes at once instead of trying each of them.
     */
    default String prefix() {
        List<String[]> paths = endpoints().stream().map(e -> e.path().split("/", -1)).toList();
        // the last segment of the shortest path stays a route's own ("/" when the path is the prefix itself)
        int shortest = paths.stream().mapToInt(p -> p.length).min().orElse(0);
        StringBuilder prefix = new StringBuilder();
        for (int i = 1; i < shortest - 1; i++) {
            String segment = paths.get(0)[i];
            int at = i;
            if (segment.contains("{") || !paths.stream().allMatch(p -> p[at].equals(segment))) {
                break;
            }
            prefix.append('/').append(segment);
        }
        return prefix.toString();
    }

    @Override
    default void routing(HttpRules rules) {
        String prefix = prefix();
        for (ApiEndpoint e : endpoints()) {
            ApiEndpoint.Action action = e.handler();
            String below = e.path().substring(prefix.length());
            rules.route(e.method(), below.isEmpty() ? "/" : below, (req, res) -> {
                try {
                    action.handle(req, res);
                } catch (ConfigException refused) {
                    Json.refuse(res, refused);
                }
            });
        }
    }
}
