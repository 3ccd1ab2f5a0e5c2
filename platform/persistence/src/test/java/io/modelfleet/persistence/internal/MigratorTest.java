package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbPoolDataSource;

import io.modelfleet.persistence.testing.TestDatabase;

class MigratorTest {
    private static final String URL = System.getProperty("modelfleet.it.db.url", "jdbc:mariadb://127.0.0.1:3306/");
    private static final String USER = System.getProperty("modelfleet.it.db.user", "modelfleet");
    private static final String PASSWORD = System.getProperty("modelfleet.it.db.password", "modelfleet");

    @Test
    void twoServersStartingTogetherApplyEachMigrationOnce() throws Exception {
        String schema = "mf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + schema);
        }
        try (MariaDbPoolDataSource first = new MariaDbPoolDataSource(URL + schema + "?user=" + USER + "&password=" + PASSWORD);
                MariaDbPoolDataSource second = new MariaDbPoolDataSource(URL + schema + "?user=" + USER + "&password=" + PASSWORD)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<List<String>>> runs = new ArrayList<>();
            for (MariaDbPoolDataSource dataSource : List.of(first, second)) {
                runs.add(pool.submit((Callable<List<String>>) () -> Migrator.migrate(dataSource)));
            }
            int applied = 0;
            for (Future<List<String>> run : runs) {
                applied += run.get().size();
            }
            pool.shutdown();
            assertEquals(Migrator.MIGRATIONS.size(), applied, "each migration ran exactly once across both servers");
            assertEquals(List.of(), Migrator.migrate(first), "a later start applies nothing");
            try (Connection c = first.getConnection(); Statement s = c.createStatement();
                    var rows = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                rows.next();
                assertEquals(Migrator.MIGRATIONS.size(), rows.getInt(1));
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE " + schema);
            }
        }
    }

    @Test
    void scriptsSplitIntoStatements() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)"),
                Migrator.statements("-- comment\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n  y INT\n);\n"));
        assertEquals(1, Migrator.version("V001__foundation.sql"));
    }

    @Test
    void everyMigrationIsInTheBundle() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            assertEquals(Migrator.MIGRATIONS.size(), db.queryLong("SELECT COUNT(*) FROM schema_version"));
        }
    }

    /** User input must only ever reach SQL as a bound parameter. */
    @Test
    void mappersNeverInterpolate() throws Exception {
        Path sources = Path.of("src/main/java/io/modelfleet/persistence/internal");
        try (Stream<Path> files = Files.list(sources)) {
            List<Path> javaFiles = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertTrue(javaFiles.size() > 5);
            for (Path file : javaFiles) {
                assertTrue(!Files.readString(file).contains("${"), file + " uses ${} interpolation");
            }
        }
    }
}
