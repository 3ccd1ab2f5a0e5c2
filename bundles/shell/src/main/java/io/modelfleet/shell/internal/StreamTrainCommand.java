package io.modelfleet.shell.internal;

import java.util.Map;
import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.TrainingRun;

@Service
@Command(scope = "fleet", name = "stream-train", description = "Queues a training run of a stream and shows its "
        + "progress until it ends (Ctrl-C stops watching; the run goes on)")
public class StreamTrainCommand extends FleetAction {
    private static final int BAR = 30;

    @Reference
    StreamService streams;

    @Argument(index = 0, name = "stream", description = "stream name or id", required = true)
    @Completion(StreamCompleter.class)
    String stream;

    @Option(name = "--no-wait", description = "queue the run and return")
    boolean noWait;

    @Override
    void run() throws Exception {
        Stream found = StreamLookup.find(streams, stream);
        TrainingRun run = streams.train(found.id(), actor());
        System.out.println("Run " + run.number() + " of " + found.name() + " queued (id " + run.id() + ") on "
                + run.backendId());
        if (noWait) {
            return;
        }
        String last = "";
        while (!run.state().finished()) {
            String line = progress(run);
            if (!line.equals(last)) {
                System.out.print("\r" + line);
                System.out.flush();
                last = line;
            }
            Thread.sleep(500);
            run = streams.run(run.id());
        }
        System.out.println("\r" + progress(run));
        System.out.println("Run " + run.number() + " " + run.state() + ": " + run.message());
        if (run.modelVersion() != null) {
            Map<String, Double> metrics = new TreeMap<>(run.metrics());
            System.out.println("Model " + found.name() + ":" + run.modelVersion() + " (id " + run.modelVersionId() + ")");
            metrics.entrySet().stream().filter(e -> !e.getKey().contains("."))
                    .forEach(e -> System.out.printf("  %-20s %.4f%n", e.getKey(), e.getValue()));
        }
    }

    static String progress(TrainingRun run) {
        int filled = (int) Math.round(run.progress() * BAR);
        String message = run.message() == null ? "" : run.message();
        if (message.length() > 50) {
            message = message.substring(0, 47) + "...";
        }
        return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + Math.round(run.progress() * 100) + "% "
                + run.state() + " " + String.format("%-50s", message);
    }
}
