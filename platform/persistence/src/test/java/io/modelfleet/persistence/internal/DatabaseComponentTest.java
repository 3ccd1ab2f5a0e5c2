package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.modelfleet.persistence.testing.TestDatabase;

class DatabaseComponentTest {
    private final BlockingQueue<Object> registered = new LinkedBlockingQueue<>();
    private final AtomicInteger unregistered = new AtomicInteger();
    private final AtomicInteger connectionAttempts = new AtomicInteger();

    @Test
    void registersTheDatabaseOnlyOnceMigratedRetryingWhileTheDatabaseIsAway() throws Exception {
        try (TestDatabase db = TestDatabase.createUnmigrated()) {
            DatabaseComponent component = new DatabaseComponent(context(), failingFirst(2, db.dataSource()),
                    Duration.ofMillis(50));
            assertInstanceOf(Database.class, registered.poll(30, TimeUnit.SECONDS));
            assertEquals(3, connectionAttempts.get(), "two failures, then the migration");
            assertEquals(Migrator.MIGRATIONS.size(), db.queryLong("SELECT COUNT(*) FROM schema_version"));
            component.deactivate();
            assertEquals(1, unregistered.get());
        }
    }

    @Test
    void stoppingWhileTheDatabaseIsAwayRegistersNothing() throws Exception {
        try (TestDatabase db = TestDatabase.createUnmigrated()) {
            DatabaseComponent component = new DatabaseComponent(context(), failingFirst(Integer.MAX_VALUE,
                    db.dataSource()), Duration.ofMillis(20));
            while (connectionAttempts.get() < 2) {
                Thread.sleep(5);
            }
            component.deactivate();
            int attempts = connectionAttempts.get();
            Thread.sleep(200);
            assertTrue(connectionAttempts.get() <= attempts + 1, "retries stop");
            assertNull(registered.poll());
            assertEquals(0, unregistered.get());
        }
    }

    private DataSource failingFirst(int failures, DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")
                            && connectionAttempts.incrementAndGet() <= failures) {
                        throw new SQLException("database away");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private BundleContext context() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] { ServiceRegistration.class }, (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered.incrementAndGet();
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        registered.add(args[1]);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
