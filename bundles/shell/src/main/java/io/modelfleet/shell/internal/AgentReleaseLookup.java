package io.modelfleet.shell.internal;

import java.util.Optional;
import java.util.regex.Pattern;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;

/** Operators know a release by its version rather than its id, so release arguments accept either. */
final class AgentReleaseLookup {
    private static final Pattern ID = Pattern.compile("\\d{1,18}");
    static final int PAGE = 100;

    private AgentReleaseLookup() {
    }

    /** A number is tried as an id first and then as a version, because versions may consist of digits too ("2"). */
    static AgentRelease find(AgentReleaseService releases, String ref) {
        if (ID.matcher(ref).matches()) {
            try {
                return releases.get(Long.parseLong(ref));
            } catch (NotFoundException e) {
                // fall through to the version lookup; its failure message covers both meanings
            }
        }
        return byVersion(releases, ref)
                .orElseThrow(() -> new NotFoundException("no agent release has the id or version '" + ref + "'"));
    }

    private static Optional<AgentRelease> byVersion(AgentReleaseService releases, String version) {
        for (long offset = 0;; offset += PAGE) {
            Page<AgentRelease> page = releases.list(PAGE, offset);
            Optional<AgentRelease> match = page.items().stream().filter(r -> version.equals(r.version())).findFirst();
            if (match.isPresent() || page.items().size() < PAGE || offset + PAGE >= page.total()) {
                return match;
            }
        }
    }
}
