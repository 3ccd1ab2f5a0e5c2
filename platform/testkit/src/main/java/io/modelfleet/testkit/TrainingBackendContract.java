package io.modelfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingStatus;

/**
 * The contract every {@link TrainingBackend} keeps towards runs it does not know, which the platform meets after a
 * restart or when a run's job was removed; a backend's test class extends it. What it checks:
 * <ul>
 * <li>the descriptor names the configured instance (non-blank id and display name);</li>
 * <li>the status of a handle the backend cannot find is FAILED with a message that says so ({@code status});</li>
 * <li>cancelling an unknown run does nothing: no exception ({@code cancel}).</li>
 * </ul>
 */
public abstract class TrainingBackendContract {

    /** The backend, configured and ready (called once per test, after the test class's own set-up). */
    protected abstract TrainingBackend contractBackend() throws Exception;

    /** A handle of the form the backend's {@code submit} returns, naming no run it has. */
    protected abstract String unknownHandle();

    @Test
    void contractTheDescriptorNamesTheInstance() throws Exception {
        TrainingBackend backend = contractBackend();
        assertFalse(backend.descriptor().id().isBlank(), "descriptor id");
        assertFalse(backend.descriptor().displayName().isBlank(), "descriptor displayName");
    }

    @Test
    void contractAnUnknownRunIsFailedSayingSo() throws Exception {
        TrainingStatus status = contractBackend().status(unknownHandle());
        assertNotNull(status);
        assertEquals(TrainingPhase.FAILED, status.phase(), status.toString());
        assertNotNull(status.message(), "no message");
        assertFalse(status.message().isBlank(), "the message is blank");
    }

    @Test
    void contractCancellingAnUnknownRunDoesNothing() throws Exception {
        contractBackend().cancel(unknownHandle());
    }
}
