package dev.dpapi.auth;

import dev.dpapi.config.ConfigText;
import dev.dpapi.config.Line;
import dev.dpapi.config.Section;
import dev.dpapi.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Entry point of the auth capability: the users allowed to call the API, from the settings file when it
 * lists any, else from an HAProxy {@code userlist} (in haproxy.cfg or a separate file).
 */
public final class ApiUsers {

    private final Map<String, ApiUser> byName;
    private final Map<String, String> env;

    private ApiUsers(Map<String, ApiUser> byName, Map<String, String> env) {
        this.byName = Map.copyOf(byName);
        this.env = env;
    }

    public static ApiUsers load(Settings.Auth auth, Path haproxyConfig, Map<String, String> env) throws IOException {
        Map<String, ApiUser> users = new LinkedHashMap<>();
        if (!auth.users().isEmpty()) {
            auth.users().forEach(u -> users.put(u.name(), new ApiUser(u.name(), u.password(), u.insecure())));
            return new ApiUsers(users, env);
        }
        Path source = auth.userlistFile().map(Path::of).orElse(haproxyConfig);
        ConfigText text = ConfigText.parse(Files.readString(source));
        Optional<Section> userlist = text.section("userlist", auth.userlist());
        if (userlist.isEmpty()) {
            throw new IOException("no users configured: the settings file has no user and " + source
                    + " has no userlist '" + auth.userlist() + "'");
        }
        for (Line l : userlist.get().directives()) {
            if (l.keyword().equals("user") && l.words().size() >= 4) {
                switch (l.word(2)) {
                    case "password" -> users.put(l.word(1), new ApiUser(l.word(1), l.word(3), false));
                    case "insecure-password" -> users.put(l.word(1), new ApiUser(l.word(1), l.word(3), true));
                    default -> { }
                }
            }
        }
        if (users.isEmpty()) {
            throw new IOException("no users configured in userlist '" + auth.userlist() + "' of " + source);
        }
        return new ApiUsers(users, env);
    }

    /** Checks HTTP Basic credentials: the user's name when they are good, else why not. */
    public Result check(String name, String password) {
        ApiUser user = byName.get(name);
        if (user == null) {
            return new Result(false, "no configured users");
        }
        return user.refuse(password, env).map(why -> new Result(false, why)).orElse(new Result(true, name));
    }

    public int size() {
        return byName.size();
    }

    /** Outcome of a credentials check: the user name when accepted, the reason when refused. */
    public record Result(boolean accepted, String detail) {
    }
}
