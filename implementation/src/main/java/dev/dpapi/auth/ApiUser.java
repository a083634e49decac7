package dev.dpapi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Crypt;

/** An API user and the stored form of its password: plain when insecure, else a crypt(3) hash. */
record ApiUser(String name, String stored, boolean insecure) {

    private static final Pattern FROM_ENV = Pattern.compile("^\"\\$\\{(\\w+)}\"$");

    /** Why a password was refused, or empty when it matches. */
    Optional<String> refuse(String supplied, Map<String, String> env) {
        String expected = stored;
        Matcher m = FROM_ENV.matcher(stored);
        if (m.matches()) {
            expected = env.get(m.group(1));
            if (expected == null) {
                return Optional.of("can not read password from env variable: " + stored);
            }
        }
        byte[] computed;
        if (insecure) {
            computed = supplied.getBytes(StandardCharsets.UTF_8);
        } else if (isSupportedHash(expected)) {
            computed = Crypt.crypt(supplied.getBytes(StandardCharsets.UTF_8), expected).getBytes(StandardCharsets.UTF_8);
        } else {
            return Optional.of("invalid password");
        }
        boolean same = MessageDigest.isEqual(computed, expected.getBytes(StandardCharsets.UTF_8)); // constant time
        return same ? Optional.empty() : Optional.of("invalid password");
    }

    /** MD5, SHA-256 and SHA-512 crypt without a rounds parameter, as the official accepts. */
    static boolean isSupportedHash(String hash) {
        String[] parts = hash.split("\\$", -1);
        return parts.length == 4 && parts[0].isEmpty()
                && (parts[1].equals("1") || parts[1].equals("5") || parts[1].equals("6"))
                && !parts[2].startsWith("rounds=") && !parts[3].isEmpty();
    }

    @Override
    public String toString() {
        return "ApiUser[" + name + "]"; // never the password
    }
}
