package io.modelfleet.api.security;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;

/** Operator accounts, login sessions and their checks. */
@ProviderType
public interface UserService {

    /**
     * Fails with 401 on a wrong user or password, and with 429 while the client address is throttled after failures
     * (for this username or for any). Usernames are case-insensitive.
     *
     * @param clientAddress where the attempt comes from (the IP address), the unit of throttling
     */
    Session login(String username, String password, String clientAddress);

    /**
     * The same check and throttling as {@link #login}, without a session: for logins another protocol holds (the SSH
     * console), so failures there and on the web count together.
     */
    User verifyPassword(String username, String password, String clientAddress);

    /** Resolves a session token, extending its idle expiry; fails with 401 when unknown or expired. */
    Caller authenticate(String sessionToken);

    void logout(String sessionToken);

    /**
     * A user changes their own password: the current one is checked (and a wrong one counts as a failed login,
     * throttled like one), the new one must be a valid password other than the current. Every session of the user
     * ends, the change is audited, and a new session is answered so the user stays signed in where they are.
     *
     * @throws io.modelfleet.api.AccessDeniedException when the current password is wrong
     * @throws io.modelfleet.api.InvalidInputException when the new password is too short, too long or unchanged
     */
    Session changeOwnPassword(String username, String currentPassword, String newPassword, String clientAddress);

    User create(NewUser user, String actor);

    User update(String username, UserUpdate update, String actor);

    User get(String username);

    Page<User> list(PageRequest page);
}
