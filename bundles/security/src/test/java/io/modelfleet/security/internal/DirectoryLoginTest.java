package io.modelfleet.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.TooManyRequestsException;
import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.UnavailableException;
import io.modelfleet.api.security.DirectorySettings;
import io.modelfleet.api.security.DirectoryTestResult;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.Session;
import io.modelfleet.api.security.User;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisUserStore;
import io.modelfleet.persistence.testing.TestDatabase;

/**
 * Directory logins against UnboundID's in-memory LDAP server and MariaDB: groups map to roles, attributes are synced,
 * disabled accounts and wrong passwords are refused (and throttled), and a directory that is down leaves local
 * accounts working.
 */
class DirectoryLoginTest {
    private static final String BASE = "dc=example,dc=com";
    private static final String HERE = "192.0.2.44";
    private TestDatabase db;
    private InMemoryDirectoryServer ldap;
    private MyBatisUserStore users;
    private MutableClock clock;
    private LdapDirectory directory;
    private LocalUserService service;

    @BeforeEach
    void setUp() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials("cn=reader," + BASE, "reader-secret");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        ldap = new InMemoryDirectoryServer(config);
        ldap.add("dn: " + BASE, "objectClass: domain", "dc: example");
        ldap.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
        ldap.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
        person("ada", "Ada Lovelace", "ada-directory-pw");
        person("bob", "Bob Builder", "bob-directory-pw");
        person("cy", "Cy Nobody", "cy-directory-pw");
        person("dee", "Dee Locked", "dee-directory-pw");
        ldap.add("dn: cn=fleet-admins,ou=groups," + BASE, "objectClass: groupOfNames", "cn: fleet-admins",
                "member: uid=ada,ou=people," + BASE);
        ldap.add("dn: cn=fleet-operators,ou=groups," + BASE, "objectClass: groupOfNames", "cn: fleet-operators",
                "member: uid=bob,ou=people," + BASE, "member: uid=ada,ou=people," + BASE,
                "member: uid=dee,ou=people," + BASE);
        ldap.add("dn: cn=accounting,ou=groups," + BASE, "objectClass: groupOfNames", "cn: accounting",
                "member: uid=cy,ou=people," + BASE);
        ldap.startListening();

