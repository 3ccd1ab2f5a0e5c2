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

    User create(NewUser user, String actor);

    User update(String username, UserUpdate update, String actor);

    User get(String username);

    Page<User> list(PageRequest page);
}
