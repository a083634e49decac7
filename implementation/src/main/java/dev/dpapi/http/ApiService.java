package dev.dpapi.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.List;

/** An API family: an {@link HttpService} whose routes come from its declared endpoints. */
public interface ApiService extends HttpService {

    List<ApiEndpoint> endpoints();

    @Override
    default void routing(HttpRules rules) {
        for (ApiEndpoint e : endpoints()) {
            rules.route(e.method(), e.path(), e.handler());
        }
    }
}
