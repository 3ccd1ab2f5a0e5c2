package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.model.Model;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;

/** Completes model versions as name:version (every version of the models whose name matches what is typed). */
@Service
public class ModelCompleter implements Completer {
    private static final int MAX_MODELS = 50;

    @Reference
    ModelRegistry models;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String word = commandLine.getCursorArgument();
        String typed = word == null ? "" : word.substring(0, Math.min(commandLine.getArgumentPosition(), word.length()));
        String namePart = typed.contains(":") ? typed.substring(0, typed.indexOf(':')) : typed;
        List<String> words = new ArrayList<>();
        int listed = 0;
        for (Model model : models.listModels()) {
            if (!model.name().startsWith(namePart)) {
                continue;
            }
            if (++listed > MAX_MODELS) {
                break;
            }
            words.add(model.name() + ":" + model.latestVersion());
            if (typed.contains(":")) {
                for (ModelVersion version : models.listVersions(model.name())) {
                    words.add(version.reference());
                }
            }
        }
        return new StringsCompleter(words).complete(session, commandLine, candidates);
    }
}
