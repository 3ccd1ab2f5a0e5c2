package io.modelfleet.persistence.internal;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import javax.sql.DataSource;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
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
    static final List<Class<?>> MAPPERS = List.of(UserMapper.class, AuditMapper.class, EdgeMapper.class,
            InferenceMapper.class);

    private final SqlSessionFactory sessions;

    public Database(DataSource dataSource) throws SQLException {
        Migrator.migrate(dataSource);
        org.apache.ibatis.session.Configuration configuration = new org.apache.ibatis.session.Configuration(
                new Environment("modelfleet", new JdbcTransactionFactory(), dataSource));
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setArgNameBasedConstructorAutoMapping(true);
        configuration.setDefaultStatementTimeout(60);
        configuration.getTypeHandlerRegistry().register(Instant.class, UtcInstantTypeHandler.class);
        MAPPERS.forEach(configuration::addMapper);
        this.sessions = new SqlSessionFactoryBuilder().build(configuration);
    }

    public <M, T> T read(Class<M> mapper, Function<M, T> work) {
        try (SqlSession session = sessions.openSession(true)) {
            return work.apply(session.getMapper(mapper));
        }
    }

    /** Runs the work in one transaction. */
    public <M, T> T write(Class<M> mapper, Function<M, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            T result = work.apply(session.getMapper(mapper));
            session.commit();
            return result;
        }
    }

    /** Runs many statements as one JDBC batch in one transaction. */
    public <M> void batch(Class<M> mapper, java.util.function.Consumer<M> work) {
        try (SqlSession session = sessions.openSession(ExecutorType.BATCH, false)) {
            work.accept(session.getMapper(mapper));
            session.flushStatements();
            session.commit();
        }
    }

    /** True when the failure is a unique-key violation, e.g. a name that is already taken. */
    static boolean isDuplicateKey(PersistenceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException
                    || (t instanceof SQLException sql && sql.getErrorCode() == 1062)) {
                return true;
            }
        }
        return false;
    }
}
