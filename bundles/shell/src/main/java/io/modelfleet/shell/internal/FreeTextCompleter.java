package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * For a free-text argument (a new username) in front of one with completion: Karaf completes an argument only when
 * every earlier argument is accepted by its own completer, so this one accepts whatever has been typed.
 */
@Service
public class FreeTextCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String word = commandLine.getCursorArgument();
        if (word == null || word.isEmpty()) {
            return -1;
        }
        return new StringsCompleter(List.of(word)).complete(session, commandLine, candidates);
    }
}
