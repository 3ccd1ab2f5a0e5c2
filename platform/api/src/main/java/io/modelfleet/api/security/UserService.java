package io.modelfleet.api.security;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;

/** Operator accounts, login sessions and their checks. */
@ProviderType
public interface UserService {

    /** Fails with 401 on a wrong user or password and 429 while the account is throttled after failures. */
    Session login(String username, String password);

    /** Resolves a session token, extending its idle expiry; fails with 401 when unknown or expired. */
    Caller authenticate(String sessionToken);

    void logout(String sessionToken);

    User create(NewUser user, String actor);

    User update(String username, UserUpdate update, String actor);

    User get(String username);

    Page<User> list(PageRequest page);
}
