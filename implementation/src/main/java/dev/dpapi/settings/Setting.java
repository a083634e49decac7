package dev.dpapi.settings;

import java.util.List;

/**
 * One setting of the official server: its key path in the settings file (HCL or YAML), the
 * command-line flags and environment variable that also set it, and its built-in default.
 */
record Setting(String path, Type type, Object defaultValue, String env, List<String> flags, String description) {

    enum Type { STRING, INT, BOOL, STRINGS }

    static Setting of(String path, Type type, Object defaultValue, String description, String... flags) {
        return new Setting(path, type, defaultValue, null, List.of(flags), description);
    }

    static Setting withEnv(String path, Type type, Object defaultValue, String env, String description, String... flags) {
        return new Setting(path, type, defaultValue, env, List.of(flags), description);
    }

    /** The last segment of the path, as written in a settings file. */
    String key() {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
