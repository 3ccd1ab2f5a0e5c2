package io.modelfleet.itests.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of a test's own (Debian's {@code mariadbd}, or the one named by {@code modelfleet.it.mariadbd}) on
 * a free loopback port with its own data directory, so that the test may SIGKILL it without touching the machine's
 * shared database. Restarting it keeps data directory and port, as a database host that crashed and came back does.
 * It has an account {@link #USER}/{@link #PASSWORD} that may do everything.
 */
public final class PrivateMariaDb implements AutoCloseable {
    public static final String USER = "modelfleet";
    public static final String PASSWORD = "modelfleet";
    private static final String MARIADBD = System.getProperty("modelfleet.it.mariadbd", "mariadbd");
    private static final String INSTALL_DB = System.getProperty("modelfleet.it.mariadb-install-db", "mariadb-install-db");

    private final Path dir;
    private final Path data;
    private final int port;
    private Process process;
    private boolean accountCreated;

    /** Creates the data directory (system tables only); {@link #start()} starts the server. */
    public PrivateMariaDb(Path dir) throws Exception {
        this.dir = Files.createDirectories(dir.toAbsolutePath());
        this.data = this.dir.resolve("data");
        this.port = Processes.freePort();
        if (!Files.exists(data)) {
            Process install = new ProcessBuilder(INSTALL_DB, "--no-defaults", "--datadir=" + data,
                    "--user=" + System.getProperty("user.name"), "--auth-root-authentication-method=normal",
                    "--skip-test-db").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("install.log").toFile())).start();
            if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
                install.destroyForcibly();
                throw new IllegalStateException(INSTALL_DB + " failed, see " + this.dir.resolve("install.log"));
            }
        }
    }

    /** Starts mariadbd (InnoDB with its durable defaults) and waits until it takes connections. */
    public void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        process = Processes.start(List.of(MARIADBD, "--no-defaults", "--datadir=" + data, "--port=" + port,
                "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mariadb.sock"), "--pid-file=" + dir.resolve("mariadb.pid"),
                "--user=" + System.getProperty("user.name"), "--log-error=" + dir.resolve("mariadb.err"),
                "--innodb-buffer-pool-size=64M", "--max-connections=200", "--skip-name-resolve"),
                dir, Map.of(), dir.resolve("mariadb.out"));
        Processes.await(Duration.ofSeconds(60), "the private MariaDB on port " + port, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("mariadbd exited with " + process.exitValue() + ", see " + dir.resolve("mariadb.err"));
            }
            try (Connection c = DriverManager.getConnection(url() + "?user=root&password=")) {
                return c.isValid(2);
            } catch (java.sql.SQLException e) {
                return false;
            }
        });
        if (!accountCreated) {
            try (Connection c = DriverManager.getConnection(url() + "?user=root&password=");
                    Statement s = c.createStatement()) {
                s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'");
                s.execute("GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'127.0.0.1'");
            }
            accountCreated = true;
        }
    }

    /** SIGKILL: no shutdown, no flush beyond what InnoDB made durable at each commit. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("mariadbd did not die on SIGKILL");
        }
        process = null;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** The JDBC URL without a schema, e.g. {@code jdbc:mariadb://127.0.0.1:41234/}. */
    public String url() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stop(process);
        process = null;
    }
}
