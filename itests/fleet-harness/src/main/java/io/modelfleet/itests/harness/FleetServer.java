package io.modelfleet.itests.harness;

import static io.modelfleet.itests.harness.Processes.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server distribution as a process on its own fresh MariaDB schema (dropped on close), with an administrator and
 * a logged-in API client. Stopping and starting it again keeps data dir and schema, as a real restart does.
 * Replicas: {@link #createSchema} makes a schema several servers {@link #joining join} (they neither create nor drop
 * it; {@link #dropSchema} does), and {@link #env} gives a server environment of its own, e.g. a shared signing key.
 */
public final class FleetServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "harness-admin-password";
    private static final String DB_SERVER = System.getProperty("modelfleet.it.db.url", "jdbc:mariadb://127.0.0.1:3306/");
    private static final String DB_USER = System.getProperty("modelfleet.it.db.user", "modelfleet");
    private static final String DB_PASSWORD = System.getProperty("modelfleet.it.db.password", "modelfleet");

    private final Path work;
    private final Path home;
    private final String dbServer;
    private final String dbUser;
    private final String dbPassword;
    private final String schema;
    /** Created by this server, so dropped by {@link #close()}; false for a schema it joined. */
    private final boolean ownsSchema;
    private final Map<String, String> extraEnv = new HashMap<>();
    private final int port;
    private final int sshPort;
    private final Api api;
    private Process process;

    public FleetServer(Path work, String schemaPrefix) throws Exception {
        this(work, schemaPrefix, DB_SERVER, DB_USER, DB_PASSWORD);
    }

    /**
     * As {@link #FleetServer(Path, String)} on another MariaDB server, e.g. a private one a test may crash:
     * {@code dbServer} is its JDBC URL without a schema ({@code jdbc:mariadb://127.0.0.1:3399/}).
     */
    public FleetServer(Path work, String schemaPrefix, String dbServer, String dbUser, String dbPassword) throws Exception {
        this(work, schemaPrefix + Long.toHexString(System.nanoTime()), true, dbServer, dbUser, dbPassword);
    }

    private FleetServer(Path work, String schema, boolean create, String dbServer, String dbUser, String dbPassword)
            throws Exception {
        this.work = work;
        this.dbServer = dbServer;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.home = Processes.unpack("modelfleet-server", work.resolve("server"));
        this.schema = schema;
        this.ownsSchema = create;
        if (create) {
            execute(dbServer, dbUser, dbPassword, "CREATE DATABASE " + schema
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        this.port = Processes.freePort();
        this.sshPort = Processes.freePort();
        this.api = new Api(url());
    }

    /**
     * A server (own installation under {@code work}, own ports and data dir) on an existing schema of the default test
     * MariaDB, e.g. one from {@link #createSchema} that another server uses too: a replica. It does not drop the
     * schema on close.
     */
    public static FleetServer joining(Path work, String schema) throws Exception {
        return new FleetServer(work, schema, false, DB_SERVER, DB_USER, DB_PASSWORD);
    }

    /** Creates a fresh empty schema on the default test MariaDB for servers that {@link #joining join} it. */
    public static String createSchema(String schemaPrefix) throws SQLException {
        String schema = schemaPrefix + Long.toHexString(System.nanoTime());
        execute(DB_SERVER, DB_USER, DB_PASSWORD, "CREATE DATABASE " + schema
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return schema;
    }

    /** Drops a schema of the default test MariaDB, e.g. one from {@link #createSchema} once its servers stopped. */
    public static void dropSchema(String schema) throws SQLException {
        execute(DB_SERVER, DB_USER, DB_PASSWORD, "DROP DATABASE IF EXISTS " + schema);
    }

    /** An environment variable for the server process from the next {@link #start()} on; returns this server. */
    public FleetServer env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    private static void execute(String dbServer, String dbUser, String dbPassword, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbServer + "?user=" + dbUser + "&password=" + dbPassword);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Starts the server, waits for health, logs in and waits for the ONNX runtime plugin that checks uploads. */
    public void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MODELFLEET_HTTP_PORT", Integer.toString(port));
        env.put("MODELFLEET_SSH_PORT", Integer.toString(sshPort));
        env.put("MODELFLEET_DB_URL", dbServer + schema);
        env.put("MODELFLEET_DB_USER", dbUser);
        env.put("MODELFLEET_DB_PASSWORD", dbPassword);
        env.put("MODELFLEET_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.putAll(extraEnv);
        process = Processes.start(List.of(home.resolve("bin/modelfleet").toString(), "run"), home, env,
                work.resolve("server.log"));
        await(Duration.ofSeconds(180), "the server to answer health", () -> api.get("/api/v1/health").status() == 200);
        // resources register one by one after health answers: log in as soon as the auth resource is there
        await(Duration.ofSeconds(60), "a successful login", () -> {
            api.login("admin", ADMIN_PASSWORD);
            return true;
        });
        await(Duration.ofSeconds(60), "the ONNX model inspector",
                () -> api.get("/api/v1/model-formats").body().toString().contains("onnx"));
    }

    /** The console's SSH port on 127.0.0.1. */
    public int sshPort() {
        return sshPort;
    }

    public void stop() throws InterruptedException {
        Processes.stop(process);
        process = null;
    }

    /**
     * SIGKILL to the launcher and the server JVM, as a power cut or the OOM killer would do: no shutdown hook runs,
     * nothing is flushed. {@link #start()} starts it again on the same data dir and schema.
     */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            handle.onExit().toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        process = null;
    }

    /** True while the server process runs (also before it answers). */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** A new connection to the server's own schema, for checks the API does not offer. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(dbServer + schema + "?user=" + dbUser + "&password=" + dbPassword);
    }

    public String schema() {
        return schema;
    }

    public Api api() {
        return api;
    }

    public Path home() {
        return home;
    }

    /** The server's own log, {@code data/log/karaf.log}. */
    public Path karafLog() {
        return home.resolve("data/log/karaf.log");
    }

    /** The HTTP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The server JVM's pid, for resource measurements. */
    public long pid() {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst()
                .map(ProcessHandle::pid).orElse(process.pid());
    }

    @Override
    public void close() throws Exception {
        stop();
        if (ownsSchema) {
            execute(dbServer, dbUser, dbPassword, "DROP DATABASE IF EXISTS " + schema);
        }
    }
}
