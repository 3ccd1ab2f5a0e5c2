package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbPoolDataSource;

import io.modelfleet.persistence.testing.TestDatabase;

class MigratorTest {

    @Test
    void twoServersStartingTogetherApplyEachMigrationOnce() throws Exception {
        try (TestDatabase db = TestDatabase.createUnmigrated();
                MariaDbPoolDataSource first = db.openDataSource("maxPoolSize=2");
                MariaDbPoolDataSource second = db.openDataSource("maxPoolSize=2")) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> runs = new ArrayList<>();
            try {
                for (DataSource server : List.of(first, second)) {
                    runs.add(pool.submit(() -> {
                        start.await();
                        return Migrator.migrate(server);
                    }));
                }
                start.countDown();
                List<String> applied = new ArrayList<>();
                for (Future<List<String>> run : runs) {
                    applied.addAll(run.get()); // both succeed
                }
                assertEquals(Migrator.MIGRATIONS, applied, "each migration ran exactly once across both servers");
            } finally {
                pool.shutdown();
            }
            assertEquals(Migrator.MIGRATIONS.size(), db.queryLong("SELECT COUNT(*) FROM schema_version"));
            assertEquals(Migrator.MIGRATIONS.size(), db.queryLong("SELECT COUNT(DISTINCT version) FROM schema_version"));
            assertEquals(0, db.queryLong("SELECT IS_USED_LOCK('modelfleet_schema') IS NOT NULL"), "lock released");
        }
    }

    @Test
    void migratingAgainChangesNothing() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            long tables = db.queryLong("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                    + db.schema() + "'");
            assertEquals(49, tables, "48 tables (V011: edge_purge, blob_gc_candidate; V012: two rollups, rollup_progress; "
                    + "V013: edge_change; V014: job_lease, notification_channel, alert_rule, alert, alert_event, notification_read, "
                    + "notification_delivery; V016: retraining_policy, retraining_trigger, retraining, retraining_step; V017: summary_settings, daily_summary) and schema_version");
            assertEquals(List.of(), Migrator.migrate(db.dataSource()));
            new Database(db.dataSource()); // what a restarted server does
            assertEquals(Migrator.MIGRATIONS.size(), db.queryLong("SELECT COUNT(*) FROM schema_version"));
            assertEquals("V001__init.sql", db.queryString("SELECT name FROM schema_version WHERE version = 1"));
        }
    }

    @Test
    void usernamesDifferingOnlyByCaseAreRenamedBeforeBecomingUnique() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            try (Connection connection = db.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                // the schema as V005 left it, with names that differ only by case
                statement.execute("DROP INDEX uq_user_name_key ON app_user");
                statement.execute("ALTER TABLE app_user DROP COLUMN username_key");
                statement.execute("DELETE FROM schema_version WHERE version = 6");
                for (String name : List.of("admin", "ADMIN", "Admin", "bob")) {
                    statement.execute("INSERT INTO app_user (username, password_hash, role, created_at, updated_at) "
                            + "VALUES ('" + name + "', 'h', 'VIEWER', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
                }
            }
            assertEquals(List.of("V006__login_hardening.sql"), Migrator.migrate(db.dataSource()));
            assertEquals("admin", db.queryString("SELECT username FROM app_user ORDER BY id LIMIT 1"),
                    "the oldest keeps its name");
            assertEquals(2, db.queryLong("SELECT COUNT(*) FROM app_user WHERE username LIKE '%~%'"));
            assertEquals(4, db.queryLong("SELECT COUNT(DISTINCT username_key) FROM app_user"));
        }
    }

    @Test
    void aMigrationThatDiedHalfWayRunsAgain() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            try (Connection connection = db.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                // as if the server died after some tables: DDL is not transactional, the version row came last
                statement.execute("DROP TABLE edge_event");
                statement.execute("DELETE FROM schema_version");
            }
            assertEquals(Migrator.MIGRATIONS, Migrator.migrate(db.dataSource()));
            assertEquals(0, db.queryLong("SELECT COUNT(*) FROM edge_event"));
        }
    }

    @Test
    void scriptsSplitIntoStatements() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT -- why\n)"),
                Migrator.statements("-- comment\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n  y INT -- why\n);\n"));
        assertEquals(1, Migrator.version("V001__init.sql"));
        assertEquals(12, Migrator.version("V012__more.sql"));
    }

    @Test
    void migrationsAreListedInVersionOrder() {
        for (int i = 0; i < Migrator.MIGRATIONS.size(); i++) {
            assertEquals(i + 1, Migrator.version(Migrator.MIGRATIONS.get(i)));
        }
    }

    /** User input must only ever reach SQL as a bound parameter. */
    @Test
    void mappersNeverInterpolate() throws Exception {
        Path sources = Path.of("src/main/java/io/modelfleet/persistence/internal");
        try (Stream<Path> files = Files.list(sources)) {
            List<Path> javaFiles = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertTrue(javaFiles.stream().anyMatch(f -> f.endsWith("EdgeMapper.java")), "found the mappers");
            for (Path file : javaFiles) {
                assertFalse(Files.readString(file).contains("${"), file + " uses ${} interpolation");
            }
        }
        for (Class<?> mapper : Database.MAPPERS) {
            for (var method : mapper.getDeclaredMethods()) {
                for (var annotation : method.getAnnotations()) {
                    assertFalse(annotation.toString().contains("${"), mapper.getSimpleName() + "." + method.getName());
                }
            }
        }
    }
}