        db = TestDatabase.create();
        users = new MyBatisUserStore(db.database());
        clock = new MutableClock(Instant.parse("2026-12-06T09:00:00Z"));
        directory = new LdapDirectory(settings(ldap.getListenPort()));
        service = new LocalUserService(users, new DbAuditLog(new MyBatisAuditStore(db.database())), directory,
                TestConfig.security(Map.of("_adminPassword", "local-admin-password")), clock);
    }

    private void person(String uid, String name, String password) throws Exception {
        ldap.add("dn: uid=" + uid + ",ou=people," + BASE, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + name,
                "sn: " + name.split(" ")[1], "mail: " + uid + "@example.com", "userPassword: " + password);
    }

    private static DirectorySettings settings(int port) {
        return new DirectorySettings(true, "ldap://127.0.0.1:" + port, false, "cn=reader," + BASE, "reader-secret",
                true, "ou=people," + BASE, "(uid={0})", "ou=groups," + BASE, "(member={0})", List.of("fleet-admins"),
                List.of("cn=fleet-operators,ou=groups," + BASE), List.of(), "cn", "mail",
                "(description=locked)", 2);
    }

    @AfterEach
    void tearDown() throws Exception {
        service.deactivate();
        ldap.shutDown(true);
        db.close();
    }

    @Test
    void groupsMapToRolesAndAttributesAreSyncedAtEveryLogin() throws Exception {
        Session ada = service.login("ada", "ada-directory-pw", HERE);
        assertEquals(Role.ADMIN, ada.role(), "admins group (by cn) wins over the operators group");
        Session bob = service.login("bob", "bob-directory-pw", HERE);
        assertEquals(Role.MANAGER, bob.role(), "operators group named by its DN");
        User synced = service.get("bob");
        assertTrue(synced.directory());
        assertEquals("Bob Builder", synced.displayName());
        assertEquals("bob@example.com", synced.email());
        assertEquals("bob", service.authenticate(bob.token()).name());

        // the directory changes: at the next login the role and attributes follow
        ldap.modify("cn=fleet-admins,ou=groups," + BASE, new Modification(ModificationType.ADD, "member",
                "uid=bob,ou=people," + BASE));
        ldap.modify("uid=bob,ou=people," + BASE, new Modification(ModificationType.REPLACE, "mail", "bob@new.example.com"));
        assertEquals(Role.ADMIN, service.login("bob", "bob-directory-pw", HERE).role());
        assertEquals("bob@new.example.com", service.get("bob").email());

        assertThrows(ConflictException.class, () -> service.changeOwnPassword("bob", "bob-directory-pw",
                "a-new-local-password", HERE), "a directory user's password is the directory's");
        assertThrows(UnauthenticatedException.class, () -> service.login("cy", "cy-directory-pw", HERE),
                "in no mapped group: no access");
        assertTrue(users.findByUsername("cy").isEmpty(), "and no account is made for them");
    }

    @Test
    void disabledAccountsAreRefusedInTheDirectoryAndInModelFleet() throws Exception {
        assertEquals(Role.MANAGER, service.login("dee", "dee-directory-pw", HERE).role());
        ldap.modify("uid=dee,ou=people," + BASE, new Modification(ModificationType.ADD, "description", "locked"));
        assertThrows(UnauthenticatedException.class, () -> service.login("dee", "dee-directory-pw", HERE));

        service.login("bob", "bob-directory-pw", HERE);
        service.update("bob", new io.modelfleet.api.security.UserUpdate(null, true, null), "admin");
        assertThrows(UnauthenticatedException.class, () -> service.login("bob", "bob-directory-pw", HERE),
                "disabled in ModelFleet: the directory's password does not help");
    }

    @Test
    void wrongPasswordsAreThrottledAndAnEmptyPasswordIsNeverABind() {
        assertThrows(UnauthenticatedException.class, () -> service.login("ada", "", HERE),
                "an empty password would be an anonymous bind");
        for (int i = 0; i < 4; i++) {
            assertThrows(UnauthenticatedException.class, () -> service.login("ada", "guess", HERE));
        }
        assertThrows(TooManyRequestsException.class, () -> service.login("ada", "ada-directory-pw", HERE),
                "five failures: this address waits, even with the right password");
        assertEquals(Role.ADMIN, service.login("ada", "ada-directory-pw", "198.51.100.9").role(),
                "from elsewhere the account works: it is never locked");
    }

    @Test
    void aDirectoryThatIsDownLeavesLocalAccountsWorking() {
        service.login("ada", "ada-directory-pw", HERE);
        ldap.shutDown(true);
        UnavailableException down = assertThrows(UnavailableException.class,
                () -> service.login("ada", "ada-directory-pw", HERE));
        assertTrue(down.getMessage().contains("local accounts can still sign in"), down.getMessage());
        Session admin = service.login("admin", "local-admin-password", HERE);
        assertEquals(Role.ADMIN, admin.role());
        assertFalse(service.get("admin").directory());
    }

    @Test
    void theConnectionTestSaysWhatItFound() throws Exception {
        DirectoryTestResult ok = directory.test(null, "ada", "ada-directory-pw", "admin");
        assertTrue(ok.connected());
        assertTrue(ok.bound());
        assertEquals("uid=ada,ou=people," + BASE, ok.userDn());
        assertEquals(Role.ADMIN, ok.role());
        assertTrue(ok.groups().containsAll(List.of("fleet-admins", "fleet-operators")), ok.groups().toString());
        assertEquals(Boolean.TRUE, ok.authenticated());
        assertNull(ok.error());

        DirectoryTestResult wrongPassword = directory.test(null, "ada", "nope", "admin");
        assertEquals(Boolean.FALSE, wrongPassword.authenticated());

        DirectorySettings badBind = new DirectorySettings(true, "ldap://127.0.0.1:" + ldap.getListenPort(), false,
                "cn=reader," + BASE, "wrong-secret", true, "ou=people," + BASE, null, null, null, List.of("x"), null,
                null, null, null, null, 2);
        DirectoryTestResult refused = directory.test(badBind, null, null, "admin");
        assertTrue(refused.connected());
        assertFalse(refused.bound());
        assertNotNull(refused.error());
        assertTrue(refused.error().contains("refused the service account"), refused.error());

        ldap.shutDown(true);
        DirectoryTestResult down = directory.test(null, null, null, "admin");
        assertFalse(down.connected());
        assertNotNull(down.error());
    }
}
