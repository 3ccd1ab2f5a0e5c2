package io.modelfleet.shell.internal;

import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Offers the constants of an enum; case-insensitive because the commands parse them that way. */
abstract class EnumCompleter implements Completer {
    private final StringsCompleter constants;

    EnumCompleter(Class<? extends Enum<?>> type) {
        constants = new StringsCompleter(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList(), false);
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return constants.complete(session, commandLine, candidates);
    }
}
