package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;

/** Completes stream names. */
@Service
public class StreamCompleter implements Completer {
    @Reference
    StreamService streams;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(streams.list().stream().map(Stream::name).toList())
                .complete(session, commandLine, candidates);
    }
}
