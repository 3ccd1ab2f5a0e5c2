package io.modelfleet.shell.internal;

import java.io.PrintStream;

import io.modelfleet.api.plugin.PluginCatalogService;
import io.modelfleet.api.plugin.PluginOperation;

/** Follows an update center operation, printing each step as it is reached, until it finishes. */
final class PluginOperationProgress {
    static final long POLL_MILLIS = 100;
    static final long GIVE_UP_MILLIS = 10 * 60 * 1000;

    private PluginOperationProgress() {
    }

    static PluginOperation follow(PluginCatalogService updateCenter, PluginOperation started, PrintStream out)
            throws InterruptedException {
        PluginOperation operation = started;
        String printed = null;
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        while (true) {
            if (!operation.step().equals(printed)) {
                out.printf("%3d%%  %s%n", Math.round(operation.progress() * 100), operation.step());
                printed = operation.step();
            }
            if (operation.state().finished()) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                out.println("Still running; follow it with fleet:plugin-operations (operation " + operation.id() + ")");
                return operation;
            }
            Thread.sleep(POLL_MILLIS);
            operation = updateCenter.operation(operation.id());
        }
        if (operation.state() == PluginOperation.State.FAILED) {
            System.err.println("Error: " + operation.error());
        }
        return operation;
    }
}
