package io.modelfleet.persistence.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the schema behind the ModelFleet DataSource and only then registers the {@link Database} service every
 * store waits for, so nothing reaches the database before its tables do. Migration runs off the SCR thread (another
 * server may hold the migration lock for a while) and is retried while the database is unreachable: the pool comes up
 * even when the database is briefly away, and this must not give up on the first failure either.
 */
@Component(immediate = true, service = {})
public final class DatabaseComponent {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(10);

    private final BundleContext context;
    private final DataSource dataSource;
    private final Duration retryDelay;
    private final ScheduledExecutorService migrator = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "modelfleet-schema-migration");
        thread.setDaemon(true); // a migration stuck on the lock must not hold up shutdown
        return thread;
    });
    private ServiceRegistration<Database> registration; // guarded by this
    private boolean closed; // guarded by this
    private int failures; // confined to the migrator thread

    @Activate
    public DatabaseComponent(BundleContext context,
            @Reference(target = "(dataSourceName=modelfleet)") DataSource dataSource) {
        this(context, dataSource, RETRY_DELAY);
    }

    DatabaseComponent(BundleContext context, DataSource dataSource, Duration retryDelay) {
        this.context = context;
        this.dataSource = dataSource;
        this.retryDelay = retryDelay;
        migrator.execute(this::start);
    }

    private void start() {
        Database database;
        try {
            database = new Database(dataSource);
        } catch (Exception e) {
            failures++;
            if (failures == 1) {
                LOG.error("Cannot prepare the ModelFleet database; retrying every {} ms", retryDelay.toMillis(), e);
            } else {
                LOG.warn("ModelFleet database still not ready (attempt {}): {}", failures, e.toString());
            }
            try {
                migrator.schedule(this::start, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                LOG.debug("Stopped while waiting for the database", stopped);
            }
            return;
        }
        synchronized (this) {
            if (!closed) {
                registration = context.registerService(Database.class, database, null);
                LOG.info("ModelFleet database ready");
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            closed = true;
            if (registration != null) {
                registration.unregister();
            }
        }
        migrator.shutdownNow();
    }
}
