package io.modelfleet.security.internal;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.User;
import io.modelfleet.api.security.UserService;

/**
 * Checks a console login against ModelFleet's users. The subject gets the user and, as Karaf role principals, the
 * user's role and every role it includes ({@code fleet-admin} includes {@code fleet-manager} includes
 * {@code fleet-viewer}), which the fleet command ACL ({@code etc/org.apache.karaf.command.acl.fleet.cfg}) and the
 * console's {@code sshRole} are written in; administrators also get Karaf's own roles.
 * The client address Karaf's SSH server puts in the subject is the unit of throttling, as for web logins.
 */
public final class ShellLoginModule implements LoginModule {
    /** Every user has fleet-viewer, managers fleet-manager too, admins fleet-admin as well. */
    static final String KARAF_ROLE_PREFIX = "fleet-";
    /** Only administrators get Karaf's roles: a manager changes the fleet, not the server's bundles or configuration. */
    static final List<String> KARAF_ROLES = List.of("admin", "manager", "viewer");

    private Subject subject;
    private CallbackHandler callbacks;
    private BundleContext context;
    private final List<Principal> added = new ArrayList<>();
    private User user;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.context = (BundleContext) options.get(BundleContext.class.getName());
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("Username: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbacks.handle(new Callback[] { name, password });
        } catch (Exception e) {
            throw new LoginException("the console did not pass a username and password: " + e.getMessage());
        }
        char[] secret = password.getPassword();
        String username = name.getName();
        if (username == null || secret == null) {
            throw new FailedLoginException("wrong username or password");
        }
        ServiceReference<UserService> reference = context.getServiceReference(UserService.class);
        UserService users = reference == null ? null : context.getService(reference);
        if (users == null) {
            throw new LoginException("ModelFleet's user service is not running; try again when the server has started");
        }
        try {
            user = users.verifyPassword(username, new String(secret), clientAddress());
            return true;
        } catch (ModelFleetException e) {
            throw new FailedLoginException(e.getMessage());
        } finally {
            password.clearPassword();
            context.ungetService(reference);
        }
    }

    /** Karaf's SSH server records the client as {@code /10.0.0.7:51234}; throttling keys on the bare address. */
    private String clientAddress() {
        for (ClientPrincipal client : subject.getPrincipals(ClientPrincipal.class)) {
            return bareAddress(client.getAddress());
        }
        return "console";
    }

    static String bareAddress(String address) {
        String text = address.startsWith("/") ? address.substring(1) : address;
        if (text.startsWith("[") && text.contains("]")) {
            return text.substring(1, text.indexOf(']'));
        }
        int colon = text.lastIndexOf(':');
        // one colon: host:port; more: an IPv6 address (Java prints it without brackets, the port after the last colon)
        return colon > 0 ? text.substring(0, colon) : text;
    }

    @Override
    public boolean commit() {
        if (user == null) {
            return false;
        }
        added.add(new UserPrincipal(user.username()));
        for (Role role : Role.values()) {
            if (user.role().includes(role)) {
                added.add(new RolePrincipal(KARAF_ROLE_PREFIX + role.name().toLowerCase(Locale.ROOT)));
            }
        }
        if (user.role() == Role.ADMIN) {
            // Karaf's own roles, which its command ACLs (bundle:, feature:, config:, system:) are written in
            KARAF_ROLES.forEach(role -> added.add(new RolePrincipal(role)));
        }
        subject.getPrincipals().addAll(added);
        return true;
    }

    @Override
    public boolean abort() {
        user = null;
        return logout();
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(added);
        added.clear();
        return true;
    }
}
