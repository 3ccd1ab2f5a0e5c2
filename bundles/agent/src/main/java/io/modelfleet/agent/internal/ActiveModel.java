package io.modelfleet.agent.internal;

import java.util.concurrent.atomic.AtomicInteger;

import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.spi.runtime.LoadedModel;

/**
 * A loaded model in service. Requests {@link #acquire()} it and release it when done; once retired it is closed by
 * whoever releases it last, so a swap never closes a session under a running request.
 */
final class ActiveModel {
    private final ModelManifest manifest;
    private final LoadedModel model;
    /** In-flight requests, plus one while the model is in service. */
    private final AtomicInteger references = new AtomicInteger(1);

    ActiveModel(ModelManifest manifest, LoadedModel model) {
        this.manifest = manifest;
        this.model = model;
    }

    ModelManifest manifest() {
        return manifest;
    }

    LoadedModel model() {
        return model;
    }

    /** @return false when the model was retired and closed meanwhile: the caller reads the slot again */
    boolean acquire() {
        while (true) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            model.close();
        }
    }

    /** Takes the model out of service; it closes when its last request finishes. */
    void retire() {
        release();
    }
}
