package dev.dpapi;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * {@code uid} / {@code gid}: the process gives up root for that user and group at start, before it opens a log,
 * a socket or a file, as the official's {@code setuid}/{@code setgid} do. Here the supplementary groups are dropped
 * and the group is set before the user (the official sets the user first, after which its {@code setgid} fails).
 *
 * <p>The libc calls go through the Java runtime's foreign function interface (final from Java 22; the bundled
 * runtime has it), reached by reflection since the build targets Java 21. glibc applies them to every thread.
 */
final class Privileges {

    private Privileges() {
    }

    /** Switches to {@code gid} and {@code uid} (0: unchanged); the reason when that cannot be done. */
    static Optional<String> switchTo(int uid, int gid) {
        if (uid == 0 && gid == 0) {
            return Optional.empty();
        }
        long euid = Long.parseLong(statusField("Uid").split("\\s+")[1]);
        long egid = Long.parseLong(statusField("Gid").split("\\s+")[1]);
        if ((uid == 0 || uid == euid) && (gid == 0 || gid == egid)) {
            return Optional.empty(); // already switched: a restart (SIGHUP) with the same uid and gid
        }
        if (euid != 0) {
            return Optional.of("uid/gid: only root can switch to " + (uid != 0 ? "uid " + uid : "gid " + gid)
                    + " (this process runs as uid " + euid + ")");
        }
        try {
            Libc libc = new Libc();
            if (gid != 0) {
                check(libc.call("setgroups", new Class<?>[] {long.class, null}, 0L, libc.nullAddress()), "setgroups(0)");
                check(libc.call("setgid", new Class<?>[] {int.class}, gid), "setgid(" + gid + ")");
            }
            if (uid != 0) {
                check(libc.call("setuid", new Class<?>[] {int.class}, uid), "setuid(" + uid + ")");
            }
        } catch (Throwable e) {
            Throwable cause = e instanceof InvocationTargetException t && t.getCause() != null ? t.getCause() : e;
            return Optional.of("uid/gid: cannot switch users: " + cause);
        }
        return Optional.empty();
    }

    private static void check(int result, String call) {
        if (result != 0) {
            throw new IllegalStateException(call + " failed");
        }
    }

    /** A line of /proc/self/status ({@code Uid}: real, effective, saved, file system). */
    static String statusField(String name) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith(name + ":")).findFirst().orElseThrow()
                    .substring(name.length() + 1).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Calls libc functions taking ints, longs or a pointer and returning an int, through java.lang.foreign. */
    private static final class Libc {
        private final Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        private final Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
        private final Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        private final Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
        private final Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
        private final Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
        private final Object linker = linkerType.getMethod("nativeLinker").invoke(null);

        Libc() throws ReflectiveOperationException {
        }

        Object nullAddress() throws ReflectiveOperationException {
            return segmentType.getField("NULL").get(null);
        }

        /** {@code types}: int.class, long.class, or null for a pointer. */
        int call(String function, Class<?>[] types, Object... args) throws Throwable {
            Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol = (Optional<?>) Class.forName("java.lang.foreign.SymbolLookup")
                    .getMethod("find", String.class).invoke(lookup, function);
            Object arguments = Array.newInstance(layoutType, types.length);
            for (int i = 0; i < types.length; i++) {
                String layout = types[i] == int.class ? "JAVA_INT" : types[i] == long.class ? "JAVA_LONG" : "ADDRESS";
                Array.set(arguments, i, valueLayoutType.getField(layout).get(null));
            }
            Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass())
                    .invoke(null, valueLayoutType.getField("JAVA_INT").get(null), arguments);
            Object noOptions = Array.newInstance(optionType, 0);
            MethodHandle handle = (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType,
                    noOptions.getClass()).invoke(linker, symbol.orElseThrow(() -> new IllegalStateException(
                    "libc has no " + function)), descriptor, noOptions);
            return (int) handle.invokeWithArguments(args);
        }
    }
}
