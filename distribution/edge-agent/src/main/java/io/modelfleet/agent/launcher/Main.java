package io.modelfleet.agent.launcher;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts the edge agent: a plain Felix framework that installs every bundle in {@code system/} (overlaid by the agent
 * release in service, see {@link Releases}), has FileInstall watch {@code etc/} (configurations) and {@code deploy/}
 * (plugin bundles added at run time), and stops cleanly on SIGTERM. A bundle that cannot resolve stops the start with
 * its missing requirement, rather than an agent that runs without, say, its runtime.
 * <p>
 * A pending agent release runs as a trial: if a bundle does not start, or the agent does not confirm the release
 * within its health time, the trial is recorded as failed and the launcher exits with
 * {@value Releases#RESTART_EXIT_CODE}, as it does when the agent asks for a restart; {@code bin/modelfleet-agent}
 * then starts a fresh JVM. The framework is not restarted in this JVM: native libraries (ONNX Runtime) stay loaded
 * with the class loader of the bundle that loaded them, and the same library cannot be loaded by a new one.
 */
public final class Main {
    /** Framework properties the agent bundle reads ({@code io.modelfleet.agent.internal.AgentComponent}). */
    static final String RELEASES_DIR = "modelfleet.agent.releases";
    static final String RELEASE = "modelfleet.agent.release";
    static final String RELEASE_TRIAL = "modelfleet.agent.release.trial";
    static final String RELEASE_UPDATE = "modelfleet.agent.release.update";
    /**
     * Under the installation, where {@code bin/modelfleet-agent} looks: it exists while a trial runs, so a JVM that
     * dies during one (any exit but 75) is started once more, and that start records the crash and goes back.
     */
    static final String TRIAL_RUNNING = "data/release-trial";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("modelfleet.agent.home", ".")).toAbsolutePath().normalize();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(List.of(args), System.getenv(), home);
        } catch (IllegalArgumentException e) {
            System.err.println("modelfleet-agent: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        System.exit(launch(home, options));
    }

    static int launch(Path home, Options options) throws Exception {
        return launch(home, options, framework -> {
        });
    }

    /** {@code started} sees the framework once every bundle started (tests look at it, and may stop it). */
    static int launch(Path home, Options options, Consumer<Framework> started) throws Exception {
        boolean check = options.command().equals("check");
        Releases releases = new Releases(Path.of(options.properties().get("modelfleet.agent.data")).resolve("releases")
                .toAbsolutePath());
        // check shows what run would start, without counting it as a trial's attempt
        Releases.Plan plan = releases.plan(home.resolve("system"), !check);
        boolean onTrial = plan.trial() && !check;
        Files.createDirectories(home.resolve("deploy"));
        Path trialRunning = home.resolve(TRIAL_RUNNING);
        Files.deleteIfExists(trialRunning);
        releases.clearMarkers();
        if (onTrial) {
            System.err.println("modelfleet-agent: trying " + plan.describe() + (plan.updateId().isEmpty() ? ""
                    : " (agent update " + plan.updateId() + ")") + "; it has " + plan.healthSeconds()
                    + " s to prove itself healthy");
            Files.createDirectories(trialRunning.getParent());
            Files.writeString(trialRunning, plan.pending() + "\n");
        }

        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next()
                .newFramework(configuration(home, options, releases, plan, onTrial));
        Trial trial = onTrial ? new Trial(releases, plan, framework, trialRunning) : null;
        Thread shutdownHook = new Thread(() -> {
            stop(framework);
            if (trial != null) {
                trial.stoppedFromOutside();
            }
        }, "modelfleet-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            framework.init();
            List<Bundle> bundles = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Path jar : plan.bundles()) {
                try {
                    bundles.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
                } catch (BundleException e) {
                    problems.add(jar + ": " + e.getMessage());
                }
            }
            framework.start();
            for (Bundle bundle : problems.isEmpty() ? bundles : List.<Bundle>of()) {
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                    continue;
                }
                try {
                    bundle.start();
                } catch (BundleException e) {
                    problems.add(bundle.getSymbolicName() + ": " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                System.err.println("modelfleet-agent: bundles could not start:");
                problems.forEach(p -> System.err.println("  " + p));
                stop(framework);
                if (trial != null) {
                    return trial.failed(String.join("; ", problems.stream()
                            .map(problem -> "bundle " + problem.replaceFirst(": ", " could not start: ")).toList()));
                }
                return 1;
            }
            if (check) {
                Thread.sleep(1000); // let SCR activate what it can
                System.out.println("agent release: " + plan.describe());
                System.out.print(table(bundles));
                boolean allActive = bundles.stream().allMatch(b -> b.getState() == Bundle.ACTIVE
                        || (b.getHeaders().get(Constants.FRAGMENT_HOST) != null && b.getState() == Bundle.RESOLVED));
                stop(framework);
                return allActive ? 0 : 1;
            }
            if (trial != null) {
                releases.markTrialStarted(plan);
                trial.watch();
            }
            started.accept(framework);
            framework.waitForStop(0);
            if (trial != null && trial.stoppedByWatchdog()) {
                return Releases.RESTART_EXIT_CODE; // into the current set, or the confirmed one if that came last
            }
            if (releases.takeRestartRequest()) {
                System.err.println("modelfleet-agent: the agent asked for a restart into another agent release");
                return Releases.RESTART_EXIT_CODE;
            }
            if (trial != null) {
                trial.stoppedFromOutside();
            }
            return 0;
        } finally {
            Files.deleteIfExists(trialRunning); // this JVM ends normally: the verdict, if any, is recorded
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook runs
            }
        }
    }

    /** The framework properties: the options', the release this start runs, Felix's and FileInstall's. */
    private static Map<String, String> configuration(Path home, Options options, Releases releases, Releases.Plan plan,
            boolean onTrial) {
        Map<String, String> config = new HashMap<>(options.properties());
        config.put(RELEASES_DIR, releases.dir().toString());
        config.put(RELEASE, plan.version());
        config.put(RELEASE_TRIAL, Boolean.toString(onTrial));
        config.put(RELEASE_UPDATE, plan.updateId());
        config.put(Constants.FRAMEWORK_STORAGE, home.resolve("data/cache").toString());
        // bundles in system/ may have been upgraded, a release put in or taken out: start from them, not a stale cache
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the local inference endpoint uses the JDK's HTTP server; ONNX Runtime and Jackson look for sun.misc
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "com.sun.net.httpserver,sun.misc,sun.nio.ch");
        config.put("felix.fileinstall.dir", home.resolve("etc").toString());
        config.put("felix.fileinstall.filter", ".*\\.cfg");
        config.put("felix.fileinstall.poll", "1000");
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.log.level", "2");
        // never write configurations back: the .cfg files are the operator's (with ${...} placeholders and comments),
        // and a write-back racing a restart was seen to leave one empty
        config.put("felix.fileinstall.enableConfigSave", "false");
        return config;
    }

    /**
     * A pending release on trial: failed when a bundle does not start or the agent does not confirm it within its
     * health time (the watchdog stops the framework first, so the agent cannot confirm while the failure is written).
     */
    private static final class Trial {
        private final Releases releases;
        private final Releases.Plan plan;
        private final Framework framework;
        private final Path running;
        private boolean decided;
        private boolean stoppedByWatchdog;

        Trial(Releases releases, Releases.Plan plan, Framework framework, Path running) {
            this.releases = releases;
            this.plan = plan;
            this.framework = framework;
            this.running = running;
        }

        void watch() {
            Thread watchdog = new Thread(this::awaitConfirmation, "modelfleet-agent-release-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        private void awaitConfirmation() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(plan.healthSeconds());
            try {
                while (System.nanoTime() < deadline) {
                    Thread.sleep(Math.max(1, Math.min(500, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                    if (framework.getState() != Bundle.ACTIVE) {
                        return;
                    }
                    if (releases.trialOver(plan)) {
                        Files.deleteIfExists(running); // confirmed: a crash from now on is no trial's
                        return;
                    }
                }
                synchronized (this) {
                    if (decided || releases.trialOver(plan)) {
                        return;
                    }
                    stoppedByWatchdog = true;
                    stop(framework);
                    // the agent may have confirmed while it was being stopped: then that stands
                    if (!releases.trialOver(plan)) {
                        failed(plan.describe() + " was not healthy within " + plan.healthSeconds() + " s");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                System.err.println("modelfleet-agent: cannot record the end of the trial of " + plan.describe() + ": " + e);
            }
        }

        synchronized int failed(String reason) throws IOException {
            decided = true;
            releases.fail(plan, reason);
            return Releases.RESTART_EXIT_CODE;
        }

        /** Waits for a watchdog that is writing its verdict. */
        synchronized boolean stoppedByWatchdog() {
            return stoppedByWatchdog;
        }

        /** Stopped by a signal, or by the agent for a restart: no verdict, and not to be taken for a crash. */
        synchronized void stoppedFromOutside() {
            if (decided) {
                return;
            }
            decided = true;
            try {
                releases.forgetAttempt(plan);
            } catch (IOException e) {
                System.err.println("modelfleet-agent: cannot record the stop of the trial of " + plan.describe() + ": " + e);
            }
        }
    }

    static String table(List<Bundle> bundles) {
        StringBuilder out = new StringBuilder(String.format("%-4s %-9s %-45s %s%n", "id", "state", "bundle", "version"));
        for (Bundle bundle : bundles) {
            out.append(String.format("%-4d %-9s %-45s %s%n", bundle.getBundleId(), state(bundle.getState()),
                    bundle.getSymbolicName(), bundle.getVersion()));
        }
        return out.toString();
    }

    private static String state(int state) {
        return switch (state) {
        case Bundle.ACTIVE -> "ACTIVE";
        case Bundle.RESOLVED -> "RESOLVED";
        case Bundle.INSTALLED -> "INSTALLED";
        case Bundle.STARTING -> "STARTING";
        case Bundle.STOPPING -> "STOPPING";
        default -> "UNINSTALLED";
        };
    }

    private static void stop(Framework framework) {
        try {
            if (framework.getState() == Bundle.ACTIVE || framework.getState() == Bundle.STARTING) {
                framework.stop();
                framework.waitForStop(30_000);
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("modelfleet-agent: stop failed: " + e);
        }
    }

}
