package io.modelfleet.agent.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.spi.runtime.InferenceRuntime;

/**
 * The edge agent. One configuration, one agent; in simulation (framework property
 * {@code modelfleet.agent.simulate.count=N}) N virtual agents with their own identities, data dirs and queues share
 * this JVM, the HTTP client and the inference runtime, and each sends {@code modelfleet.agent.simulate.rate}
 * inferences a second on its model. Runtimes are plugins, tracked as they come and go. Agent releases are installed
 * by the one real agent, with the launcher (framework properties {@value #RELEASES_DIR}, {@value #RELEASE},
 * {@value #RELEASE_TRIAL}, {@value #RELEASE_UPDATE}); simulated agents refuse them.
 */
@Component(configurationPid = AgentConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = AgentConfiguration.class)
public final class AgentComponent {
    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);

    private final Map<String, InferenceRuntime> runtimes = new ConcurrentHashMap<>();
    private final List<EdgeAgent> agents = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final LocalInferenceServer httpEndpoint;

    @Activate
    public AgentComponent(BundleContext context, AgentConfiguration config) throws IOException {
        if (config.serverUrl() == null || config.serverUrl().isBlank()) {
            throw new IllegalArgumentException("serverUrl is not configured in " + AgentConfiguration.PID);
        }
        int simulated = intProperty(context, "modelfleet.agent.simulate.count", 0);
        double rate = doubleProperty(context, "modelfleet.agent.simulate.rate", 1.0);
        Path credentialFile = pathOrNull(config.credentialFile());
        Path serverKeyFile = pathOrNull(config.serverKeyFile());
        if ((credentialFile == null) != (serverKeyFile == null)) {
            throw new IllegalArgumentException("credentialFile and serverKeyFile go together in " + AgentConfiguration.PID);
        }
        if (credentialFile != null && simulated > 0) {
            throw new IllegalArgumentException("simulated agents enroll each: credentialFile and serverKeyFile are for one");
        }
        // the release the launcher started (framework property); the installed set reports the bundle's version
        String release = stringProperty(context, RELEASE, "");
        String agentVersion = release.isEmpty() ? context.getBundle().getVersion().toString() : release;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(simulated > 0 ? Math.max(4, Math.min(32, simulated / 25)) : 2, r -> {
            Thread thread = new Thread(r, "modelfleet-agent-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HealthPolicy health = new HealthPolicy(config.healthWarmupRuns(), config.healthWindowSeconds() * 1000L,
                config.healthMinRequests(), config.healthMaxErrorRate(), config.healthMaxLatencyMs());
        SamplePolicy sampling = SamplePolicy.of(config.sampleMode(), config.sampleThreshold(), config.sampleRate(),
                config.maxSampleBytes());
        Path dataDir = Path.of(config.dataDir());
        String baseName = config.name() == null || config.name().isBlank() ? null : config.name();
        if (simulated <= 0) {
            EdgeAgent agent = new EdgeAgent(new AgentSettings(config.serverUrl(), config.enrollmentToken(), dataDir,
                    baseName, config.queueMaxBytes(), config.heartbeatSeconds(), config.pollSeconds(), health,
                    sampling, credentialFile, serverKeyFile), http, runtimes::get,
                    () -> DeviceProbe.probe(agentVersion, runtimeNames()), Clock.systemUTC(), releaseHandling(context, release));
            agents.add(agent);
            scheduler.scheduleWithFixedDelay(agent::tick, 0, 1, TimeUnit.SECONDS);
            httpEndpoint = config.httpPort() < 0 ? null
                    : new LocalInferenceServer(agent, config.httpHost(), config.httpPort());
            if (!config.inputDir().isBlank()) {
                Path output = config.outputDir().isBlank() ? Path.of(config.inputDir()).resolveSibling("output")
                        : Path.of(config.outputDir());
                FolderInput folder = new FolderInput(agent, Path.of(config.inputDir()), output,
                        FolderInput.Policy.valueOf(config.inputPolicy().trim().toUpperCase(Locale.ROOT)));
                scheduler.scheduleWithFixedDelay(folder::scan, 1, 1, TimeUnit.SECONDS);
            }
        } else {
            httpEndpoint = null;
            // one probe for all: the virtual agents run on this one device
            DeviceInfo device = DeviceProbe.probe(agentVersion, List.of());
            String prefix = baseName == null ? "sim" : baseName;
            SharedSessions shared = new SharedSessions(runtimes::get);
            for (int i = 1; i <= simulated; i++) {
                String name = String.format("%s-%05d", prefix, i);
                EdgeAgent agent = new EdgeAgent(new AgentSettings(config.serverUrl(), config.enrollmentToken(),
                        dataDir.resolve(name), name, Math.max(2L * ResultQueue.SEGMENT_BYTES, config.queueMaxBytes() / simulated),
                        config.heartbeatSeconds(), config.pollSeconds(), health, sampling), http, shared,
                        () -> withRuntimes(device, runtimeNames()), Clock.systemUTC());
                agents.add(agent);
                // spread the fleet over the first second instead of a thundering herd
                long offset = ThreadLocalRandom.current().nextLong(1000);
                scheduler.scheduleWithFixedDelay(agent::tick, offset, 1000, TimeUnit.MILLISECONDS);
                if (rate > 0) {
                    long period = Math.max(1, (long) (1_000_000 / rate));
                    scheduler.scheduleAtFixedRate(() -> simulateInference(agent), offset * 1000, period, TimeUnit.MICROSECONDS);
                }
            }
            LOG.info("Simulating {} agents at {} inferences/s each against {}", simulated, rate, config.serverUrl());
        }
    }

    private static DeviceInfo withRuntimes(DeviceInfo device, List<String> runtimes) {
        return new DeviceInfo(device.hostname(), device.os(), device.osVersion(), device.arch(), device.cpu(),
                device.cores(), device.memoryBytes(), device.gpu(), device.agentVersion(), runtimes);
    }

    private static void simulateInference(EdgeAgent agent) {
        Optional<Map<String, Object>> sample = agent.sampleInput();
        if (sample.isEmpty()) {
            return;
        }
        try {
            agent.infer(Perturb.randomize(sample.get()), "simulated");
        } catch (Exception e) {
            LOG.debug("Simulated inference failed: {}", e.toString());
        }
    }

    /** {@code format:runtime}, e.g. {@code onnx:onnxruntime-1.23.2}: the server checks a model's format against it. */
    private List<String> runtimeNames() {
        return runtimes.values().stream().map(runtime -> runtime.format() + ":" + runtime.runtimeVersion()).sorted()
                .toList();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRuntime(InferenceRuntime runtime) {
        runtimes.put(runtime.format(), runtime);
    }

    void removeRuntime(InferenceRuntime runtime) {
        runtimes.remove(runtime.format(), runtime);
    }

    /**
     * Framework properties the launcher (distribution/edge-agent, {@code io.modelfleet.agent.launcher.Main}) sets:
     * where the releases live, the release this start runs (empty: the installed set), whether that is a trial and
     * of which agent update.
     */
    static final String RELEASES_DIR = "modelfleet.agent.releases";
    static final String RELEASE = "modelfleet.agent.release";
    static final String RELEASE_TRIAL = "modelfleet.agent.release.trial";
    static final String RELEASE_UPDATE = "modelfleet.agent.release.update";

    private static AgentReleases.Handling releaseHandling(BundleContext context, String release) {
        String dir = stringProperty(context, RELEASES_DIR, "");
        if (dir.isEmpty()) {
            return new AgentReleases.Refusal(AgentReleases.NOT_LAUNCHED);
        }
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        // a fresh JVM rather than a framework restart in this one: ONNX Runtime's native library stays loaded with
        // its class loader, and a bundle of a new release could not load it again
        Runnable restart = () -> {
            try {
                system.stop(); // returns at once; the launcher sees the marker and exits with 75
            } catch (BundleException e) {
                LOG.error("Cannot stop the framework to restart into another agent release", e);
            }
        };
        return new AgentReleases.Launch(Path.of(dir), release,
                Boolean.parseBoolean(stringProperty(context, RELEASE_TRIAL, "false")),
                stringProperty(context, RELEASE_UPDATE, ""), restart);
    }

    private static String stringProperty(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null ? fallback : value.trim();
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    private static int intProperty(BundleContext context, String key, int fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static double doubleProperty(BundleContext context, String key, double fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : Double.parseDouble(value.trim());
    }

    @Deactivate
    void deactivate() {
        if (httpEndpoint != null) {
            httpEndpoint.close();
        }
        // let running ticks finish: interrupting one mid-append would close its queue file under it
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(15, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (EdgeAgent agent : agents) {
            try {
                agent.close();
            } catch (IOException e) {
                LOG.warn("Closing agent failed: {}", e.toString());
            }
        }
    }
}
