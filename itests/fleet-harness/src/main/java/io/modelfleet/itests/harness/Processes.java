package io.modelfleet.itests.harness;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Unpacking the built distributions and running them as the processes users run. */
public final class Processes {
    private Processes() {
    }

    /** Unpacks the tar.gz of an artifact from the local repository into {@code into} and returns its top directory. */
    public static Path unpack(String artifactId, Path into) throws IOException, InterruptedException {
        Path dir = localRepository().resolve("io/modelfleet").resolve(artifactId).resolve(version());
        Path archive;
        try (Stream<Path> files = Files.list(dir)) {
            archive = files.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no tar.gz of " + artifactId + " in " + dir));
        }
        Files.createDirectories(into);
        run(List.of("tar", "xzf", archive.toString(), "-C", into.toString()));
        try (Stream<Path> tops = Files.list(into)) {
            return tops.filter(Files::isDirectory).findFirst().orElseThrow().toAbsolutePath();
        }
    }

    /** The local Maven repository the build installed ModelFleet's artifacts in. */
    public static Path localRepository() {
        return Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
    }

    /** The version of ModelFleet under test. */
    public static String version() {
        return System.getProperty("modelfleet.version", "0.1.0-SNAPSHOT");
    }

    public static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + " failed");
        }
    }

    public static Process start(List<String> command, Path workDir, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** SIGTERM to the process and everything it started (launcher scripts fork the JVM), then wait. */
    public static void stop(Process process) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            child.onExit().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not there yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }
}
