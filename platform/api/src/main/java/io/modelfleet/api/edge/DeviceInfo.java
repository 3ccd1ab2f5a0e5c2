package io.modelfleet.api.edge;

import static io.modelfleet.api.Validation.optional;

import java.util.List;

import io.modelfleet.api.InvalidInputException;

/** Hardware and software facts an agent reports at enrollment and in heartbeats. Every field is optional. */
public record DeviceInfo(String hostname, String os, String osVersion, String arch, String cpu, Integer cores,
        Long memoryBytes, String gpu, String agentVersion, List<String> runtimes) {

    public static final int MAX_TEXT = 256;
    public static final int MAX_RUNTIMES = 16;
    public static final DeviceInfo UNKNOWN = new DeviceInfo(null, null, null, null, null, null, null, null, null, null);

    public DeviceInfo {
        optional("device.hostname", hostname, MAX_TEXT);
        optional("device.os", os, MAX_TEXT);
        optional("device.osVersion", osVersion, MAX_TEXT);
        optional("device.arch", arch, MAX_TEXT);
        optional("device.cpu", cpu, MAX_TEXT);
        optional("device.gpu", gpu, MAX_TEXT);
        optional("device.agentVersion", agentVersion, 64);
        if (cores != null && (cores < 1 || cores > 4096)) {
            throw new InvalidInputException("device.cores must be between 1 and 4096, was " + cores);
        }
        if (memoryBytes != null && memoryBytes < 0) {
            throw new InvalidInputException("device.memoryBytes must not be negative");
        }
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
        if (runtimes.size() > MAX_RUNTIMES) {
            throw new InvalidInputException("device.runtimes lists " + runtimes.size() + " entries; the limit is " + MAX_RUNTIMES);
        }
        for (String runtime : runtimes) {
            optional("device.runtimes[]", runtime, 64);
        }
    }
}
