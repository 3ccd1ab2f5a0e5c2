package io.modelfleet.agent.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.modelfleet.api.edge.DeviceInfo;

/** What the agent can tell about its device without extra privileges: JVM properties and /proc on Linux. */
final class DeviceProbe {
    private DeviceProbe() {
    }

    static DeviceInfo probe(String agentVersion, List<String> runtimes) {
        return new DeviceInfo(clip(hostname()), clip(System.getProperty("os.name")), clip(System.getProperty("os.version")),
                clip(System.getProperty("os.arch")), clip(cpuModel().orElse(null)),
                Runtime.getRuntime().availableProcessors(), memoryBytes().orElse(null), clip(gpu().orElse(null)),
                agentVersion, runtimes);
    }

    private static String clip(String value) {
        return value == null || value.length() <= DeviceInfo.MAX_TEXT ? value : value.substring(0, DeviceInfo.MAX_TEXT);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv("HOSTNAME");
        }
    }

    private static Optional<String> cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name");
    }

    /** MemTotal from /proc/meminfo, in bytes. */
    static Optional<Long> memoryBytes() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal").map(v -> v.replace("kB", "").trim())
                .map(kb -> Long.parseLong(kb) * 1024);
    }

    /** NVIDIA's driver lists each GPU under /proc/driver/nvidia/gpus with a "Model:" line. */
    private static Optional<String> gpu() {
        Path gpus = Path.of("/proc/driver/nvidia/gpus");
        if (!Files.isDirectory(gpus)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(gpus)) {
            List<String> models = dirs.map(d -> firstValue(d.resolve("information"), "Model")).flatMap(Optional::stream)
                    .toList();
            return models.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", models));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstValue(Path file, String key) {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
