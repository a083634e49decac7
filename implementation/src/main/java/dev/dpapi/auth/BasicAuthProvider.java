package dev.dpapi.auth;

import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Principal;
import io.helidon.security.ProviderRequest;
import io.helidon.security.spi.AuthenticationProvider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/** HTTP Basic authentication against {@link ApiUsers}, one refusal for every failure. */
public final class BasicAuthProvider implements AuthenticationProvider {

    private final Supplier<ApiUsers> users;

    public BasicAuthProvider(Supplier<ApiUsers> users) {
        this.users = users;
    }

    /**
     * The users in force: a credential once verified against them stays good while this is the same object
     * (a change of the userlist makes a new one).
     */
    public Object usersInForce() {
        return users.get();
    }

    @Override
    public AuthenticationResponse authenticate(ProviderRequest request) {
        List<String> values = request.env().headers().getOrDefault("Authorization", List.of());
        if (values.size() != 1 || !values.get(0).regionMatches(true, 0, "Basic ", 0, 6)) {
            return AuthenticationResponse.failed(ApiUsers.REFUSED);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(values.get(0).substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return AuthenticationResponse.failed(ApiUsers.REFUSED);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return AuthenticationResponse.failed(ApiUsers.REFUSED);
        }
        ApiUsers.Result result = users.get().check(decoded.substring(0, colon), decoded.substring(colon + 1));
        return result.accepted()
                ? AuthenticationResponse.success(Principal.create(result.detail()))
                : AuthenticationResponse.failed(result.detail());
    }
}
