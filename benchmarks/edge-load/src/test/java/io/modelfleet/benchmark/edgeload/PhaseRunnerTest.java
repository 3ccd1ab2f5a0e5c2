package io.modelfleet.benchmark.edgeload;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhaseRunnerTest {

    @Test
    void runsEveryTaskOnceOnAtMostConcurrencyThreads() throws Exception {
        int count = 1000;
        AtomicIntegerArray runs = new AtomicIntegerArray(count);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        PhaseResult phase = new PhaseResult("test", "results");
        PhaseRunner.run(phase, count, i -> r -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            runs.incrementAndGet(i);
            r.items.incrementAndGet();
            inFlight.decrementAndGet();
        }, 4);
        for (int i = 0; i < count; i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
        assertEquals(count, phase.requests.get());
        assertEquals(count, phase.items.get());
        assertEquals(0, phase.errors.get());
        assertTrue(threads.size() <= 4, "threads: " + threads);
        assertTrue(maxInFlight.get() <= 4, "in flight: " + maxInFlight.get());
        assertTrue(phase.elapsedNanos > 0);
    }

    @Test
    void exceptionsCountAsErrorsAndKeepSamples() throws Exception {
        PhaseResult phase = new PhaseResult("test", null);
        PhaseRunner.run(phase, 10, i -> r -> {
            if (i % 2 == 0) {
                throw new IllegalStateException("boom " + i);
            }
        }, 3);
        assertEquals(10, phase.requests.get());
        assertEquals(5, phase.errors.get());
        assertEquals(PhaseResult.MAX_ERROR_SAMPLES, phase.errorSamples().size());
        assertTrue(phase.errorSamples().get(0).contains("boom"));
    }

    @Test
    void zeroTasksIsAnEmptyPhase() throws Exception {
        PhaseResult phase = new PhaseResult("test", null);
        PhaseRunner.run(phase, 0, i -> r -> { throw new AssertionError("no task expected"); }, 8);
        assertEquals(0, phase.requests.get());
        assertEquals(0, phase.errors.get());
    }
}
