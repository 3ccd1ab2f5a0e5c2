package io.modelfleet.rest.internal;

import java.time.Duration;
import java.time.Instant;

import io.modelfleet.api.security.Session;

/**
 * The web console's session: the same opaque token as API clients get, but in an HttpOnly cookie, so script injected
 * into the page could not read it. SameSite=Strict keeps other sites' pages from sending it; Secure on HTTPS.
 */
final class SessionCookie {
    static final String NAME = "mf_session";

    private SessionCookie() {
    }

    static String set(Session session, boolean secure) {
        long seconds = Math.max(0, Duration.between(Instant.now(), session.absoluteExpiresAt()).toSeconds());
        return NAME + "=" + session.token() + "; Path=/api; Max-Age=" + seconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static String clear(boolean secure) {
        return NAME + "=; Path=/api; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
