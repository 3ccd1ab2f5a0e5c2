package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.agent.AgentBundle;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;

@Service
@Command(scope = "fleet", name = "agent-release-show", description = "Shows an agent release and its bundles")
public class AgentReleaseShowCommand extends FleetAction {
    private static final int SHA_SHOWN = 12;

    @Reference
    AgentReleaseService releases;

    @Argument(index = 0, name = "release", description = "agent release id or version", required = true)
    @Completion(AgentReleaseCompleter.class)
    String release;

    @Override
    void run() {
        System.out.print(describe(AgentReleaseLookup.find(releases, release)));
    }

    static String describe(AgentRelease release) {
        StringBuilder out = new StringBuilder();
        out.append("Agent release ").append(release.version()).append(" (id ").append(release.id()).append(")\n");
        RolloutText.line(out, "  ", "archive", Format.bytes(release.sizeBytes()) + ", " + bundles(release));
        RolloutText.line(out, "  ", "sha256", release.sha256());
        RolloutText.line(out, "  ", "created", Format.instant(release.createdAt()) + " by "
                + Format.text(release.createdBy()));
        RolloutText.line(out, "  ", "notes", release.notes());
        ShellTable table = new ShellTable().emptyTableText("no bundles");
        table.column("BUNDLE");
        table.column("VERSION");
        table.column("SIZE").alignRight();
        table.column("SHA-256");
        for (AgentBundle bundle : release.bundles()) {
            table.addRow().addContent(bundle.symbolicName(), bundle.version(), Format.bytes(bundle.sizeBytes()),
                    Format.clip(bundle.sha256(), SHA_SHOWN + 3));
        }
        out.append('\n').append(Format.table(table));
        out.append("\nRoll it out with fleet:rollout-create --agent-release ").append(release.id())
                .append(" and the edges (ids, names, --tag or --target).\n");
        return out.toString();
    }

    /** "1 bundle", "3 bundles". */
    static String bundles(AgentRelease release) {
        int count = release.bundles().size();
        return count + (count == 1 ? " bundle" : " bundles");
    }
}
