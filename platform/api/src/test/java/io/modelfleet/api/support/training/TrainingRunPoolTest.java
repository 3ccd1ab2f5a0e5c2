package io.modelfleet.api.support.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingStatus;

class TrainingRunPoolTest {
    private TrainingRunPool pool;

    @AfterEach
    void stop() throws InterruptedException {
        if (pool != null) {
            pool.shutdown();
        }
    }

    private static TrainingStatus await(TrainingRunPool pool, String handle, TrainingPhase phase) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        TrainingStatus status = pool.status(handle, "unknown");
        while (status.phase() != phase && System.nanoTime() < deadline) {
            Thread.sleep(10);
            status = pool.status(handle, "unknown");
        }
        assertEquals(phase, status.phase(), status.toString());
        return status;
    }

    @Test
    void aRunGoesFromQueuedThroughProgressToItsEnd() throws Exception {
        pool = new TrainingRunPool("test-training", 1, 1, 10);
        CountDownLatch release = new CountDownLatch(1);
        TrainingRun run = pool.submit("h1", "queued", r -> {
            r.start();
            r.progress(1.5, "most of it");
            awaitQuietly(release);
            r.end(TrainingPhase.SUCCEEDED, "trained");
        });

        TrainingStatus running = await(pool, "h1", TrainingPhase.RUNNING);
        assertEquals(1.0, running.progress(), "progress is clamped to [0, 1]");
        assertEquals("most of it", running.message());
        release.countDown();
        assertEquals("trained", await(pool, "h1", TrainingPhase.SUCCEEDED).message());
        assertTrue(run.finishedAt() != null);
        assertTrue(pool.logs("h1", 10).endsWith(" queued\n"), pool.logs("h1", 10));
    }

    @Test
    void anUnknownHandleFailsWithTheBackendsReasonAndHasNoLog() {
        pool = new TrainingRunPool("test-training", 1, 0, 10);
        TrainingStatus status = pool.status("gone", "the server restarted");
        assertEquals(new TrainingStatus(TrainingPhase.FAILED, 0, "the server restarted"), status);
        assertEquals("", pool.logs("gone", 10));
        pool.cancel("gone");
    }

    @Test
    void aFullPoolRefusesAndForgetsTheRun() throws Exception {
        pool = new TrainingRunPool("test-training", 1, 0, 10);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit("busy", "queued", r -> {
            r.start();
            awaitQuietly(release);
            r.end(TrainingPhase.SUCCEEDED, "trained");
        });
        await(pool, "busy", TrainingPhase.RUNNING);

        assertThrows(RejectedExecutionException.class, () -> pool.submit("refused", "queued", r -> { }));
        assertEquals(TrainingPhase.FAILED, pool.status("refused", "unknown").phase());
        assertEquals(0, pool.queued());
        release.countDown();
        await(pool, "busy", TrainingPhase.SUCCEEDED);
    }

    @Test
    void aQueuedRunCancelledEndsAtOnceAndARunningOneSeesIt() throws Exception {
        pool = new TrainingRunPool("test-training", 1, 1, 10);
        CountDownLatch started = new CountDownLatch(1);
        pool.submit("running", "queued", r -> {
            r.start();
            started.countDown();
            while (!r.cancelled()) {
                LockSupport.parkNanos(1_000_000);
            }
            r.endCancelled();
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        TrainingRun queued = pool.submit("queued", "queued", r -> r.end(TrainingPhase.SUCCEEDED, "trained"));
        assertEquals(1, pool.queued());

        pool.cancel("queued");
        assertEquals(new TrainingStatus(TrainingPhase.CANCELLED, 0, "cancelled before it started"), queued.status());
        pool.cancel("running");
        assertEquals("cancelled", await(pool, "running", TrainingPhase.CANCELLED).message());
        assertTrue(pool.logs("running", 1).endsWith(" cancelled\n"), pool.logs("running", 1));
    }

    @Test
    void shuttingDownWithAReasonFailsRunsWithItInsteadOfCancellingThem() throws Exception {
        pool = new TrainingRunPool("test-training", 1, 1, 10);
        CountDownLatch started = new CountDownLatch(1);
        TrainingRun running = pool.submit("running", "queued", r -> {
            r.start();
            started.countDown();
            while (!r.cancelled()) {
                LockSupport.parkNanos(1_000_000);
            }
            r.endCancelled();
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        TrainingRun queued = pool.submit("queued", "queued", r -> r.end(TrainingPhase.SUCCEEDED, "trained"));

        pool.shutdown("the server stopped");

        assertEquals(new TrainingStatus(TrainingPhase.FAILED, 0, "the server stopped"), queued.status());
        assertEquals(new TrainingStatus(TrainingPhase.FAILED, 0, "the server stopped"), running.status());
        assertEquals("the server stopped", running.abortReason());
    }

    @Test
    void theLogKeepsItsLastLinesAndSplitsMultiLineText() {
        TrainingRun run = new TrainingRun(3);
        run.log("one");
        run.log("two\nthree");
        run.log("four");

        String[] lines = run.tail(10).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].endsWith(" two"), lines[0]);
        assertEquals("three", lines[1], "a continuation line has no time stamp");
        assertTrue(lines[2].endsWith(" four"), lines[2]);
        assertEquals(1, run.tail(1).split("\n").length);
        assertFalse(run.cancelled());
    }

    @Test
    void limitsAreCheckedAsTheConfigurationNamesThem() {
        InvalidInputException workers = assertThrows(InvalidInputException.class,
                () -> new TrainingRunPool("t", 0, 0, 10));
        assertTrue(workers.getMessage().startsWith("workers "), workers.getMessage());
        InvalidInputException queued = assertThrows(InvalidInputException.class,
                () -> new TrainingRunPool("t", 1, -1, 10));
        assertTrue(queued.getMessage().startsWith("maxQueued "), queued.getMessage());
        InvalidInputException logLines = assertThrows(InvalidInputException.class,
                () -> new TrainingRunPool("t", 1, 0, 9));
        assertTrue(logLines.getMessage().startsWith("logLines "), logLines.getMessage());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
