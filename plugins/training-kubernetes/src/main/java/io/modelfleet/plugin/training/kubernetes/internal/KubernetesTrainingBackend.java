package io.modelfleet.plugin.training.kubernetes.internal;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.storage.PresigningArtifactStore;
import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.spi.training.TrainingStatus;

/**
 * Training as Kubernetes batch/v1 Jobs: one Job {@code modelfleet-train-<runId>} per run, one container
 * {@code trainer} that reads the dataset from and writes its outputs to the artifact store: through presigned URLs
 * when the highest-ranked {@link ArtifactStore} is a {@link PresigningArtifactStore} (the S3 store), else on the
 * artifact store volume. The handle is {@code <namespace>/<jobName>}, so any server finds the run again from the
 * handle alone; the backend keeps no state besides its client.
 * <p>
 * The store is referenced optional, dynamic and greedy: the backend always sees the highest-ranked store of the
 * moment, and still activates without one (Jobs then need the volume).
 */
@Component(service = TrainingBackend.class, configurationPid = KubernetesTrainingConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = KubernetesTrainingConfiguration.class, factory = true)
public final class KubernetesTrainingBackend implements TrainingBackend {
    private static final Pattern HANDLE = Pattern.compile("([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)/("
            + Pattern.quote(JobTemplate.JOB_PREFIX) + "[0-9]{1,19})");
    /** Longest termination message quoted in a FAILED status. */
    private static final int MAX_REASON = 2000;

    private final KubernetesClient client;
    private final JobTemplate template;
    private final PluginDescriptor descriptor;
    private final AtomicReference<ArtifactStore> artifacts = new AtomicReference<>();
    private final Clock clock = Clock.systemUTC();

    @Activate
    public KubernetesTrainingBackend(KubernetesTrainingConfiguration config) {
        this(config, createClient(config));
    }

    /** With a client of the caller's; {@link #close} closes it. */
    KubernetesTrainingBackend(KubernetesTrainingConfiguration config, KubernetesClient client) {
        try {
            String namespace = config.namespace() == null ? "" : config.namespace().trim();
            if (namespace.isEmpty()) {
                namespace = Objects.requireNonNullElse(client.getNamespace(), "default");
            }
            this.template = new JobTemplate(config, namespace);
            String cluster = String.valueOf(client.getMasterUrl());
            String displayName = config.displayName() == null || config.displayName().isBlank()
                    ? "Kubernetes " + namespace + " (" + config.id() + ")" : config.displayName().trim();
            this.descriptor = new PluginDescriptor(config.id(), displayName, "1.0.0",
                    "Training as Kubernetes Jobs in namespace " + namespace + " of " + cluster + ", image "
                            + config.image().trim());
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalArgumentException("Kubernetes training backend '" + config.id() + "': " + e.getMessage(), e);
        }
        this.client = client;
    }

