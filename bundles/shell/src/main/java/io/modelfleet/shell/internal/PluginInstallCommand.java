package io.modelfleet.shell.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.PluginCatalogService;
import io.modelfleet.api.plugin.PluginOperation;

@Service
@Command(scope = "fleet", name = "plugin-install", description = "Installs a plugin from the catalog (signature and "
        + "SHA-256 checked first) or from a KAR file on the server, without a restart; an installed plugin is updated")
public class PluginInstallCommand extends FleetAction {
    @Reference
    PluginCatalogService updateCenter;

    @Argument(index = 0, name = "plugin", description = "the catalog plugin id (omit with --kar)")
    @Completion(CatalogPluginCompleter.class)
    String plugin;

    @Option(name = "--version", description = "the version (default: the newest that supports this server)")
    String version;

    @Option(name = "--kar", description = "install this KAR file instead of a catalog plugin")
    @Completion(FileCompleter.class)
    String kar;

    @Option(name = "--no-wait", description = "start the operation and return; follow it with fleet:plugin-catalog --operations")
    boolean noWait;

    @Override
    void run() throws Exception {
        PluginOperation started;
        if (kar != null) {
            if (plugin != null) {
                throw new InvalidInputException("give a catalog plugin id or --kar, not both");
            }
            Path path = Path.of(kar);
            if (!Files.isRegularFile(path)) {
                throw new InvalidInputException(kar + " is not a readable file");
            }
            try (InputStream in = Files.newInputStream(path)) {
                started = updateCenter.installKar(path.getFileName().toString(), in, actor());
            }
        } else {
            if (plugin == null) {
                throw new InvalidInputException("name a catalog plugin (see fleet:plugin-catalog) or give --kar");
            }
            started = updateCenter.install(plugin, version, actor());
        }
        finish(updateCenter, started, noWait);
    }

    static void finish(PluginCatalogService updateCenter, PluginOperation started, boolean noWait) throws InterruptedException {
        System.out.println(started.action() + " " + started.pluginId()
                + (started.version() == null ? "" : " " + started.version())
                + (started.fromVersion() == null ? "" : " (from " + started.fromVersion() + ")")
                + ": operation " + started.id());
        if (!noWait) {
            PluginOperationProgress.follow(updateCenter, started, System.out);
        }
    }
}
