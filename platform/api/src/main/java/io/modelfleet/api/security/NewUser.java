package io.modelfleet.api.security;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/** A user to create. Passwords need at least 12 characters. */
public record NewUser(String username, String password, Role role) {
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 256;

    public NewUser {
        Validation.name("username", username, 64);
        checkPassword(password);
        if (role == null) {
            throw new InvalidInputException("role is required: VIEWER, MANAGER or ADMIN");
        }
    }

    public static void checkPassword(String password) {
        Validation.required("password", password, MAX_PASSWORD);
        if (password.length() < MIN_PASSWORD) {
            throw new InvalidInputException("password must have at least " + MIN_PASSWORD + " characters");
        }
    }
}
