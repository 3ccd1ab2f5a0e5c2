package io.modelfleet.security.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.UnavailableException;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.security.DirectoryService;
import io.modelfleet.api.security.DirectorySettings;
import io.modelfleet.api.security.DirectoryTestResult;
import io.modelfleet.api.security.Role;

/**
 * Operators' logins against the company directory (LDAP, LDAPS or StartTLS, with UnboundID's client). The settings
 * live in the configuration {@value #PID} (written by {@link #update}, so the console can change them); a change
 * applies to the next login without restarting anything. Certificates are checked against the JVM's trust store.
 */
@Component(service = { DirectoryService.class, LdapDirectory.class }, configurationPid = LdapDirectory.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class LdapDirectory implements DirectoryService {
    static final String PID = "io.modelfleet.directory";
    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectory.class);
    private static final int MAX_USERNAME = 64;
    private static final int MAX_GROUPS_READ = 500;

    /** A user the directory signed in: the role their groups give (null: none) and their attributes. */
    record Account(String dn, Role role, List<String> groups, String displayName, String email, boolean disabled) {
    }

    private final ConfigurationAdmin configurations;
    private final AuditLog audit;
    private final AtomicReference<DirectorySettings> settings = new AtomicReference<>();

    @Activate
    public LdapDirectory(@Reference ConfigurationAdmin configurations, @Reference AuditLog audit,
            Map<String, Object> properties) {
        this.configurations = configurations;
        this.audit = audit;
        modified(properties);
    }

    LdapDirectory(DirectorySettings settings) {
        this.configurations = null;
        this.audit = null;
        this.settings.set(settings);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            settings.set(fromProperties(properties));
        } catch (InvalidInputException | NumberFormatException e) {
            LOG.error("The directory settings in {} are not valid ({}); directory logins are off", PID, e.getMessage());
            settings.set(disabled());
        }
    }

    boolean enabled() {
        return settings.get().enabled();
    }

    @Override
    public DirectorySettings settings() {
        return settings.get().withoutPassword();
    }

    @Override
    public DirectorySettings update(DirectorySettings update, String actor) {
        DirectorySettings current = settings.get();
        String password = update.bindPassword() != null ? update.bindPassword() : current.bindPassword();
        DirectorySettings stored = withPassword(update, password);
        Dictionary<String, Object> properties = new Hashtable<>();
        put(properties, "enabled", stored.enabled());
        put(properties, "url", stored.url());
        put(properties, "startTls", stored.startTls());
        put(properties, "bindDn", stored.bindDn());
        // a leading dot keeps it out of the published service properties
        put(properties, ".bindPassword", stored.bindPassword());
        put(properties, "userBaseDn", stored.userBaseDn());
        put(properties, "userFilter", stored.userFilter());
        put(properties, "groupBaseDn", stored.groupBaseDn());
        put(properties, "groupFilter", stored.groupFilter());
        put(properties, "adminGroups", stored.adminGroups().toArray(String[]::new));
        put(properties, "managerGroups", stored.managerGroups().toArray(String[]::new));
        put(properties, "viewerGroups", stored.viewerGroups().toArray(String[]::new));
        put(properties, "displayNameAttribute", stored.displayNameAttribute());
        put(properties, "emailAttribute", stored.emailAttribute());
        put(properties, "disabledFilter", stored.disabledFilter());
        put(properties, "timeoutSeconds", stored.timeoutSeconds());
        try {
            Configuration configuration = configurations.getConfiguration(PID, "?");
            configuration.update(properties);
        } catch (IOException e) {
            throw new UnavailableException("the directory settings could not be stored: " + e.getMessage(), 5);
        }
        settings.set(stored);
        audit.record(actor, "directory.update", "directory", PID, (stored.enabled() ? "enabled " : "disabled ")
                + stored.url() + " users " + stored.userBaseDn());
        return stored.withoutPassword();
    }

    private static void put(Dictionary<String, Object> properties, String key, Object value) {
        if (value != null) {
            properties.put(key, value);
        }
    }

    @Override
    public DirectoryTestResult test(DirectorySettings candidate, String username, String password, String actor) {
        DirectorySettings current = settings.get();
        DirectorySettings tried = candidate == null ? current
                : withPassword(candidate, candidate.bindPassword() != null ? candidate.bindPassword() : current.bindPassword());
        DirectoryTestResult result = probe(tried, username, password);
        if (audit != null) {
            audit.record(actor, "directory.test", "directory", PID, result.error() == null ? "ok" : result.error());
        }
        return result;
    }

    private DirectoryTestResult probe(DirectorySettings s, String username, String password) {
        if (s.url() == null || s.url().isBlank()) {
            return new DirectoryTestResult(false, false, null, null, null, null, null, false, null,
                    "no directory URL is set");
        }
        boolean connected = false;
        boolean bound = false;
        try (LDAPConnection connection = connect(s)) {
            connected = true;
            bindService(connection, s);
            bound = true;
            if (username == null || username.isBlank()) {
                return new DirectoryTestResult(true, true, null, null, null, null, null, false, null, null);
            }
            SearchResultEntry entry = findUser(connection, s, username);
            if (entry == null) {
                return new DirectoryTestResult(true, true, null, null, null, null, null, false, null,
                        "no user '" + username + "' under " + s.userBaseDn());
            }
            Account account = describe(connection, s, username, entry);
            Boolean authenticated = null;
            if (password != null && !password.isEmpty()) {
                authenticated = bindAs(connection, entry.getDN(), password);
            }
            return new DirectoryTestResult(true, true, entry.getDN(), account.groups(), account.role(),
                    account.displayName(), account.email(), account.disabled(), authenticated,
                    account.role() == null ? "none of the user's groups is mapped to a role" : null);
        } catch (LDAPException e) {
            return new DirectoryTestResult(connected, bound, null, null, null, null, null, false, null, describe(e));
        } catch (GeneralSecurityException e) {
            return new DirectoryTestResult(connected, bound, null, null, null, null, null, false, null,
                    "TLS could not be set up: " + e.getMessage());
        }
    }

    /**
     * Signs a user in with the directory. @return the account, or null when the directory does not know the user or
     * the password is wrong
     * @throws UnavailableException when the directory cannot be reached or refuses the service account
     */
    Account authenticate(String username, String password) {
        DirectorySettings s = settings.get();
        // an empty password would be an anonymous bind, which LDAP servers accept: never a login
        if (!s.enabled() || username == null || username.isBlank() || username.length() > MAX_USERNAME
                || password == null || password.isEmpty()) {
            return null;
        }
        try (LDAPConnection connection = connect(s)) {
            bindService(connection, s);
            SearchResultEntry entry = findUser(connection, s, username);
            if (entry == null) {
                return null;
            }
            Account account = describe(connection, s, username, entry);
            return bindAs(connection, entry.getDN(), password) ? account : null;
        } catch (LDAPException e) {
            LOG.warn("Directory login for '{}' failed: {}", username, describe(e));
            throw new UnavailableException("the directory cannot be reached (" + describe(e)
                    + "); local accounts can still sign in", 10);
        } catch (GeneralSecurityException e) {
            throw new UnavailableException("TLS to the directory could not be set up; local accounts can still sign in",
                    10);
        }
    }

    private static LDAPConnection connect(DirectorySettings s) throws LDAPException, GeneralSecurityException {
        LDAPURL url = new LDAPURL(s.url());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        int millis = s.timeoutSeconds() * 1000;
        options.setConnectTimeoutMillis(millis);
        options.setResponseTimeoutMillis(millis);
        SSLUtil ssl = new SSLUtil(JVMDefaultTrustManager.getInstance());
        boolean secure = "ldaps".equalsIgnoreCase(url.getScheme());
        LDAPConnection connection = secure
                ? new LDAPConnection(ssl.createSSLSocketFactory(), options, url.getHost(), url.getPort())
                : new LDAPConnection(options, url.getHost(), url.getPort());
        if (s.startTls()) {
            ExtendedResult started = connection.processExtendedOperation(
                    new StartTLSExtendedRequest(ssl.createSSLContext()));
            if (started.getResultCode() != ResultCode.SUCCESS) {
                connection.close();
                throw new LDAPException(started.getResultCode(), "StartTLS was refused: " + started.getDiagnosticMessage());
            }
        }
        return connection;
    }

    private static void bindService(LDAPConnection connection, DirectorySettings s) throws LDAPException {
        if (s.bindDn() != null && !s.bindDn().isBlank()) {
            connection.bind(s.bindDn(), s.bindPassword() == null ? "" : s.bindPassword());
        }
    }

    private static SearchResultEntry findUser(LDAPConnection connection, DirectorySettings s, String username)
            throws LDAPException {
        Filter filter = Filter.create(s.userFilter().replace("{0}", Filter.encodeValue(username)));
        SearchResult found = connection.search(s.userBaseDn(), SearchScope.SUB, filter, s.displayNameAttribute(),
                s.emailAttribute());
        // two entries for one username is a directory mistake; signing in as either would be a guess
        return found.getEntryCount() == 1 ? found.getSearchEntries().get(0) : null;
    }

    private static Account describe(LDAPConnection connection, DirectorySettings s, String username,
            SearchResultEntry entry) throws LDAPException {
        List<String> groups = new ArrayList<>();
        if (s.groupBaseDn() != null && !s.groupBaseDn().isBlank()) {
            Filter filter = Filter.create(s.groupFilter().replace("{0}", Filter.encodeValue(entry.getDN()))
                    .replace("{1}", Filter.encodeValue(username)));
            SearchResult found = connection.search(s.groupBaseDn(), SearchScope.SUB, filter, "cn");
            for (SearchResultEntry group : found.getSearchEntries()) {
                if (groups.size() < MAX_GROUPS_READ) {
                    groups.add(group.hasAttribute("cn") ? group.getAttributeValue("cn") : group.getDN());
                    groups.add(group.getDN());
                }
            }
        }
        boolean disabled = false;
        if (s.disabledFilter() != null && !s.disabledFilter().isBlank()) {
            disabled = connection.search(entry.getDN(), SearchScope.BASE, Filter.create(s.disabledFilter()), "1.1")
                    .getEntryCount() > 0;
        }
        return new Account(entry.getDN(), role(s, groups), groups.stream().filter(g -> !g.contains("=")).toList(),
                entry.getAttributeValue(s.displayNameAttribute()), entry.getAttributeValue(s.emailAttribute()), disabled);
    }

    private static boolean bindAs(LDAPConnection connection, String dn, String password) throws LDAPException {
        try {
            connection.bind(dn, password);
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                return false;
            }
            throw e;
        }
    }

    /** The highest role any of the groups (by cn or DN, ignoring case) is listed for. */
    static Role role(DirectorySettings s, List<String> groups) {
        if (matches(s.adminGroups(), groups)) {
            return Role.ADMIN;
        }
        if (matches(s.managerGroups(), groups)) {
            return Role.MANAGER;
        }
        return matches(s.viewerGroups(), groups) ? Role.VIEWER : null;
    }

    private static boolean matches(List<String> mapped, List<String> groups) {
        for (String group : groups) {
            for (String name : mapped) {
                if (name.trim().toLowerCase(Locale.ROOT).equals(group.trim().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(LDAPException e) {
        String message = e.getDiagnosticMessage();
        String code = e.getResultCode().getName();
        if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
            return "the directory refused the service account (bindDn and its password)";
        }
        return code + (message == null || message.isBlank() ? "" : ": " + message);
    }

    static DirectorySettings disabled() {
        return new DirectorySettings(false, null, false, null, null, false, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    private static DirectorySettings withPassword(DirectorySettings s, String password) {
        return new DirectorySettings(s.enabled(), s.url(), s.startTls(), s.bindDn(), password,
                password != null && !password.isEmpty(), s.userBaseDn(), s.userFilter(), s.groupBaseDn(),
                s.groupFilter(), s.adminGroups(), s.managerGroups(), s.viewerGroups(), s.displayNameAttribute(),
                s.emailAttribute(), s.disabledFilter(), s.timeoutSeconds());
    }

    static DirectorySettings fromProperties(Map<String, Object> p) {
        if (p == null) {
            return disabled();
        }
        String password = text(p.get(".bindPassword"));
        return new DirectorySettings(Boolean.parseBoolean(String.valueOf(p.getOrDefault("enabled", "false")).trim()),
                text(p.get("url")), Boolean.parseBoolean(String.valueOf(p.getOrDefault("startTls", "false")).trim()),
                text(p.get("bindDn")), password, password != null && !password.isEmpty(), text(p.get("userBaseDn")),
                text(p.get("userFilter")), text(p.get("groupBaseDn")), text(p.get("groupFilter")),
                list(p.get("adminGroups")), list(p.get("managerGroups")), list(p.get("viewerGroups")),
                text(p.get("displayNameAttribute")), text(p.get("emailAttribute")), text(p.get("disabledFilter")),
                p.get("timeoutSeconds") == null ? null : Integer.valueOf(String.valueOf(p.get("timeoutSeconds")).trim()));
    }

    private static String text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).trim();
    }

    /** A String[] from configuration admin, or one comma-separated text from an etc/ file. */
    private static List<String> list(Object value) {
        if (value instanceof String[] array) {
            return List.of(array).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection.stream().map(String::valueOf).map(String::trim).filter(v -> !v.isEmpty()).toList();
        }
        String text = text(value);
        return text == null ? List.of() : List.of(text.split(";")).stream().map(String::trim).filter(v -> !v.isEmpty())
                .toList();
    }
}
