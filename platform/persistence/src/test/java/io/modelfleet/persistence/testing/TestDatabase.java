package io.modelfleet.persistence.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.mariadb.jdbc.MariaDbPoolDataSource;

import io.modelfleet.persistence.internal.Database;

/**
 * A fresh schema {@code mf_test_<random>} on the machine's real MariaDB for one test class, dropped on close.
 * Connection settings come from the system properties {@code modelfleet.it.db.url} (a server URL ending in '/'),
 * {@code modelfleet.it.db.user} and {@code modelfleet.it.db.password}, which the root pom passes to Surefire.
 *
 * <pre>
 * private static TestDatabase db;
 * &#64;BeforeAll static void setUp() { db = TestDatabase.create(); }
 * &#64;AfterAll static void tearDown() throws Exception { db.close(); }
 * ... new MyBatisEdgeStore(db.database()) ...
 * </pre>
 */
public final class TestDatabase implements AutoCloseable {
    private static final String SERVER_URL = System.getProperty("modelfleet.it.db.url", "jdbc:mariadb://127.0.0.1:3306/");
    private static final String USER = System.getProperty("modelfleet.it.db.user", "modelfleet");
    private static final String PASSWORD = System.getProperty("modelfleet.it.db.password", "modelfleet");

    private final String schema;
    private final MariaDbPoolDataSource dataSource;
    private final Database database; // null for an unmigrated schema

    private TestDatabase(boolean migrate) throws SQLException {
        schema = "mf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        onServer("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4");
        MariaDbPoolDataSource pool = null;
        try {
            pool = openDataSource("maxPoolSize=8");
            database = migrate ? new Database(pool) : null;
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            onServer("DROP DATABASE IF EXISTS " + schema);
            throw e;
        }
        dataSource = pool;
    }

    /** A migrated schema with its {@link Database}. */
    public static TestDatabase create() {
        return open(true);
    }

    /** An empty schema, for tests of migration itself; {@link #database()} is not available. */
    public static TestDatabase createUnmigrated() {
        return open(false);
    }

    private static TestDatabase open(boolean migrate) {
        try {
            return new TestDatabase(migrate);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + SERVER_URL + " as " + USER
                    + " (run .ci/prepare-db)", e);
        }
    }

    /** What the stores need: {@code new MyBatisUserStore(db.database())}. */
    public Database database() {
        if (database == null) {
            throw new IllegalStateException("created unmigrated");
        }
        return database;
    }

    /** The pooled DataSource behind {@link #database()}. */
    public DataSource dataSource() {
        return dataSource;
    }

    public String schema() {
        return schema;
    }

    /**
     * Another pool on the same schema, e.g. to play a second server or to set session variables; the caller closes it.
     *
     * @param options driver URL options such as {@code maxPoolSize=2}, joined with '&amp;'
     */
    public MariaDbPoolDataSource openDataSource(String options) throws SQLException {
        return new MariaDbPoolDataSource(SERVER_URL + schema + "?user=" + USER + "&password=" + PASSWORD
                + (options.isEmpty() ? "" : "&" + options));
    }

    /** The first column of the first row of a query in the test schema, to look at rows directly. */
    public long queryLong(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new SQLException("no row: " + sql);
            }
            return rows.getLong(1);
        }
    }

    /** Like {@link #queryLong} for a text column. */
    public String queryString(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new SQLException("no row: " + sql);
            }
            return rows.getString(1);
        }
    }

    private static void onServer(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        dataSource.close();
        onServer("DROP DATABASE IF EXISTS " + schema);
    }
}
