package io.modelfleet.shell.internal;

import java.util.List;
import java.util.function.Function;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingService;
import io.modelfleet.api.stream.StreamService;

@Service
@Command(scope = "fleet", name = "retraining-list", description = "Lists retrainings, newest first: what started "
        + "them, where they stand and the model version they replace with which")
public class RetrainingListCommand extends FleetAction {
    static final int DEFAULT_LIMIT = 50;
    private static final int TRIGGER_WIDTH = 40;
    private static final int MESSAGE_WIDTH = 60;

    @Reference
    RetrainingService retrainings;

    @Reference
    StreamService streams;

    @Reference
    ModelRegistry models;

    @Option(name = "--stream", description = "only this stream's (name or id)")
    @Completion(StreamCompleter.class)
    String stream;

    @Option(name = "--limit", description = "at most this many (1..1000, default " + DEFAULT_LIMIT + ")")
    String limit;

    @Override
    void run() {
        Integer max = Parse.integer("--limit", limit);
        Long streamId = stream == null ? null : StreamLookup.find(streams, stream).id();
        List<Retraining> found = retrainings.list(streamId, max == null ? DEFAULT_LIMIT : max);
        Function<Long, String> names = RetrainingText.modelNames(models);
        ShellTable table = new ShellTable().emptyTableText("no retrainings");
        table.column("ID").alignRight();
        table.column("STREAM");
        table.column("STATE");
        table.column("TRIGGER").maxSize(TRIGGER_WIDTH);
        table.column("MODEL");
        table.column("STARTED");
        table.column("MESSAGE").maxSize(MESSAGE_WIDTH);
        for (Retraining retraining : found) {
            table.addRow().addContent(retraining.id(), retraining.streamName(), retraining.state(),
                    Format.text(retraining.trigger()), RetrainingText.models(retraining, names),
                    Format.instant(retraining.createdAt()), Format.text(retraining.message()));
        }
        table.print(System.out);
        System.out.println(found.size() + " retrainings");
    }
}
