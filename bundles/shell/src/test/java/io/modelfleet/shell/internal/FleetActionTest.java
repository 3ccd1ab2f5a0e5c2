package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.HashMap;
import java.util.Map;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;

class FleetActionTest {
    private final Map<String, Object> variables = new HashMap<>();

    private FleetAction action(Runnable body) {
        FleetAction action = new FleetAction() {
            @Override
            void run() {
                body.run();
            }
        };
        action.session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Session.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return variables.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return action;
    }

    @Test
    void subjectUserWinsOverTheSettableUserVariable() throws Exception {
        variables.put("USER", "mallory");
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("alice"));
        FleetAction action = action(() -> { });
        assertEquals("alice", Subject.doAs(subject, (PrivilegedExceptionAction<String>) action::actor));
    }

    @Test
    void sessionUserWithoutSubject() {
        variables.put("USER", "bob");
        assertEquals("bob", action(() -> { }).actor());
    }

    @Test
    void fallbackWithoutAnyUser() {
        variables.put("USER", " ");
        assertEquals(FleetAction.FALLBACK_ACTOR, action(() -> { }).actor());
    }

    @Test
    void serviceErrorsBecomeOneLineOnStderr() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertNull(action(() -> {
                throw new ConflictException("a user named 'alice' already exists");
            }).execute());
        } finally {
            System.setErr(original);
        }
        assertEquals("Error: a user named 'alice' already exists" + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void otherExceptionsAreNotSwallowed() {
        assertThrows(IllegalStateException.class, () -> action(() -> {
            throw new IllegalStateException("bug");
        }).execute());
    }
}
