package dev.dpapi.auth;

import dev.dpapi.text.ConfigStore;
import dev.dpapi.text.ConfigText;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import dev.dpapi.reload.Commands;
import dev.dpapi.settings.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Entry point of the auth capability: the users allowed to call the API, from the settings file when it
 * lists any, else from an HAProxy {@code userlist} (in haproxy.cfg or a separate file).
 */
public final class ApiUsers {

    private static final Logger LOG = Logger.getLogger("dataplaneapi.auth");
    /** Every refusal reads the same, so that an answer never tells whether a user name exists. */
    static final String REFUSED = "unauthenticated for invalid credentials";

    private final Map<String, ApiUser> byName;
    private final Map<String, String> env;
    /** Checked instead when the name is unknown: an unknown name costs as much as a wrong password. */
    private final ApiUser decoy;

    private ApiUsers(Map<String, ApiUser> byName, Map<String, String> env) {
        this.byName = Map.copyOf(byName);
        this.env = env;
        this.decoy = byName.values().stream().filter(u -> !u.insecure()).findFirst()
                .or(() -> byName.values().stream().findFirst())
                .map(u -> new ApiUser("", u.stored(), u.insecure()))
                .orElse(new ApiUser("", "", true));
    }

    /**
     * Where the users come from, checked at start (no users is fatal). Users of a userlist in haproxy.cfg
     * follow the file: an edit through the API or by hand applies at once. An edit that leaves the userlist
     * empty or gone keeps the previous users, so nobody locks themselves out.
     */
    public static Supplier<ApiUsers> source(Settings.Auth auth, ConfigStore config, Map<String, String> env)
            throws IOException {
        if (!auth.users().isEmpty()) {
            Map<String, ApiUser> users = new LinkedHashMap<>();
            auth.users().forEach(u -> users.put(u.name(), new ApiUser(u.name(), u.password(), u.insecure())));
            ApiUsers fixed = new ApiUsers(users, env);
            return () -> fixed;
        }
        if (auth.userlistFile().isPresent()) {
            ConfigStore file = ConfigStore.open(Path.of(auth.userlistFile().get()), Commands.Validation.haproxy(""), new ConfigStore.Backups(Path.of("."), 0));
            return new Following(file, auth.userlist(), env, fromUserlist(file.current(), auth.userlist(), file.file(), env));
        }
        return new Following(config, auth.userlist(), env, fromUserlist(config.current(), auth.userlist(), config.file(), env));
    }

    /** Users that follow a configuration text. */
    private static final class Following implements Supplier<ApiUsers> {
        private final ConfigStore store;
        private final String userlist;
        private final Map<String, String> env;
        private ConfigText seen;
        private ApiUsers users;

        Following(ConfigStore store, String userlist, Map<String, String> env, ApiUsers initial) {
            this.store = store;
            this.userlist = userlist;
            this.env = env;
            this.seen = store.current();
            this.users = initial;
        }

        @Override
        public synchronized ApiUsers get() {
            ConfigText now = store.current();
            if (now != seen) {
                seen = now;
                try {
                    users = fromUserlist(now, userlist, store.file(), env);
                } catch (IOException e) {
                    // the userlist is gone or empty: keep the users we had
                }
            }
            return users;
        }
    }

    private static ApiUsers fromUserlist(ConfigText text, String name, Path source, Map<String, String> env)
            throws IOException {
        Map<String, ApiUser> users = new LinkedHashMap<>();
        Optional<Section> userlist = text.section("userlist", name);
        if (userlist.isEmpty()) {
            throw new IOException("no users configured: the settings file has no user and " + source
                    + " has no userlist '" + name + "'");
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
            throw new IOException("no users configured in userlist '" + name + "' of " + source);
        }
        return new ApiUsers(users, env);
    }

    /**
     * Checks HTTP Basic credentials: the user's name when they are good, else the one refusal. An unknown name
     * runs the same password check, against another user's hash, so that it takes the same time.
     */
    public Result check(String name, String password) {
        ApiUser user = byName.get(name);
        Optional<String> refused = (user == null ? decoy : user).refuse(password, env);
        if (user == null || refused.isPresent()) {
            refused.filter(why -> why.startsWith("can not read")).ifPresent(why -> LOG.warning("user " + name + ": " + why));
            return new Result(false, REFUSED);
        }
        return new Result(true, name);
    }

    public int size() {
        return byName.size();
    }

    /** Outcome of a credentials check: the user name when accepted, the reason when refused. */
    public record Result(boolean accepted, String detail) {
    }
}
