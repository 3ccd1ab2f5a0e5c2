package io.modelfleet.benchmark.edgeload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's memory and CPU from outside: VmRSS and VmHWM from {@code /proc/<pid>/status}, user + system CPU from
 * {@code /proc/<pid>/stat}, and, for a JVM, the heap from {@code jcmd <pid> GC.heap_info} (the server's
 * {@code /metrics} has no JVM gauges). jcmd must run as the server's user; without it the heap is left out (-1).
 */
final class ServerMemory {

    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux x86-64 and arm64). */
    static final long CLOCK_TICKS = 100;

    /** Sizes in KiB, -1 when unknown. */
    record Sample(Instant at, String label, long rssKiB, long hwmKiB, long heapUsedKiB, long heapCommittedKiB,
                  long metaspaceUsedKiB) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", at.toString());
            m.put("label", label);
            m.put("rssMiB", mib(rssKiB));
            m.put("hwmMiB", mib(hwmKiB));
            m.put("heapUsedMiB", mib(heapUsedKiB));
            m.put("heapCommittedMiB", mib(heapCommittedKiB));
            m.put("metaspaceUsedMiB", mib(metaspaceUsedKiB));
            return m;
        }
    }

    static Double mib(long kib) {
        return kib < 0 ? null : Math.round(kib / 1024.0 * 10) / 10.0;
    }

    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");

    private ServerMemory() {
    }

    static Sample sample(long pid, String label) {
        Map<String, Long> status = status(pid);
        long[] heap = heap(jcmd(pid));
        return new Sample(Instant.now(), label, status.getOrDefault("VmRSS", -1L), status.getOrDefault("VmHWM", -1L),
                heap[0], heap[1], heap[2]);
    }

    /** VmRSS, VmHWM, ... in KiB; empty when the process is not readable. */
    static Map<String, Long> status(long pid) {
        Map<String, Long> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + (pid <= 0 ? "self" : Long.toString(pid)), "status"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.endsWith(" kB")) {
                    String value = line.substring(colon + 1, line.length() - 3).trim();
                    try {
                        m.put(line.substring(0, colon), Long.parseLong(value));
                    } catch (NumberFormatException ignored) {
                        // not a size
                    }
                }
            }
        } catch (IOException e) {
            // gone or not ours
        }
        return m;
    }

    /** User + system CPU time of the process in nanoseconds, -1 when unreadable. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
            return ticks * (1_000_000_000L / CLOCK_TICKS);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String jcmd(long pid) {
        try {
            Path javaHome = Path.of(System.getProperty("java.home"));
            Path candidate = javaHome.resolve("bin").resolve("jcmd");
            String exe = Files.isExecutable(candidate) ? candidate.toString() : "jcmd";
            Process p = new ProcessBuilder(exe, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * {used, committed, metaspace used} in KiB from GC.heap_info: the sum of the "total NK, used NK" lines (one for
     * G1, young + old for Parallel/Serial), -1 when none.
     */
    static long[] heap(String heapInfo) {
        long used = 0;
        long total = 0;
        boolean found = false;
        long metaspace = -1;
        for (String line : heapInfo.split("\n")) {
            Matcher ms = METASPACE.matcher(line);
            if (ms.find()) {
                metaspace = Long.parseLong(ms.group(1));
                continue;
            }
            if (line.contains("class space")) {
                continue;
            }
            Matcher m = HEAP.matcher(line);
            if (m.find()) {
                total += Long.parseLong(m.group(1));
                used += Long.parseLong(m.group(2));
                found = true;
            }
        }
        return found ? new long[]{used, total, metaspace} : new long[]{-1, -1, metaspace};
    }
}
