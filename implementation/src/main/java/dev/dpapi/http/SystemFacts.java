package dev.dpapi.http;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Host facts for /v2/info, read from /proc like the official server reads them from the kernel. */
final class SystemFacts {

    private SystemFacts() {
    }

    static Models.SystemInfo read() {
        return new Models.SystemInfo(
                hostname(),
                new Models.CpuInfo(procField("/proc/cpuinfo", "model name").orElse(""),
                        Runtime.getRuntime().availableProcessors()),
                new Models.MemInfo(kiloBytes("/proc/meminfo", "MemTotal"), kiloBytes("/proc/meminfo", "MemAvailable"),
                        kiloBytes("/proc/self/status", "VmRSS")),
                String.join(" ", file("/proc/sys/kernel/ostype"), file("/proc/sys/kernel/osrelease"),
                        file("/proc/sys/kernel/version")),
                uptimeSeconds(),
                System.currentTimeMillis() / 1000);
    }

    private static Long uptimeSeconds() {
        String uptime = file("/proc/uptime");
        return uptime.isEmpty() ? null : (long) Double.parseDouble(uptime.split(" ")[0]);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return file("/proc/sys/kernel/hostname");
        }
    }

    private static Long kiloBytes(String file, String field) {
        return procField(file, field).map(v -> Long.parseLong(v.replace("kB", "").strip()) * 1024).orElse(null);
    }

    private static Optional<String> procField(String file, String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(field)).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String file(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
