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

    @Override
    default void routing(HttpRules rules) {
        for (ApiEndpoint e : endpoints()) {
            ApiEndpoint.Action action = e.handler();
            rules.route(e.method(), e.path(), (req, res) -> {
                try {
                    action.handle(req, res);
                } catch (ConfigException refused) {
                    Json.refuse(res, refused);
                }
            });
        }
    }
}
