package io.modelfleet.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DatabaseConfiguratorTest {

    @Test
    void passwordsInUrlsAreNotLogged() {
        assertEquals("jdbc:mariadb://db/x?user=a&password=***&ssl=true",
                DatabaseConfigurator.redact("jdbc:mariadb://db/x?user=a&password=s3cret&ssl=true"));
        assertEquals("jdbc:mariadb://db/x", DatabaseConfigurator.redact("jdbc:mariadb://db/x"));
    }
}
