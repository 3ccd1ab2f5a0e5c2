package io.modelfleet.benchmark.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.modelfleet.itests.harness.EdgeResultLoad;
import io.modelfleet.itests.harness.EdgeResultLoad.Step;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.Processes;

/**
 * Where the server starts shedding result batches, and whether its memory stays bounded under steady load.
 * <ol>
 * <li>Steps: {@code senders} edges each send batches of {@value EdgeResultLoad#BATCH} results back to back (closed loop) for
 * {@code stepSeconds}, at 2, 4, 8, ... senders: results stored per second, share of batches refused (429/503 with
 * Retry-After; a refused sender waits 100 ms and sends the same batch again), latency of accepted batches.</li>
 * <li>Soak: at 80 % of the first step that was refused, for {@code soakMinutes}: the server JVM's RSS and used heap
 * every 15 s.</li>
 * </ol>
 * Usage: {@code java -cp ... OverloadBenchmark [maxSenders] [stepSeconds] [soakMinutes]}; the server distribution and
 * MariaDB (as for the tests) must be there.
 */
public final class OverloadBenchmark {

    public static void main(String[] args) throws Exception {
        int maxSenders = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int stepSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int soakMinutes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path work = Path.of("target/overload-benchmark");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        try (FleetServer server = new FleetServer(Files.createDirectories(work), "mf_bench_overload_")) {
            server.start();
            List<String> edges = EdgeResultLoad.enroll(server, maxSenders);
            System.out.printf("%8s %12s %9s %9s %9s%n", "senders", "results/s", "refused", "p50 ms", "p99 ms");
            int firstShedding = -1;
            for (int senders = 2; senders <= maxSenders; senders *= 2) {
                Step step = EdgeResultLoad.run(server, edges.subList(0, senders), Duration.ofSeconds(stepSeconds), null);
                System.out.printf("%8d %12.0f %8.1f%% %9.1f %9.1f%n", senders, step.resultsPerSecond(),
                        step.refusedShare() * 100, step.p(0.5), step.p(0.99));
                if (firstShedding < 0 && step.refusedShare() > 0.01) {
                    firstShedding = senders;
                }
            }
            if (firstShedding < 0) {
                System.out.println("no shedding up to " + maxSenders + " senders");
                return;
            }
            int soakSenders = Math.max(1, (int) Math.round(firstShedding * 0.8));
            System.out.println("shedding from " + firstShedding + " senders; soak at " + soakSenders + " senders for "
                    + soakMinutes + " min");
            List<String> samples = Collections.synchronizedList(new ArrayList<>());
            Step soak = EdgeResultLoad.run(server, edges.subList(0, soakSenders), Duration.ofMinutes(soakMinutes), () -> {
                String sample = Instant.now() + " rss=" + rssMiB(server.pid()) + " MiB heapUsed=" + heapUsedMiB(server.pid())
                        + " MiB";
                samples.add(sample);
                System.out.println("  " + sample);
            });
            System.out.printf("soak: %.0f results/s, %.1f%% refused, p50 %.1f ms, p99 %.1f ms, %d samples%n",
                    soak.resultsPerSecond(), soak.refusedShare() * 100, soak.p(0.5), soak.p(0.99), samples.size());
        }
    }

    private static long rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Used heap from the JVM itself (jcmd GC.heap_info: "used NNNNK"). */
    private static long heapUsedMiB(long pid) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor();
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
            return used.find() ? Long.parseLong(used.group(1)) / 1024 : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }
}
