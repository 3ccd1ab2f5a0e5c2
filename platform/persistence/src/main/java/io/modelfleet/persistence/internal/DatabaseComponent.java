package io.modelfleet.persistence.internal;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Appears once the pooled ModelFleet DataSource exists and the schema is migrated; every store waits for it, so
 * nothing reaches the database before its tables do.
 */
@Component(service = DatabaseComponent.class)
public final class DatabaseComponent {
    private final Database database;

    @Activate
    public DatabaseComponent(@Reference(target = "(dataSourceName=modelfleet)") DataSource dataSource)
            throws SQLException {
        this.database = new Database(dataSource);
    }

    public Database database() {
        return database;
    }
}
