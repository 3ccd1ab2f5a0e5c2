package io.modelfleet.api.edge;

import static io.modelfleet.api.Validation.optional;

/** Periodic liveness report from an agent. */
public record Heartbeat(DeviceInfo device, String modelVersion, InferenceStatus inferenceStatus) {
    public Heartbeat {
        optional("modelVersion", modelVersion, 64);
        inferenceStatus = inferenceStatus == null ? InferenceStatus.NO_MODEL : inferenceStatus;
    }
}
