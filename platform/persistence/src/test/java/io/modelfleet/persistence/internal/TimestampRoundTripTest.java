package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbPoolDataSource;

import io.modelfleet.api.security.Role;
import io.modelfleet.persistence.UserRecord;
import io.modelfleet.persistence.testing.TestDatabase;

class TimestampRoundTripTest {

    /** Neither the JVM's nor the session's time zone may shift a stored instant. */
    @Test
    void instantsAreStoredAsUtcToTheMillisecondWhateverTheTimeZones() throws Exception {
        Instant created = Instant.parse("2026-03-29T01:30:00.123456789Z"); // inside Europe's DST switch hour
        Instant lastLogin = Instant.parse("2038-01-19T03:14:08.999Z"); // past TIMESTAMP's 2038 limit
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
        try (TestDatabase db = TestDatabase.create();
                MariaDbPoolDataSource tokyo = db.openDataSource("maxPoolSize=2&sessionVariables=time_zone='+09:00'")) {
            try (Connection connection = tokyo.getConnection(); Statement statement = connection.createStatement();
                    ResultSet zone = statement.executeQuery("SELECT @@session.time_zone")) {
                zone.next();
                assertEquals("+09:00", zone.getString(1), "the session really is in another zone");
            }
            MyBatisUserStore inTokyo = new MyBatisUserStore(new Database(tokyo));
            UserRecord user = inTokyo.insert("tz", "hash", Role.VIEWER, created);
            inTokyo.recordLoginSuccess(user.id(), lastLogin);

            assertEquals("2026-03-29 01:30:00.123", db.queryString(
                    "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f') FROM app_user").substring(0, 23),
                    "UTC wall-clock time, cut to milliseconds");
            UserRecord elsewhere = new MyBatisUserStore(db.database()).findByUsername("tz").orElseThrow();
            assertEquals(Instant.parse("2026-03-29T01:30:00.123Z"), elsewhere.createdAt());
            assertEquals(lastLogin, elsewhere.lastLoginAt());
            assertEquals(elsewhere, inTokyo.findByUsername("tz").orElseThrow());
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }
}
