package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The console a command test runs on: captures {@code System.out} and {@code System.err} around each test and
 * hands out proxied Karaf {@link Session}s. Register it with
 * {@code @RegisterExtension final ShellConsole console = new ShellConsole();}.
 */
final class ShellConsole implements BeforeEachCallback, AfterEachCallback {
    /** The user the default session belongs to. */
    static final String USER = "alice";

    static {
        // Karaf's ShellUtil logs through slf4j, which reports its missing binding on stderr once per JVM:
        // let it do so before stderr is captured
        LoggerFactory.getLogger(ShellConsole.class);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Everything printed on stdout since the test started or since the last {@link #reset()}. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Everything printed on stderr since the test started or since the last {@link #reset()}. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The lines printed on stderr. */
    List<String> errors() {
        return err().lines().toList();
    }

    /** Forgets what was printed so far on stdout. */
    void reset() {
        out.reset();
    }

    /**
     * Parses the arguments as the shell would (Karaf's own preparator), runs the command in {@link #session()}
     * and returns stdout so far.
     */
    String run(FleetAction command, String... args) throws Exception {
        command.session = session();
        assertTrue(new DefaultActionPreparator().prepare(command, command.session, List.of((Object[]) args)));
        command.execute();
        return out();
    }

    /** Alice's session, on a terminal without ANSI (no terminal) so that watched frames follow one another. */
    /** The cells of the one table row of {@code output} that holds {@code text}. */
    static List<String> row(String output, String text) {
        List<String> lines = output.lines().filter(line -> line.contains(text)).toList();
        org.junit.jupiter.api.Assertions.assertEquals(1, lines.size(), output);
        return List.of(lines.get(0).split("\\s*\\|\\s*")).stream().map(String::strip).toList();
    }

    /**
     * Runs the command in Alice's session, which answers every confirmation prompt with {@code typed} and records the
     * prompts in {@code prompts}.
     */
    static void runTyping(FleetAction command, String typed, List<String> prompts, String... args) throws Exception {
        command.session = session(Map.of("USER", USER)::get, (prompt, mask) -> {
            prompts.add(prompt);
            return typed;
        });
        assertTrue(new DefaultActionPreparator().prepare(command, command.session, List.of((Object[]) args)));
        command.execute();
    }

    static Session session() {
        return session(Map.of("USER", USER)::get);
    }

    /** A session whose variables are looked up in {@code variables}; it cannot read lines. */
    static Session session(Function<String, Object> variables) {
        return session(variables, null);
    }

    /**
     * A session whose variables are looked up in {@code variables} and that answers {@code readLine(prompt, mask)}
     * with {@code readLine}, if given.
     */
    static Session session(Function<String, Object> variables, BiFunction<String, Character, String> readLine) {
        return (Session) Proxy.newProxyInstance(ShellConsole.class.getClassLoader(), new Class<?>[] { Session.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> variables.apply((String) args[0]);
                    case "getTerminal" -> null;
                    case "readLine" -> {
                        if (readLine == null) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        yield readLine.apply((String) args[0], (Character) args[1]);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
