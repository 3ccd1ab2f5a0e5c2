package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.TrainingRun;

@Service
@Command(scope = "fleet", name = "run-list", description = "Lists training runs, newest first, with state, progress and the model they registered")
public class RunListCommand extends FleetAction {
    @Reference
    StreamService streams;

    @Argument(index = 0, name = "stream", description = "only this stream (name or id)")
    @Completion(StreamCompleter.class)
    String stream;

    @Option(name = "--state", description = "only runs in this state (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED)")
    String state;

    @Option(name = "--limit", description = "at most this many runs (1-1000)")
    int limit = 50;

    @Override
    void run() {
        Long streamId = stream == null ? null : StreamLookup.find(streams, stream).id();
        RunState filter = state == null ? null : Parse.enumValue("state", state, RunState.class);
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("STREAM");
        table.column("RUN").alignRight();
        table.column("TRIGGER");
        table.column("STATE");
        table.column("PROGRESS").alignRight();
        table.column("MODEL");
        table.column("HEADLINE");
        table.column("STARTED");
        table.column("MESSAGE").maxSize(60);
        int count = 0;
        for (TrainingRun run : streams.runs(streamId, filter, limit)) {
            String headline = run.metrics().entrySet().stream().filter(e -> !e.getKey().contains(".")).limit(2)
                    .map(e -> e.getKey() + "=" + String.format("%.3f", e.getValue()))
                    .reduce((a, b) -> a + " " + b).orElse("");
            table.addRow().addContent(run.id(), run.streamName(), run.number(), run.trigger(), run.state(),
                    Math.round(run.progress() * 100) + "%", run.modelVersion() == null ? "" : run.modelVersion(),
                    headline, Format.instant(run.startedAt()), run.message() == null ? "" : run.message());
            count++;
        }
        table.print(System.out);
        System.out.println(count + " runs");
    }
}
