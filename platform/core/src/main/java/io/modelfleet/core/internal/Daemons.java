package io.modelfleet.core.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The background jobs of core services: one named daemon thread each, so a stuck job never holds up a JVM's exit. */
final class Daemons {
    private Daemons() {
    }

    static ScheduledExecutorService scheduler(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
