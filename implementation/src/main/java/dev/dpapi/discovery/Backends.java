package dev.dpapi.discovery;

import dev.dpapi.text.ConfigException;
import dev.dpapi.text.ConfigStore;
import dev.dpapi.text.ConfigText;
import dev.dpapi.reload.ReloadAgent;
import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.runtime.Setters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Applies plans of {@link GeneratedBackends} the way every change goes: a validated atomic write of haproxy.cfg
 * through the {@link ConfigStore} (which bumps {@code _version}), then the Runtime API commands that make the
 * running HAProxy match, or a scheduled reload when the change needs one or a command is refused.
 */
final class Backends {

    private static final Logger LOG = Logger.getLogger("discovery");

    private final ConfigStore config;
    private final RuntimeApi runtime;
    private final ReloadAgent reloads;
    /** By prefix: the services and the haproxy.cfg version of the last change the validation refused. */
    private final Map<String, List<Object>> refused = new ConcurrentHashMap<>();

    Backends(ConfigStore config, RuntimeApi runtime, ReloadAgent reloads) {
        this.config = config;
        this.runtime = runtime;
        this.reloads = reloads;
    }

    /**
     * Makes the backends under {@code prefix} follow {@code services}. A change HAProxy's validation refused is not
     * tried again (one {@code haproxy -c} per period) until the services or haproxy.cfg change.
     */
    void follow(String prefix, Map<String, List<Source.Instance>> services, GeneratedBackends.Scaling scaling,
                String defaults) throws ConfigException {
        List<Object> attempt = List.of(services, config.version());
        if (attempt.equals(refused.get(prefix))) {
            return;
        }
        try {
            apply(text -> GeneratedBackends.plan(text, prefix, services, scaling, defaults));
            refused.remove(prefix);
        } catch (ConfigException e) {
            if (e.status() == 400) {
                refused.put(prefix, attempt);
            }
            throw e;
        }
    }

    /** Removes every backend under {@code prefix}; a failure is logged (the backends stay). */
    void removeAll(String prefix) {
        try {
            apply(text -> GeneratedBackends.removeAll(text, prefix));
        } catch (ConfigException e) {
            LOG.warning("service discovery: cannot remove the backends " + prefix + "*: " + e.getMessage());
        }
    }

    /**
     * One writer at a time. The plan is made once, on the text the write replaces: should haproxy.cfg change in
     * between (the write finds another text), the write is refused and the next period plans again.
     */
    private synchronized void apply(Function<ConfigText, GeneratedBackends.Plan> planner) throws ConfigException {
        ConfigText current = config.current();
        GeneratedBackends.Plan plan = planner.apply(current);
        if (!plan.changed(current)) {
            return;
        }
        config.commit(current.version(), text -> {
            if (text != current) {
                throw new ConfigException(409, "haproxy.cfg changed while service discovery planned its change");
            }
            return plan.text();
        });
        if (plan.reload() || !appliedAtRuntime(plan.runtimeCommands())) {
            String id = reloads.schedule();
            LOG.info(() -> "service discovery: haproxy.cfg changed, reload " + id + " scheduled");
        } else {
            LOG.info(() -> "service discovery: " + plan.runtimeCommands().size() / 2 + " server slot(s) changed at runtime");
        }
    }

    private boolean appliedAtRuntime(List<String> commands) {
        Optional<Setters.Refusal> refusal = Setters.run(runtime, commands);
        refusal.ifPresent(r -> LOG.info("service discovery: " + r.command() + " refused (" + r.reason()
                + "): reloading instead"));
        return refusal.isEmpty();
    }
}
