package io.modelfleet.persistence.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.sql.DataSource;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * The migrated database and its MyBatis session factory. Every store goes through {@link #read}, {@link #write} or
 * {@link #batch}, so sessions are always closed and writes committed or rolled back.
 */
public final class Database {
    /**
     * Registered as classes, never scanned by package name: the classes come from this bundle's class loader, which is
     * the only one in OSGi that can see them.
     */
    static final List<Class<?>> MAPPERS = List.of(UserMapper.class, AuditMapper.class, EdgeMapper.class,
            InferenceMapper.class, ModelMapper.class, DeploymentMapper.class, DatasetMapper.class, StreamMapper.class,
            RolloutMapper.class, AgentReleaseMapper.class, GarbageMapper.class, EdgeChangeMapper.class, AlertMapper.class,
            RetrainingMapper.class, SummaryMapper.class);
    private static final int STATEMENT_TIMEOUT_SECONDS = 60;
    private static final int MYSQL_DUPLICATE_KEY = 1062;

    private final SqlSessionFactory sessions;

    /** Applies pending schema migrations, then prepares the mappers. */
    public Database(DataSource dataSource) throws SQLException {
        Migrator.migrate(dataSource);
        Configuration configuration = new Configuration(
                new Environment("modelfleet", new JdbcTransactionFactory(), dataSource));
        configuration.setMapUnderscoreToCamelCase(true);
        // rows map onto records through their canonical constructors, matched by (compiled) parameter name
        configuration.setArgNameBasedConstructorAutoMapping(true);
        configuration.setDefaultStatementTimeout(STATEMENT_TIMEOUT_SECONDS);
        configuration.getTypeHandlerRegistry().register(Instant.class, new UtcInstantTypeHandler());
        MAPPERS.forEach(configuration::addMapper);
        this.sessions = new SqlSessionFactoryBuilder().build(configuration);
    }

    /** Runs the work on an auto-committing session. */
    public <M, T> T read(Class<M> mapper, Function<M, T> work) {
        try (SqlSession session = sessions.openSession(true)) {
            return work.apply(session.getMapper(mapper));
        }
    }

    /**
     * Like {@link #read}, for work that streams rows to a consumer: what the consumer threw (a blob store failure, a
     * client gone) is its own error, not the database's, so it comes back unwrapped from MyBatis' PersistenceException
     * and callers can catch what they throw.
     */
    public <M> void stream(Class<M> mapper, java.util.function.Consumer<M> work) {
        try {
            read(mapper, m -> {
                work.accept(m);
                return null;
            });
        } catch (org.apache.ibatis.exceptions.PersistenceException e) {
            if (e.getCause() instanceof RuntimeException reason && !(reason instanceof org.apache.ibatis.exceptions.PersistenceException)) {
                throw reason;
            }
            throw e;
        }
    }

    /** JDBC work on the session's connection, committed as one transaction: for the few hot paths MyBatis slows. */
    public <T> T jdbc(SqlWork<T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            T result;
            try {
                result = work.apply(session.getConnection());
            } catch (java.sql.SQLException e) {
                throw new PersistenceException(e);
            }
            session.commit(true);
            return result;
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(java.sql.Connection connection) throws java.sql.SQLException;
    }

    public <M, T> T write(Class<M> mapper, Function<M, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            T result = work.apply(session.getMapper(mapper));
            session.commit();
            return result;
        }
    }

    /** Sends the work's statements as one JDBC batch in one transaction; their update counts are not available. */
    public <M> void batch(Class<M> mapper, Consumer<M> work) {
        try (SqlSession session = sessions.openSession(ExecutorType.BATCH, false)) {
            work.accept(session.getMapper(mapper));
            session.flushStatements();
            session.commit();
        }
    }

    /** True when the failure is a unique-key violation (not any integrity error), e.g. a name that is already taken. */
    static boolean isDuplicateKey(PersistenceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == MYSQL_DUPLICATE_KEY) {
                return true;
            }
        }
        return false;
    }
}
