package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.rollout.RolloutState;

@Service
@Command(scope = "fleet", name = "rollout-list", description = "Lists rollouts, newest first")
public class RolloutListCommand extends FleetAction {
    private static final int MESSAGE_WIDTH = 40;

    @Reference
    RolloutService rollouts;

    @Option(name = "--state", description = "PLANNED, RUNNING, PAUSED, SUCCEEDED, FAILED, ABORTED or ROLLED_BACK")
    @Completion(RolloutStateCompleter.class)
    String state;

    @Option(name = "--limit", description = "at most this many (1..1000, default 50)")
    String limit;

    @Override
    void run() {
        RolloutState filter = Parse.enumValue("state", state, RolloutState.class);
        Integer max = Parse.integer("--limit", limit);
        Page<Rollout> page = rollouts.list(filter, max == null ? PageRequest.DEFAULT_LIMIT : max, 0);
        ShellTable table = new ShellTable().emptyTableText("no rollouts");
        table.column("ID").alignRight();
        table.column("SUBJECT");
        table.column("STATE");
        table.column("WAVE").alignRight();
        table.column("EDGES").alignRight();
        table.column("SKIPPED").alignRight();
        table.column("SELECTION");
        table.column("CREATED");
        table.column("MESSAGE");
        for (Rollout rollout : page.items()) {
            table.addRow().addContent(rollout.id(), rollout.subject(), rollout.state(), RolloutText.wave(rollout),
                    rollout.edges(), rollout.skipped(), Format.text(rollout.selection()),
                    Format.text(rollout.createdBy()) + " " + Format.instant(rollout.createdAt()),
                    Format.clip(rollout.message(), MESSAGE_WIDTH));
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " rollouts");
    }
}
