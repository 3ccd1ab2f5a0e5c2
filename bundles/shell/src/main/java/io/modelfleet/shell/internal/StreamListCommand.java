package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;

@Service
@Command(scope = "fleet", name = "stream-list", description = "Lists streams with their solution, dataset version, status and schedule")
public class StreamListCommand extends FleetAction {
    @Reference
    StreamService streams;

    @Override
    void run() {
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("NAME");
        table.column("SOLUTION");
        table.column("DATASET");
        table.column("BACKEND");
        table.column("STATUS");
        table.column("TRAININGS").alignRight();
        table.column("SCHEDULE");
        table.column("NEXT");
        int count = 0;
        for (Stream stream : streams.list()) {
            table.addRow().addContent(stream.id(), stream.name(), stream.solutionId(),
                    stream.datasetName() + " v" + stream.datasetVersionNumber(), stream.backendId(), stream.status(),
                    stream.trainings(), stream.schedule() == null ? "-"
                            : stream.schedule().cron() + " " + stream.schedule().timeZone(),
                    Format.instant(stream.nextTrainingAt()));
            count++;
        }
        table.print(System.out);
        System.out.println(count + " streams");
    }
}
