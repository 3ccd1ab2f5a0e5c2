package io.modelfleet.api.security;

/** Changes to a user; null fields stay as they are. */
public record UserUpdate(Role role, Boolean disabled, String password) {
    public UserUpdate {
        if (password != null) {
            NewUser.checkPassword(password);
        }
    }
}
