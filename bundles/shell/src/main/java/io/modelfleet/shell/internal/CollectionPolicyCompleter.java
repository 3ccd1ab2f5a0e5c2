package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Offers the collection policy forms; those that need a number end in a colon, without the space after a word. */
@Service
public class CollectionPolicyCompleter implements Completer {
    static final List<String> COMPLETE = List.of("off", "all", "low-confidence");
    static final List<String> NEED_A_NUMBER = List.of("low-confidence:", "rate:");

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> forms = new ArrayList<>(COMPLETE);
        forms.addAll(NEED_A_NUMBER);
        return new StringsCompleter(forms, false).complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        COMPLETE.forEach(form -> candidates.add(new Candidate(form)));
        NEED_A_NUMBER.forEach(form -> candidates.add(new Candidate(form, false)));
    }
}