    private static KubernetesClient createClient(KubernetesTrainingConfiguration config) {
        String masterUrl = config.masterUrl() == null ? "" : config.masterUrl().trim();
        ConfigBuilder settings;
        if (masterUrl.isEmpty()) {
            // fabric8's auto-configuration: system properties, env, in-cluster service account, kubeconfig
            settings = new ConfigBuilder(Config.autoConfigure(null));
        } else {
            // an explicit server: no kubeconfig or service account settings mixed in
            settings = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).withTrustCerts(config.trustCerts());
            if (config.oauthToken() != null && !config.oauthToken().isBlank()) {
                settings.withOauthToken(config.oauthToken().trim());
            }
            if (config.caCertFile() != null && !config.caCertFile().isBlank()) {
                settings.withCaCertFile(config.caCertFile().trim());
            }
        }
        // the platform retries failed polls itself; fabric8's default (10 retries, doubling) blocks a poll for long
        settings.withRequestRetryBackoffLimit(Math.max(0, config.requestRetryBackoffLimit()));
        return new KubernetesClientBuilder().withConfig(settings.build())
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    @Reference(service = ArtifactStore.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetArtifacts")
    void setArtifacts(ArtifactStore store) {
        artifacts.set(store);
    }

    void unsetArtifacts(ArtifactStore store) {
        artifacts.compareAndSet(store, null); // a greedy rebind binds the new store before unbinding the old
    }

    @Deactivate
    void close() {
        client.close();
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String submit(TrainingRequest request) throws Exception {
        ArtifactStore store = artifacts.get();
        PresignedInputs urls = store instanceof PresigningArtifactStore presigning
                ? PresignedInputs.of(presigning, request, template.presignedUrlValidity,
                        PresignedInputs.MAX_CONTENT_URLS, clock)
                : null;
        Job job = template.job(request, urls);
        String name = job.getMetadata().getName();
        Resource<Job> resource = jobs(template.namespace, name);
        for (int attempt = 0; ; attempt++) {
            try {
                client.batch().v1().jobs().inNamespace(template.namespace).resource(job).create();
                return handle(template.namespace, name);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
            // a retry after a crash: the Job is there already
            Job existing = resource.get();
            if (existing != null) {
                Map<String, String> labels = existing.getMetadata().getLabels();
                if (labels == null || !JobTemplate.MANAGED_BY_VALUE.equals(labels.get(JobTemplate.MANAGED_BY))
                        || !String.valueOf(request.runId()).equals(labels.get(JobTemplate.RUN_ID))) {
                    throw new IllegalStateException("a Job " + template.namespace + "/" + name
                            + " exists that ModelFleet did not create for run " + request.runId());
                }
                return handle(template.namespace, name);
            }
            if (attempt > 0) { // deleted between create and get, twice
                throw new IllegalStateException("the Job " + template.namespace + "/" + name
                        + " keeps conflicting but cannot be read");
            }
        }
    }

    @Override
    public TrainingStatus status(String handle) throws Exception {
        Optional<String[]> parsed = parse(handle);
        if (parsed.isEmpty()) {
            return new TrainingStatus(TrainingPhase.FAILED, 0, "'" + handle + "' is not a Kubernetes Job handle");
        }
        String namespace = parsed.get()[0];
        String name = parsed.get()[1];
        Job job = jobs(namespace, name).get();
        if (job == null) {
            return new TrainingStatus(TrainingPhase.FAILED, 0, "the Job " + handle
                    + " no longer exists (cancelled, deleted, or removed after ttlSecondsAfterFinished)");
        }
        JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
        int succeeded = orZero(status.getSucceeded());
        int failed = orZero(status.getFailed());
        int active = orZero(status.getActive());
        if (succeeded >= 1 || condition(status, "Complete").isPresent()) {
            return new TrainingStatus(TrainingPhase.SUCCEEDED, 1, "the Job " + handle + " completed");
        }
        Optional<JobCondition> failure = condition(status, "Failed").or(() -> condition(status, "FailureTarget"));
        int backoffLimit = job.getSpec() == null || job.getSpec().getBackoffLimit() == null
                ? template.backoffLimit : job.getSpec().getBackoffLimit();
        if (failure.isPresent() || failed > backoffLimit) {
            StringBuilder message = new StringBuilder("the Job " + handle + " failed");
            failure.ifPresentOrElse(c -> message.append(": ").append(Objects.requireNonNullElse(c.getReason(), "Failed"))
                    .append(c.getMessage() == null || c.getMessage().isBlank() ? "" : " (" + c.getMessage() + ")"),
                    () -> message.append(": ").append(failed).append(" pod(s) failed"));
            terminated(namespace, name).ifPresent(t -> message.append("; trainer exited with code ")
                    .append(t.getExitCode())
                    .append(t.getReason() == null ? "" : " (" + t.getReason() + ")")
                    .append(t.getMessage() == null || t.getMessage().isBlank() ? "" : ": " + clip(t.getMessage().strip())));
            return new TrainingStatus(TrainingPhase.FAILED, 0, message.toString());
        }
        if (active > 0) {
            return new TrainingStatus(TrainingPhase.RUNNING, 0, podNote(namespace, name).orElse("running"));
        }
        return new TrainingStatus(TrainingPhase.QUEUED, 0, "waiting for Kubernetes to start a pod");
    }

    @Override
    public String logs(String handle, int tailLines) throws Exception {
        Optional<String[]> parsed = parse(handle);
        if (parsed.isEmpty()) {
            return "";
        }
        Optional<Pod> pod = newestPod(parsed.get()[0], parsed.get()[1]);
        if (pod.isEmpty()) {
            return "";
        }
        try {
            var log = client.pods().inNamespace(parsed.get()[0]).withName(pod.get().getMetadata().getName())
                    .inContainer(JobTemplate.CONTAINER);
            String text = tailLines > 0 ? log.tailingLines(tailLines).getLog() : log.getLog();
            return text == null ? "" : text;
        } catch (KubernetesClientException e) {
            // 400: the container has not started yet; 404: the pod went away meanwhile
            if (e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return "";
            }
            throw e;
        }
    }

    @Override
    public void cancel(String handle) throws Exception {
        Optional<String[]> parsed = parse(handle);
        if (parsed.isPresent()) {
            // Background: the Job goes now, its pods right after (a NotFound is no error to the client)
            jobs(parsed.get()[0], parsed.get()[1]).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Resource<Job> jobs(String namespace, String name) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(name);
    }

    static String handle(String namespace, String jobName) {
        return namespace + "/" + jobName;
    }

    private static Optional<String[]> parse(String handle) {
        Matcher m = handle == null ? null : HANDLE.matcher(handle);
        return m != null && m.matches() ? Optional.of(new String[] { m.group(1), m.group(3) }) : Optional.empty();
    }

    private static Optional<JobCondition> condition(JobStatus status, String type) {
        return status.getConditions() == null ? Optional.empty() : status.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equalsIgnoreCase(c.getStatus())).findFirst();
    }

    private List<Pod> pods(String namespace, String jobName) {
        return client.pods().inNamespace(namespace).withLabel(JobTemplate.JOB_NAME_LABEL, jobName).list().getItems();
    }

    private Optional<Pod> newestPod(String namespace, String jobName) {
        return pods(namespace, jobName).stream().max(Comparator.comparing(
                (Pod p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(p -> p.getMetadata().getName()));
    }

    private Optional<ContainerStatus> trainer(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? Optional.empty()
                : pod.getStatus().getContainerStatuses().stream()
                        .filter(s -> JobTemplate.CONTAINER.equals(s.getName())).findFirst();
    }

    /** How the newest pod's trainer ended, when it ended with an error. */
    private Optional<ContainerStateTerminated> terminated(String namespace, String jobName) {
        try {
            return newestPod(namespace, jobName).flatMap(this::trainer)
                    .map(s -> s.getState() == null ? null : s.getState().getTerminated())
                    .filter(t -> t.getExitCode() == null || t.getExitCode() != 0);
        } catch (KubernetesClientException e) {
            return Optional.empty(); // the Job's own condition says enough
        }
    }

    /** What holds up an active Job's newest pod: unschedulable, image pull errors... */
    private Optional<String> podNote(String namespace, String jobName) {
        Optional<Pod> pod = newestPod(namespace, jobName);
        if (pod.isEmpty() || pod.get().getStatus() == null) {
            return Optional.empty();
        }
        String podName = pod.get().getMetadata().getName();
        Optional<ContainerStateWaiting> waiting = trainer(pod.get())
                .map(s -> s.getState() == null ? null : s.getState().getWaiting());
        if (waiting.isPresent() && waiting.get().getReason() != null) {
            return Optional.of("pod " + podName + " waiting: " + waiting.get().getReason()
                    + (waiting.get().getMessage() == null ? "" : " (" + clip(waiting.get().getMessage()) + ")"));
        }
        List<PodCondition> conditions = pod.get().getStatus().getConditions();
        if (conditions != null) {
            for (PodCondition c : conditions) {
                if ("PodScheduled".equals(c.getType()) && "False".equalsIgnoreCase(c.getStatus())) {
                    return Optional.of("pod " + podName + " not scheduled: "
                            + Objects.requireNonNullElse(c.getReason(), "Pending")
                            + (c.getMessage() == null ? "" : " (" + clip(c.getMessage()) + ")"));
                }
            }
        }
        String phase = pod.get().getStatus().getPhase();
        return Optional.of("pod " + podName + (phase == null ? "" : " " + phase.toLowerCase(java.util.Locale.ROOT)));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static String clip(String text) {
        return text.length() <= MAX_REASON ? text : "..." + text.substring(text.length() - MAX_REASON);
    }
}
