package io.modelfleet.update.center.internal;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Installs and removes plugin features through Karaf's FeaturesService, so Karaf keeps knowing what is installed
 * (and installs it again after a restart). Never with a refresh of bundles: a plugin exports nothing, so no other
 * bundle is wired to it, and refreshing would restart unrelated bundles the server is serving with.
 */
final class KarafFeatures {
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
    private final FeaturesService features;
    private final BundleContext context;

    KarafFeatures(FeaturesService features, BundleContext context) {
        this.features = features;
        this.context = context;
    }

    void addRepository(URI repository) throws UpdateCenterException {
        try {
            features.addRepository(repository);
        } catch (Exception e) {
            throw new UpdateCenterException("Karaf could not read the KAR's feature repository: " + reason(e), e);
        }
    }

    void removeRepository(URI repository) {
        try {
            features.removeRepository(repository, false);
        } catch (Exception e) {
            // gone already, or Karaf no longer knows it: nothing is left to remove
        }
    }

    /** Installs a feature; with {@code upgrade}, its other installed versions are replaced in the same step. */
    void install(String feature, String version, boolean upgrade) throws UpdateCenterException {
        EnumSet<FeaturesService.Option> options = EnumSet.copyOf(NO_REFRESH);
        if (upgrade) {
            options.add(FeaturesService.Option.Upgrade);
        }
        try {
            features.installFeature(feature, version, options);
        } catch (Exception e) {
            throw new UpdateCenterException("Karaf could not install feature " + feature + "/" + version + ": " + reason(e), e);
        }
    }

    void uninstall(String feature, String version) throws UpdateCenterException {
        try {
            if (features.isInstalled(features.getFeature(feature, version))) {
                features.uninstallFeature(feature, version, NO_REFRESH);
            }
        } catch (Exception e) {
            throw new UpdateCenterException("Karaf could not remove feature " + feature + "/" + version + ": " + reason(e), e);
        }
    }

    boolean installed(String feature, String version) {
        try {
            Feature found = features.getFeature(feature, version);
            return found != null && features.isInstalled(found);
        } catch (Exception e) {
            return false;
        }
    }

    /** The versions of {@code feature} Karaf has installed, whoever installed them. */
    java.util.List<String> installedVersions(String feature) {
        try {
            return java.util.Arrays.stream(features.listInstalledFeatures()).filter(f -> f.getName().equals(feature))
                    .map(Feature::getVersion).toList();
        } catch (Exception e) {
            return java.util.List.of();
        }
    }

    /** Waits until every bundle of the feature that should start is active. */
    void awaitActive(String feature, String version, Duration timeout) throws UpdateCenterException {
        Feature found;
        try {
            found = features.getFeature(feature, version);
        } catch (Exception e) {
            throw new UpdateCenterException("Karaf does not know feature " + feature + "/" + version, e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String waitingFor = null;
            for (BundleInfo info : found.getBundles()) {
                Bundle bundle = context.getBundle(info.getLocation());
                boolean fragment = bundle != null && bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
                boolean ready = bundle != null && (bundle.getState() == Bundle.ACTIVE || fragment && bundle.getState() == Bundle.RESOLVED);
                if (!ready && info.isStart()) {
                    waitingFor = bundle == null ? info.getLocation() : bundle.getSymbolicName() + " (" + state(bundle) + ")";
                    break;
                }
            }
            if (waitingFor == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new UpdateCenterException("the plugin's bundle " + waitingFor + " did not become active within "
                        + timeout.toSeconds() + " s; see the server log");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpdateCenterException("interrupted while the plugin started");
            }
        }
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
        case Bundle.INSTALLED -> "installed, not resolved: a requirement is missing";
        case Bundle.RESOLVED -> "resolved, not started";
        case Bundle.STARTING -> "starting";
        case Bundle.STOPPING -> "stopping";
        default -> "state " + bundle.getState();
        };
    }

    /** Karaf's resolver messages say what is missing; the exception's class name says nothing to an operator. */
    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? "no reason given (see the server log)" : cause.getMessage();
    }
}
