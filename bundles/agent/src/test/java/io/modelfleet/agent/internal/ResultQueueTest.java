package io.modelfleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultQueueTest {
    private static final long BOUND = 4L * ResultQueue.SEGMENT_BYTES;

    @TempDir
    Path dir;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> payloads(List<ResultQueue.Entry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void keepsEverythingUntilAcknowledgedAcrossRestarts() throws Exception {
        try (ResultQueue queue = new ResultQueue(dir, BOUND)) {
            for (int i = 1; i <= 5; i++) {
                assertEquals(i, queue.append(text("r" + i)));
            }
            assertEquals(List.of("r1", "r2", "r3"), payloads(queue.peek(3, 1 << 20)));
            queue.acknowledge(2);
            assertEquals(3, queue.pending());
        }
        try (ResultQueue reopened = new ResultQueue(dir, BOUND)) {
            List<ResultQueue.Entry> rest = reopened.peek(100, 1 << 20);
            assertEquals(List.of("r3", "r4", "r5"), payloads(rest));
            assertEquals(3, rest.get(0).seq());
            assertEquals(6, reopened.append(text("r6")), "numbering continues, never reuses a sequence number");
            reopened.acknowledge(6);
            assertEquals(0, reopened.pending());
            assertEquals(List.of(), reopened.peek(100, 1 << 20));
        }
        try (ResultQueue again = new ResultQueue(dir, BOUND)) {
            assertEquals(7, again.append(text("r7")), "even after everything was acknowledged and deleted");
        }
    }

    @Test
    void cutsOffARecordTornByACrash() throws Exception {
        try (ResultQueue queue = new ResultQueue(dir, BOUND)) {
            queue.append(text("whole"));
            queue.append(text("torn-record"));
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        long size = Files.size(segment);
        try (var channel = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 3);
        }
        try (ResultQueue queue = new ResultQueue(dir, BOUND)) {
            assertEquals(List.of("whole"), payloads(queue.peek(10, 1 << 20)));
            assertEquals(2, queue.append(text("after")), "the torn record's number is used again: it never left");
            assertEquals(List.of("whole", "after"), payloads(queue.peek(10, 1 << 20)));
        }
    }

    @Test
    void dropsTheOldestPastTheBoundAndCountsWhatWasLost() throws Exception {
        byte[] payload = new byte[100_000];
        long appended = 0;
        try (ResultQueue queue = new ResultQueue(dir, 2L * ResultQueue.SEGMENT_BYTES)) {
            for (int i = 0; i < 60; i++) {
                queue.append(payload);
                appended++;
            }
            assertTrue(queue.bytes() <= 2L * ResultQueue.SEGMENT_BYTES);
            assertTrue(queue.dropped() > 0);
            List<ResultQueue.Entry> left = queue.peek(1000, Long.MAX_VALUE);
            assertEquals(appended, left.size() + queue.dropped(), "every result is either queued or counted as dropped");
            assertEquals(appended, left.get(left.size() - 1).seq(), "the newest are kept");
            assertEquals(left.size(), queue.pending(), "dropped results are no longer pending");
        }
        try (ResultQueue reopened = new ResultQueue(dir, 2L * ResultQueue.SEGMENT_BYTES)) {
            assertTrue(reopened.dropped() > 0, "the dropped count survives a restart");
            assertEquals(appended - reopened.dropped(), reopened.pending(), "and so does what is pending");
        }
    }

    @Test
    void batchesRespectTheByteLimit() throws Exception {
        try (ResultQueue queue = new ResultQueue(dir, BOUND)) {
            for (int i = 0; i < 10; i++) {
                queue.append(new byte[1000]);
            }
            assertEquals(3, queue.peek(100, 3500).size());
            assertEquals(1, queue.peek(100, 10).size(), "one oversized entry still goes alone");
        }
    }
}
