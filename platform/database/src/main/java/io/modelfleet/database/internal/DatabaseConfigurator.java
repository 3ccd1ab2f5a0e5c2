package io.modelfleet.database.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the one ModelFleet database configuration into a pooled pax-jdbc DataSource named {@value #DATA_SOURCE_NAME},
 * starting an embedded MariaDB first when no URL is configured. Persistence only ever sees the DataSource service.
 */
@Component(immediate = true, configurationPid = DatabaseConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = DatabaseConfiguration.class)
public final class DatabaseConfigurator {
    static final String DATA_SOURCE_NAME = "modelfleet";
    private static final String PAX_JDBC_FACTORY_PID = "org.ops4j.datasource";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConfigurator.class);

    private final ConfigurationAdmin configurationAdmin;
    // embedded start takes seconds (first run: install-db); do it off the SCR thread
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> new Thread(r, "modelfleet-db-start"));
    private volatile EmbeddedMariaDb embedded;
    private volatile Configuration dataSourceConfiguration;

    @Activate
    public DatabaseConfigurator(@Reference ConfigurationAdmin configurationAdmin, BundleContext context,
            DatabaseConfiguration config) {
        this.configurationAdmin = configurationAdmin;
        String home = context.getProperty("karaf.home");
        String data = context.getProperty("karaf.data");
        starter.execute(() -> configure(config, home == null ? "." : home, data == null ? "data" : data));
    }

    private void configure(DatabaseConfiguration config, String karafHome, String karafData) {
        try {
            String url = config.url().trim();
            String user = config.user();
            String password = config.password();
            if (url.isEmpty()) {
                Path baseDir = Path.of(config.embeddedBaseDir().isBlank() ? karafHome + "/mariadb" : config.embeddedBaseDir());
                Path dataDir = Path.of(config.embeddedDataDir().isBlank() ? karafData + "/mariadb" : config.embeddedDataDir());
                embedded = EmbeddedMariaDb.start(baseDir, dataDir, config.embeddedPort());
                url = embedded.jdbcUrl();
                user = "root";
                password = "";
            }
            publishDataSource(url, user, password, config.poolSize(), config.connectionTimeoutMillis());
            LOG.info("ModelFleet database: {}", redact(url));
        } catch (Exception e) {
            LOG.error("ModelFleet cannot reach its database; the API stays unavailable until the configuration is fixed", e);
        }
    }

    private void publishDataSource(String url, String user, String password, int poolSize, int connectionTimeoutMillis)
            throws IOException {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.jdbc.driver.name", "mariadb");
        props.put("dataSourceName", DATA_SOURCE_NAME);
        props.put("url", url);
        props.put("user", user);
        props.put("password", password);
        props.put("pool", "hikari");
        props.put("xa", "false");
        props.put("hikari.maximumPoolSize", Integer.toString(poolSize));
        props.put("hikari.poolName", "modelfleet");
        // Hikari's floor is 250 ms
        props.put("hikari.connectionTimeout", Integer.toString(Math.max(250, connectionTimeoutMillis)));
        // a database that is briefly away must not leave the pool unusable
        props.put("hikari.initializationFailTimeout", "-1");
        Configuration configuration = configurationAdmin.getFactoryConfiguration(PAX_JDBC_FACTORY_PID, DATA_SOURCE_NAME, "?");
        configuration.update(props);
        dataSourceConfiguration = configuration;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        starter.shutdownNow();
        starter.awaitTermination(30, TimeUnit.SECONDS);
        Configuration configuration = dataSourceConfiguration;
        if (configuration != null) {
            try {
                configuration.delete();
            } catch (IOException | IllegalStateException e) {
                LOG.debug("DataSource configuration already gone", e);
            }
        }
        EmbeddedMariaDb db = embedded;
        if (db != null) {
            db.stop();
        }
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
