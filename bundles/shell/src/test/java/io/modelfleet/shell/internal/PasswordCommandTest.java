package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.api.security.UserService;

class PasswordCommandTest {
    @RegisterExtension
    final ShellConsole console = new ShellConsole();
    private final List<String> calls = new ArrayList<>();
    private final List<String> prompts = new ArrayList<>();
    private final UserService users = (UserService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { UserService.class }, (proxy, method, args) -> {
                if (!method.getName().equals("changeOwnPassword")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                calls.add(args[0] + " " + args[1] + " -> " + args[2] + " from " + args[3]);
                return null;
            });

    private void run(String... typed) throws Exception {
        Deque<String> answers = new ArrayDeque<>(List.of(typed));
        PasswordCommand command = new PasswordCommand();
        command.users = users;
        command.session = ShellConsole.session(Map.of("USER", ShellConsole.USER)::get, (prompt, mask) -> {
            prompts.add(prompt + (mask == null ? "" : " masked"));
            return answers.poll();
        });
        assertTrue(new DefaultActionPreparator().prepare(command, command.session, List.of()));
        command.execute();
    }

    @Test
    void asksForTheCurrentPasswordAndTheNewOneTwiceWithoutEchoingThem() throws Exception {
        run("old-password-1", "new-password-22", "new-password-22");
        assertEquals(List.of("alice old-password-1 -> new-password-22 from shell:alice"), calls);
        assertEquals(List.of("Current password:  masked", "New password (at least 12 characters):  masked",
                "Repeat the new password:  masked"), prompts);
        assertTrue(console.out().contains("Password of alice changed"), console.out());
    }

    @Test
    void twoDifferentNewPasswordsChangeNothing() throws Exception {
        run("old-password-1", "new-password-22", "new-password-23");
        assertEquals(List.of("Error: the two new passwords differ; nothing was changed"), console.errors());
        assertEquals(List.of(), calls);
    }

    @Test
    void aSessionWithoutATerminalIsToldWhereElseToChangeIt() throws Exception {
        PasswordCommand command = new PasswordCommand();
        command.users = users;
        command.session = ShellConsole.session();
        command.execute();
        assertTrue(console.err().contains("POST /api/v1/auth/password"), console.err());
        assertEquals(List.of(), calls);
    }
}
