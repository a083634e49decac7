package dev.dpapi.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A haproxy.cfg in a temp dir of its own and the API on it with the install guide's settings, optionally with a real
 * HAProxy running on the same file: the stage of the configuration tests. A test class holds it in an
 * {@code @AutoClose} field; closing stops the API and HAProxy by PID and removes the dir.
 */
final class ConfigStage implements AutoCloseable {

    /** Writes the test's haproxy.cfg into the stage's dir and returns its path. */
    @FunctionalInterface
    interface ConfigWriter {
        Path write(Path dir) throws IOException;
    }

    final Path dir;
    final Path cfg;
    /** The settings file ({@link Settings#seedLike}), written once: a restart reads it again as it is. */
    final Path settings;
    /** The running HAProxy, or null where none runs (the API still checks every write with haproxy -c). */
    final HaproxyProcess haproxy;
    ApiProcess api;

    private ConfigStage(Path dir, Path cfg, Path settings, HaproxyProcess haproxy) {
        this.dir = dir;
        this.cfg = cfg;
        this.settings = settings;
        this.haproxy = haproxy;
    }

    /** The API alone on {@link HaproxyProcess#writeConfig}'s small haproxy.cfg (a free frontend port), plus {@code apiArgs}. */
    static ConfigStage started(String... apiArgs) {
        return on(dir -> HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), ApiProcess.freePort()), apiArgs);
    }

    /** The API alone on the haproxy.cfg that {@code writer} puts in the stage's dir, plus {@code apiArgs}. */
    static ConfigStage on(ConfigWriter writer, String... apiArgs) {
        return build(false, writer, apiArgs);
    }

    /** A real HAProxy on the small haproxy.cfg ({@link HaproxyProcess#start(Path, int)}), and the API on the same file. */
    static ConfigStage startedWithHaproxy(String... apiArgs) {
        return build(true, dir -> HaproxyProcess.writeConfig(dir, dir.resolve("haproxy.sock"), ApiProcess.freePort()),
                apiArgs);
    }

    private static ConfigStage build(boolean runHaproxy, ConfigWriter writer, String... apiArgs) {
        Path dir = null;
        ConfigStage stage = null;
        try {
            dir = Files.createTempDirectory("config-stage");
            Path cfg = writer.write(dir);
            Path settings = Settings.seedLike(dir, cfg);
            // from here on the stage holds what runs, so that a failed start is closed by PID
            HaproxyProcess haproxy = runHaproxy ? HaproxyProcess.start(cfg, dir.resolve("haproxy.sock")) : null;
            stage = new ConfigStage(dir, cfg, settings, haproxy);
            stage.api = stage.startApi(apiArgs);
            return stage;
        } catch (IOException e) {
            closeAfterFailure(stage, dir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeAfterFailure(stage, dir);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAfterFailure(stage, dir);
            throw new IllegalStateException(e);
        }
    }

    private static void closeAfterFailure(ConfigStage stage, Path dir) {
        try {
            if (stage != null) {
                stage.close();
            } else if (dir != null) {
                ApiProcess.deleteTree(dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ApiProcess startApi(String... apiArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-f", settings.toString()));
        args.addAll(List.of(apiArgs));
        return ApiProcess.start(dir, List.of(), args.toArray(String[]::new));
    }

    /** Stops the API and starts a fresh one on the same files with {@code apiArgs}: it knows only what the files hold. */
    void restart(String... apiArgs) throws IOException, InterruptedException {
        api.close();
        api = startApi(apiArgs);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (api != null) {
                api.close();
            }
        } finally {
            if (haproxy != null) {
                haproxy.close();
            }
            ApiProcess.deleteTree(dir);
        }
    }
}
