package io.modelfleet.persistence.internal;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * Instants go to DATETIME(3) columns as UTC wall-clock time. They travel as LocalDateTime, which the driver passes
 * unconverted, so neither the JVM's nor the session's time zone can shift them and the stored values read the same
 * in SQL on every server. Parameters are cut to milliseconds, as the columns store them, so a value compared in SQL is
 * the value that would be stored.
 */
final class UtcInstantTypeHandler extends BaseTypeHandler<Instant> {
    /** The documented DATETIME range; outside it MariaDB fails, or with INSERT IGNORE stores a zero date. */
    static final Instant MIN = Instant.parse("1000-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, Instant parameter, JdbcType jdbcType)
            throws SQLException {
        if (!storable(parameter)) {
            throw new IllegalArgumentException(parameter + " is outside the DATETIME range");
        }
        ps.setObject(i, LocalDateTime.ofInstant(parameter.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
    }

    @Override
    public Instant getNullableResult(ResultSet rs, String columnName) throws SQLException {
        return toInstant(rs.getObject(columnName, LocalDateTime.class));
    }

    @Override
    public Instant getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
        return toInstant(rs.getObject(columnIndex, LocalDateTime.class));
    }

    @Override
    public Instant getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
        return toInstant(cs.getObject(columnIndex, LocalDateTime.class));
    }

    static boolean storable(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }

    private static Instant toInstant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
