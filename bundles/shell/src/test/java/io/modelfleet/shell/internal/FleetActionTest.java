package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.PrivilegedExceptionAction;
import java.util.HashMap;
import java.util.Map;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.api.ConflictException;

class FleetActionTest {
    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    private final Map<String, Object> variables = new HashMap<>();

    private FleetAction action(Runnable body) {
        FleetAction action = new FleetAction() {
            @Override
            void run() {
                body.run();
            }
        };
        action.session = ShellConsole.session(variables::get);
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
        assertNull(action(() -> {
            throw new ConflictException("a user named 'alice' already exists");
        }).execute());
        assertEquals("Error: a user named 'alice' already exists" + System.lineSeparator(), console.err());
    }

    @Test
    void otherExceptionsAreNotSwallowed() {
        assertThrows(IllegalStateException.class, () -> action(() -> {
            throw new IllegalStateException("bug");
        }).execute());
    }
}
