package io.modelfleet.api.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.modelfleet.api.security.Role;

/**
 * The least role an operator needs for a resource method (or every method of a class). Methods without any access
 * annotation are refused: access is opt-in, never a default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface RequiresRole {
    Role value();
}
