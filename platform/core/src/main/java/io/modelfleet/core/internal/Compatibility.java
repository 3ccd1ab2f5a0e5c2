package io.modelfleet.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.persistence.RolloutCandidate;

/**
 * Whether an edge can run a model version, judged before anything is downloaded from what the edge reported about
 * itself. The model states its needs in metadata given at upload: {@value #ARCH} (comma-separated, e.g.
 * {@code x86_64,aarch64}), {@value #MEMORY} (bytes), {@value #ACCELERATOR} (a word its GPU description must
 * contain, e.g. {@code cuda}; {@code any} for any GPU), {@value #AGENT_VERSION} (lowest agent version). Every edge
 * needs a runtime for the model's format once it reported its runtimes ({@code format:runtime}, as agents report
 * them, or a bare format). What an edge did not report is not held against it.
 */
final class Compatibility {
    static final String ARCH = "requires.arch";
    static final String MEMORY = "requires.memoryBytes";
    static final String ACCELERATOR = "requires.accelerator";
    static final String AGENT_VERSION = "requires.agentVersion";

    private Compatibility() {
    }

    /** Refuses malformed requirements when the rollout is planned, not edge by edge later. */
    static void checkRequirements(ModelVersion version) {
        String memory = version.metadata().get(MEMORY);
        if (memory != null) {
            try {
                if (Long.parseLong(memory.strip()) < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new InvalidInputException("model " + version.reference() + " has metadata " + MEMORY + "='"
                        + memory + "'; it must be a number of bytes");
            }
        }
    }

    /** Why the edge cannot run the version, or empty when nothing stands against it. */
    static Optional<String> problem(RolloutCandidate edge, ModelVersion version) {
        List<String> problems = new ArrayList<>();
        Map<String, String> needs = version.metadata();
        List<String> formats = edge.runtimes().stream()
                .map(runtime -> runtime.contains(":") ? runtime.substring(0, runtime.indexOf(':')) : runtime).toList();
        if (!formats.isEmpty() && !formats.contains(version.format())) {
            problems.add("no runtime for format " + version.format() + " (the edge has " + String.join(", ", edge.runtimes()) + ")");
        }
        String arch = needs.get(ARCH);
        if (arch != null && edge.arch() != null) {
            List<String> allowed = Arrays.stream(arch.split(",")).map(a -> normalizeArch(a.strip())).toList();
            if (!allowed.contains(normalizeArch(edge.arch()))) {
                problems.add("needs architecture " + arch + ", the edge is " + edge.arch());
            }
        }
        String memory = needs.get(MEMORY);
        if (memory != null && edge.memoryBytes() != null && edge.memoryBytes() < Long.parseLong(memory.strip())) {
            problems.add("needs " + mib(Long.parseLong(memory.strip())) + " of memory, the edge has " + mib(edge.memoryBytes()));
        }
        String accelerator = needs.get(ACCELERATOR);
        if (accelerator != null && !accelerator.isBlank()) {
            String gpu = edge.gpu() == null ? "" : edge.gpu().toLowerCase(Locale.ROOT);
            boolean any = accelerator.strip().equalsIgnoreCase("any");
            if (gpu.isBlank() || !any && !gpu.contains(accelerator.strip().toLowerCase(Locale.ROOT))) {
                problems.add("needs a " + accelerator.strip() + " accelerator, the edge reports "
                        + (gpu.isBlank() ? "none" : edge.gpu()));
            }
        }
        String agentVersion = needs.get(AGENT_VERSION);
        if (agentVersion != null && edge.agentVersion() != null
                && compareVersions(edge.agentVersion(), agentVersion.strip()) < 0) {
            problems.add("needs agent " + agentVersion.strip() + " or newer, the edge runs " + edge.agentVersion());
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * Why an edge cannot take an agent release: agent releases go to agents that pull their desired state from
     * the platform (target {@value io.modelfleet.api.edge.Edge#DEFAULT_TARGET}); workloads of other targets are
     * updated with their image or repository. An edge that runs the release already is left out too.
     */
    static Optional<String> agentProblem(RolloutCandidate edge, io.modelfleet.api.agent.AgentRelease release) {
        if (!io.modelfleet.api.edge.Edge.DEFAULT_TARGET.equals(edge.target())) {
            return Optional.of("reached through target " + edge.target() + ", whose agents are not updated by agent "
                    + "releases (only agents that pull from the server, target " + io.modelfleet.api.edge.Edge.DEFAULT_TARGET + ")");
        }
        if (release.version().equals(edge.agentVersion())) {
            return Optional.of("runs agent " + release.version() + " already");
        }
        return Optional.empty();
    }

    private static String normalizeArch(String arch) {
        String lower = arch.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "amd64", "x64", "x86-64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> lower;
        };
    }

    private static String mib(long bytes) {
        return (bytes / (1024 * 1024)) + " MiB";
    }

    /** Numeric dotted versions; a qualifier ({@code -SNAPSHOT}) is ignored. */
    static int compareVersions(String a, String b) {
        String[] left = a.split("[-+]")[0].split("\\.");
        String[] right = b.split("[-+]")[0].split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int l = i < left.length ? number(left[i]) : 0;
            int r = i < right.length ? number(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return 0;
    }

    private static int number(String part) {
        try {
            return Integer.parseInt(part.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
