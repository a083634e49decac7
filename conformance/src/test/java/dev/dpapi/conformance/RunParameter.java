package dev.dpapi.conformance;

import java.util.function.Function;

/** Where a run's setting comes from: the launcher's configuration parameter, else the environment, else -D. */
final class RunParameter {

    private RunParameter() {
    }

    /** The first non-blank of the parameter {@code key}, the variable {@code env}, the system property {@code key}. */
    static String of(Function<String, String> parameter, String key, String env) {
        for (String v : new String[] {parameter.apply(key), System.getenv(env), System.getProperty(key)}) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
