package io.modelfleet.agent.launcher;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts the edge agent: a plain Felix framework that installs every bundle in {@code system/}, has FileInstall
 * watch {@code etc/} (configurations) and {@code deploy/} (plugin bundles added at run time), and stops cleanly on
 * SIGTERM. A bundle that cannot resolve stops the start with its missing requirement, rather than an agent that
 * runs without, say, its runtime.
 */
public final class Main {
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
        Map<String, String> config = new HashMap<>(options.properties());
        config.put(Constants.FRAMEWORK_STORAGE, home.resolve("data/cache").toString());
        // bundles in system/ may have been upgraded: start from them, not from a stale cache
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
        Files.createDirectories(home.resolve("deploy"));

        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.init();
        List<Bundle> bundles = new ArrayList<>();
        try (Stream<Path> jars = Files.list(home.resolve("system"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                bundles.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
            }
        }
        framework.start();
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                problems.add(bundle.getSymbolicName() + ": " + e.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "modelfleet-agent-shutdown"));
        if (!problems.isEmpty()) {
            System.err.println("modelfleet-agent: bundles could not start:");
            problems.forEach(p -> System.err.println("  " + p));
            stop(framework);
            return 1;
        }
        if (options.command().equals("check")) {
            Thread.sleep(1000); // let SCR activate what it can
            System.out.print(table(bundles));
            boolean allActive = bundles.stream().allMatch(b -> b.getState() == Bundle.ACTIVE
                    || (b.getHeaders().get(Constants.FRAGMENT_HOST) != null && b.getState() == Bundle.RESOLVED));
            stop(framework);
            return allActive ? 0 : 1;
        }
        framework.waitForStop(0);
        return 0;
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
