package io.modelfleet.persistence.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.mariadb.jdbc.MariaDbPoolDataSource;

import io.modelfleet.persistence.internal.Database;

/**
 * A fresh, migrated schema on the machine's real MariaDB for one test class, dropped on close. Connection settings
 * come from the system properties {@code modelfleet.it.db.url|user|password} (the build sets them).
 */
public final class TestDatabase implements AutoCloseable {
    private final String serverUrl;
    private final String user;
    private final String password;
    private final String schema;
    private final MariaDbPoolDataSource dataSource;
    private final Database database;

    private TestDatabase() throws SQLException {
        serverUrl = System.getProperty("modelfleet.it.db.url", "jdbc:mariadb://127.0.0.1:3306/");
        user = System.getProperty("modelfleet.it.db.user", "modelfleet");
        password = System.getProperty("modelfleet.it.db.password", "modelfleet");
        schema = "mf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4");
        dataSource = new MariaDbPoolDataSource(serverUrl + schema + "?user=" + user + "&password=" + password
                + "&maxPoolSize=8");
        database = new Database(dataSource);
    }

    public static TestDatabase create() {
        try {
            return new TestDatabase();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + System.getProperty(
                    "modelfleet.it.db.url", "jdbc:mariadb://127.0.0.1:3306/") + " (run .ci/prepare-db)", e);
        }
    }

    public Database database() {
        return database;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String schema() {
        return schema;
    }

    /** Runs one statement in the test schema, e.g. to look at rows directly. */
    public long queryLong(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        dataSource.close();
        execute("DROP DATABASE IF EXISTS " + schema);
    }
}
