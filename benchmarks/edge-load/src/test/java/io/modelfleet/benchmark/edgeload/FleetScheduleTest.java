package io.modelfleet.benchmark.edgeload;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void firstEventsAreSpreadEvenlyOverOnePeriod() {
        int edges = 1000;
        FleetSchedule s = new FleetSchedule(edges, new long[]{60 * SECOND, 60 * SECOND, 30 * SECOND}, 0.2);
        for (int kind = 0; kind < FleetSchedule.KINDS; kind++) {
            long period = s.periodNanos(kind);
            int[] perTenth = new int[10];
            Set<Long> offsets = new TreeSet<>();
            for (int e = 0; e < edges; e++) {
                long offset = s.firstOffsetNanos(e, kind);
                assertTrue(offset >= 0 && offset < period, "offset " + offset);
                perTenth[(int) (offset * 10 / period)]++;
                offsets.add(offset);
            }
            assertEquals(edges, offsets.size(), "no two edges start together");
            for (int count : perTenth) {
                // a tenth of the edges in every tenth of the period (one more or less where a boundary rounds)
                assertTrue(Math.abs(count - edges / 10) <= 1, "edges in a tenth of the period: " + count);
            }
        }
        // one edge's heartbeat and poll are half a period apart, not at the same moment
        assertEquals(30 * SECOND, Math.abs(s.firstOffsetNanos(0, FleetSchedule.POLL) - s.firstOffsetNanos(0, FleetSchedule.HEARTBEAT)));
    }

    @Test
    void intervalsStayWithinTheJitterAndAverageThePeriod() {
        long period = 60 * SECOND;
        FleetSchedule s = new FleetSchedule(10, new long[]{period, 0, 0}, 0.2);
        Random rnd = new Random(42);
        double sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            long interval = s.intervalNanos(FleetSchedule.HEARTBEAT, rnd);
            assertTrue(interval >= 48 * SECOND && interval <= 72 * SECOND, "interval " + interval);
            min = Math.min(min, interval);
            max = Math.max(max, interval);
            sum += interval;
        }
        assertEquals(period, sum / n, period * 0.005, "mean interval");
        assertTrue(min < 48.5 * SECOND && max > 71.5 * SECOND, "the jitter is used: " + min + ".." + max);
        FleetSchedule none = new FleetSchedule(10, new long[]{period, 0, 0}, 0);
        assertEquals(period, none.intervalNanos(FleetSchedule.HEARTBEAT, rnd));
    }

    @Test
    void disabledKindsAndBadArguments() {
        FleetSchedule s = new FleetSchedule(3, new long[]{SECOND, 0, 0}, 0.1);
        assertTrue(s.enabled(FleetSchedule.HEARTBEAT));
        assertFalse(s.enabled(FleetSchedule.POLL));
        assertThrows(IllegalStateException.class, () -> s.firstOffsetNanos(0, FleetSchedule.RESULTS));
        assertThrows(IllegalArgumentException.class, () -> new FleetSchedule(0, new long[]{SECOND, 0, 0}, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new FleetSchedule(1, new long[]{SECOND, 0, 0}, 1.0));
    }

    /** Every event due before the end is handled exactly once, chains are gap-free, and on schedule. */
    @Test
    void schedulerHandlesEveryDueEventOnceWithoutAThreadPerEdge() throws Exception {
        int edges = 200;
        long period = 200_000_000L; // 0.2 s
        FleetSchedule s = new FleetSchedule(edges, new long[]{period, period, 2 * period}, 0.2);
        FleetScheduler scheduler = new FleetScheduler(s);
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        Map<String, List<Long>> dues = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        long start = System.nanoTime() + 50_000_000L;
        long end = start + 1_500_000_000L;
        scheduler.seed(start);
        FleetScheduler.Outcome outcome = scheduler.run(4, end, (e, startNanos) -> {
            threads.add(Thread.currentThread().getName());
            assertTrue(startNanos >= e.due, "never early");
            String key = e.kind + ":" + e.edge;
            synchronized (seen) {
                seen.computeIfAbsent(key, k -> new ArrayList<>()).add(e.number);
                dues.computeIfAbsent(key, k -> new ArrayList<>()).add(e.due);
            }
        });
        assertEquals(0, outcome.failures(), outcome.failureSamples().toString());
        assertTrue(threads.size() <= 4, threads.toString());
        // exactly one next event per chain is left in the queue, numbered right after the last one handled
        Map<String, FleetScheduler.Event> next = new HashMap<>();
        for (FleetScheduler.Event e : scheduler.pending()) {
            assertEquals(null, next.put(e.kind + ":" + e.edge, e), "one pending event per chain");
        }
        assertEquals(FleetSchedule.KINDS * edges, next.size());
        long handled = 0;
        long backlog = 0;
        for (int kind = 0; kind < FleetSchedule.KINDS; kind++) {
            long p = s.periodNanos(kind);
            for (int edge = 0; edge < edges; edge++) {
                String key = kind + ":" + edge;
                List<Long> numbers = new ArrayList<>(seen.getOrDefault(key, List.of()));
                List<Long> due = new ArrayList<>(dues.getOrDefault(key, List.of()));
                numbers.sort(null);
                due.sort(null);
                // numbers 0, 1, 2, ...: nothing lost, nothing twice
                for (int i = 0; i < numbers.size(); i++) {
                    assertEquals(i, numbers.get(i), key + ": " + numbers);
                }
                FleetScheduler.Event pending = next.get(key);
                assertEquals(numbers.size(), pending.number, key);
                due.add(pending.due);
                assertEquals(start + s.firstOffsetNanos(edge, kind), due.get(0), key);
                for (int i = 1; i < due.size(); i++) {
                    long gap = due.get(i) - due.get(i - 1);
                    assertTrue(gap >= p * 0.8 - 1 && gap <= p * 1.2 + 1, key + ": interval " + gap);
                }
                for (int i = 0; i < due.size() - 1; i++) {
                    assertTrue(due.get(i) < end, key + ": handled an event due after the end");
                }
                if (pending.due < end) {
                    backlog++; // due, but no worker took it before the end (a very busy machine)
                }
                handled += numbers.size();
            }
        }
        assertEquals(handled, outcome.handled());
        assertEquals(backlog, outcome.backlog());
        assertTrue(handled > 3 * edges * 5, "about 7 heartbeats, 7 polls and 3 result batches per edge: " + handled);
    }

    @Test
    void aPollPulledForwardSupersedesTheScheduledOne() throws Exception {
        long period = 400_000_000L;
        FleetSchedule s = new FleetSchedule(1, new long[]{period, period, 0}, 0);
        FleetScheduler scheduler = new FleetScheduler(s);
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger heartbeats = new AtomicInteger();
        long start = System.nanoTime();
        scheduler.seed(start); // heartbeat at 0, poll at 0.2 s, period 0.4 s
        FleetScheduler.Outcome outcome = scheduler.run(2, start + 1_000_000_000L, (e, startNanos) -> {
            events.add(FleetSchedule.KIND_NAMES[e.kind] + "@" + Math.round((e.due - start) / 1e8));
            if (e.kind == FleetSchedule.HEARTBEAT && heartbeats.getAndIncrement() == 0) {
                scheduler.pollNow(e.edge); // the first heartbeat reports a new ETag
            }
        });
        // heartbeats at 0, 4, 8 (tenths of a second); the poll due at 2 was replaced by one at ~0, followed by 4, 8
        assertEquals(1, outcome.superseded(), events.toString());
        assertEquals(3, events.stream().filter(x -> x.startsWith("heartbeat")).count(), events.toString());
        assertEquals(List.of("desired-state@0", "desired-state@4", "desired-state@8"),
                events.stream().filter(x -> x.startsWith("desired")).toList());
        assertEquals(0, outcome.backlog());
    }

    @Test
    void eventsNotTakenBeforeTheEndAreReportedAsBacklog() throws Exception {
        // one worker, handlers that take 50 ms, 20 edges due within 0.1 s: most are still waiting at the end
        FleetSchedule s = new FleetSchedule(20, new long[]{100_000_000L, 0, 0}, 0);
        FleetScheduler scheduler = new FleetScheduler(s);
        long start = System.nanoTime();
        scheduler.seed(start);
        Map<Integer, Integer> handled = new HashMap<>();
        FleetScheduler.Outcome outcome = scheduler.run(1, start + 200_000_000L, (e, startNanos) -> {
            handled.merge(e.edge, 1, Integer::sum);
            Thread.sleep(50);
        });
        assertTrue(outcome.handled() <= 5, "handled " + outcome.handled());
        assertTrue(outcome.backlog() >= 15, "backlog " + outcome.backlog());
    }
}
