package io.modelfleet.shell.internal;

import java.util.List;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.plugin.CatalogPlugin;
import io.modelfleet.api.plugin.InstalledPlugin;
import io.modelfleet.api.plugin.PluginCatalogService;

/** Completes plugin ids: those the catalog offers and those installed through the update center. */
@Service
public class CatalogPluginCompleter implements Completer {
    @Reference
    PluginCatalogService updateCenter;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> ids = new TreeSet<>();
        updateCenter.installed().stream().map(InstalledPlugin::id).forEach(ids::add);
        try {
            updateCenter.catalog().plugins().stream().map(CatalogPlugin::id).forEach(ids::add);
        } catch (ModelFleetException noCatalog) {
            // installed ones still complete
        }
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
