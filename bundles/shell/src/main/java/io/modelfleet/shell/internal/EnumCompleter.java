package io.modelfleet.shell.internal;

import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the constant names of an enum; Karaf needs one concrete {@code @Service} class per enum. */
abstract class EnumCompleter implements Completer {
    private final StringsCompleter delegate;

    protected EnumCompleter(Class<? extends Enum<?>> type) {
        delegate = new StringsCompleter(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}
