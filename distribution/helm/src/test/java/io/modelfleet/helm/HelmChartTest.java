package io.modelfleet.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelfleet.testkit.KubernetesMockCluster;

/**
 * The chart as Helm itself lints and renders it (helm-java runs Helm's Go library), for several value sets: every
 * manifest must parse into fabric8's typed model, cross-references (selectors, config maps, secrets, claims, ports)
 * must meet, refused combinations must fail with a reason naming the value, and the manifests must be accepted by an
 * API server (fabric8's mock in CRUD mode) and read back the same.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("modelfleet");
    private static final String NAMESPACE = "edge-ai";
    private static final String RELEASE = "fleet";
    private static final String FULLNAME = "fleet-modelfleet";

    @RegisterExtension
    final KubernetesMockCluster cluster = KubernetesMockCluster.crud();

    @TempDir
    Path temp;

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), () -> String.join("\n", lint.getMessages()));
    }

    @Test
    void everyValueIsDocumentedInTheReadmeAndTheSchema() throws IOException {
        String readme = Files.readString(CHART.resolve("README.md"));
        JsonNode values = new ObjectMapper(new YAMLFactory())
                .readTree(CHART.resolve("values.yaml").toFile());
        JsonNode schema = new ObjectMapper().readTree(CHART.resolve("values.schema.json").toFile());
        Set<String> missingInReadme = new TreeSet<>();
        Set<String> missingInSchema = new TreeSet<>();
        leaves("", values, schema, missingInReadme, missingInSchema, readme);
        assertTrue(missingInReadme.isEmpty(), "values without a row in the chart README: " + missingInReadme);
        assertTrue(missingInSchema.isEmpty(), "values the schema does not describe: " + missingInSchema);
    }

    private static void leaves(String prefix, JsonNode values, JsonNode schema, Set<String> missingInReadme,
            Set<String> missingInSchema, String readme) {
        values.fields().forEachRemaining(field -> {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode property = schema == null ? null : schema.path("properties").get(field.getKey());
            if (property == null) {
                missingInSchema.add(path);
            }
            boolean open = property != null && property.path("type").asText().equals("object")
                    && !property.has("properties");
            if (field.getValue().isObject() && !field.getValue().isEmpty() && !open) {
                leaves(path, field.getValue(), property, missingInReadme, missingInSchema, readme);
            } else if (!readme.contains("| `" + path + "` |")) {
                missingInReadme.add(path);
            }
        });
    }

    @Test
    void defaultsRunOneServerWithItsEmbeddedDatabaseOnTheVolume() {
        Map<String, HasMetadata> rendered = render(Map.of());
        assertEquals(Set.of("ConfigMap/" + FULLNAME, "Service/" + FULLNAME, "Deployment/" + FULLNAME,
                "PersistentVolumeClaim/" + FULLNAME + "-artifacts", "ServiceAccount/" + FULLNAME), rendered.keySet());

        Deployment deployment = (Deployment) rendered.get("Deployment/" + FULLNAME);
        assertEquals(1, deployment.getSpec().getReplicas());
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType(),
                "two pods must never run the embedded database on one volume");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        assertEquals("modelfleet/server:0.1.0", server.getImage(), "the tag defaults to the chart's appVersion");
        assertEquals("/api/v1/health/live", server.getStartupProbe().getHttpGet().getPath());
        assertEquals("/api/v1/health/live", server.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/api/v1/health", server.getReadinessProbe().getHttpGet().getPath());
        assertEquals(8181, server.getPorts().get(0).getContainerPort());
        assertTrue(server.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(server.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), server.getSecurityContext().getCapabilities().getDrop());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(65532L, pod.getSecurityContext().getRunAsUser());
        assertFalse(pod.getAutomountServiceAccountToken());
        assertEquals("copy-etc", pod.getInitContainers().get(0).getName());
        assertTrue(server.getEnv().isEmpty(), "no password given, so no secret is referenced: " + server.getEnv());

        ConfigMap settings = (ConfigMap) rendered.get("ConfigMap/" + FULLNAME);
        assertEquals("", settings.getData().get("MODELFLEET_DB_URL"));
        assertEquals("/var/lib/modelfleet/shared/data", settings.getData().get("MODELFLEET_DATA"),
                "the embedded database must live on the persistent volume");
        assertEquals("/var/lib/modelfleet/etc", settings.getData().get("KARAF_ETC"));
        assertEquals("536870912", settings.getData().get("MODELFLEET_MAX_MODEL_BYTES"));
        assertEquals("30", settings.getData().get("MODELFLEET_RAW_RETENTION_DAYS"));
        assertEquals("400", settings.getData().get("MODELFLEET_HOUR_ROLLUP_RETENTION_DAYS"));

        PersistentVolumeClaim claim = (PersistentVolumeClaim) rendered.get("PersistentVolumeClaim/" + FULLNAME + "-artifacts");
        assertEquals("keep", claim.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
        assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
        assertEquals("20Gi", claim.getSpec().getResources().getRequests().get("storage").toString());
        assertReferencesMeet(rendered);
    }

    @Test
    void productionValuesRunReplicasOnSharedStateBehindAnIngress() throws IOException {
        Path values = temp.resolve("production.yaml");
        Files.writeString(values, """
                replicaCount: 3
                image:
                  repository: registry.example.com/modelfleet/server
                  tag: "0.1.0-rc1"
                imagePullSecrets: [{name: registry}]
                database:
                  url: jdbc:mariadb://mariadb.data:3306/modelfleet
                  existingSecret: modelfleet-db
                  existingSecretKey: password
                  poolSize: 32
                admin:
                  existingSecret: modelfleet-admin
                signing:
                  existingSecret: modelfleet-signing
                artifacts:
                  persistence:
                    storageClass: nfs
                    accessModes: [ReadWriteMany]
                    size: 500Gi
                service:
                  type: ClusterIP
                ingress:
                  enabled: true
                  className: nginx
                  host: fleet.example.com
                  annotations: {cert-manager.io/cluster-issuer: letsencrypt}
                  tls: {enabled: true, secretName: fleet-tls}
                serviceAccount:
                  name: modelfleet-server
                  annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/fleet"}
                resources:
                  requests: {cpu: "2", memory: 4Gi}
                  limits: {memory: 5Gi}
                server:
                  heapMax: 3g
                  extraEnv: [{name: TZ, value: Europe/Berlin}]
                nodeSelector: {pool: services}
                tolerations: [{key: dedicated, operator: Equal, value: fleet, effect: NoSchedule}]
                affinity:
                  podAntiAffinity:
                    preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 100
                        podAffinityTerm:
                          topologyKey: kubernetes.io/hostname
                          labelSelector: {matchLabels: {app.kubernetes.io/name: modelfleet}}
                """);
        Map<String, HasMetadata> rendered = render(Map.of(), values);
        assertEquals(Set.of("ConfigMap/" + FULLNAME, "Service/" + FULLNAME, "Deployment/" + FULLNAME,
                "PersistentVolumeClaim/" + FULLNAME + "-artifacts", "ServiceAccount/modelfleet-server",
                "Ingress/" + FULLNAME, "PodDisruptionBudget/" + FULLNAME), rendered.keySet(),
                "no Secret: every secret comes from an existing one");

        Deployment deployment = (Deployment) rendered.get("Deployment/" + FULLNAME);
        assertEquals(3, deployment.getSpec().getReplicas());
        assertNull(deployment.getSpec().getStrategy(), "stateless replicas roll one by one (the default)");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        assertEquals("registry.example.com/modelfleet/server:0.1.0-rc1", server.getImage());
        assertEquals(pod.getInitContainers().get(0).getImage(), server.getImage());
        assertEquals("registry", pod.getImagePullSecrets().get(0).getName());
        assertEquals("modelfleet-server", pod.getServiceAccountName());
        assertEquals("services", pod.getNodeSelector().get("pool"));
        assertEquals("fleet", pod.getTolerations().get(0).getValue());
        assertEquals(100, pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()
                .get(0).getWeight());
        assertEquals("5Gi", server.getResources().getLimits().get("memory").toString());
        Map<String, EnvVar> env = server.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("modelfleet-db", env.get("MODELFLEET_DB_PASSWORD").getValueFrom().getSecretKeyRef().getName());
        assertEquals("password", env.get("MODELFLEET_DB_PASSWORD").getValueFrom().getSecretKeyRef().getKey());
        assertEquals("modelfleet-admin", env.get("MODELFLEET_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef().getName());
        assertEquals("admin-password", env.get("MODELFLEET_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef().getKey());
        assertFalse(env.containsKey("MODELFLEET_METRICS_TOKEN"));
        assertEquals("Europe/Berlin", env.get("TZ").getValue());
        Volume signing = volume(pod, "signing");
        assertEquals("modelfleet-signing", signing.getSecret().getSecretName());
        assertEquals(0440, signing.getSecret().getDefaultMode());

        ConfigMap settings = (ConfigMap) rendered.get("ConfigMap/" + FULLNAME);
        assertEquals("jdbc:mariadb://mariadb.data:3306/modelfleet", settings.getData().get("MODELFLEET_DB_URL"));
        assertEquals("32", settings.getData().get("MODELFLEET_DB_POOL_SIZE"));
        assertEquals("3g", settings.getData().get("MODELFLEET_HEAP_MAX"));
        assertEquals("/var/lib/modelfleet/data", settings.getData().get("MODELFLEET_DATA"),
                "a replica's Karaf data is its own");
        assertEquals("/etc/modelfleet/signing/manifest-ed25519.key",
                settings.getData().get("MODELFLEET_SIGNING_KEY_FILE"));

        Ingress ingress = (Ingress) rendered.get("Ingress/" + FULLNAME);
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        assertEquals("fleet-tls", ingress.getSpec().getTls().get(0).getSecretName());
        assertEquals(List.of("fleet.example.com"), ingress.getSpec().getTls().get(0).getHosts());
        assertEquals("letsencrypt", ingress.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
        PodDisruptionBudget budget = (PodDisruptionBudget) rendered.get("PodDisruptionBudget/" + FULLNAME);
        assertEquals(1, budget.getSpec().getMinAvailable().getIntVal());
        PersistentVolumeClaim claim = (PersistentVolumeClaim) rendered.get("PersistentVolumeClaim/" + FULLNAME + "-artifacts");
        assertEquals("nfs", claim.getSpec().getStorageClassName());
        assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes());
        ServiceAccount account = (ServiceAccount) rendered.get("ServiceAccount/modelfleet-server");
        assertEquals("arn:aws:iam::1:role/fleet", account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn"));
        assertReferencesMeet(rendered);
        assertAppliedAsRendered(rendered);
    }

    @Test
    void passwordsGivenAsValuesGoToTheChartsSecretAndRollThePods() {
        Map<String, HasMetadata> first = render(Map.of("database.url", "jdbc:mariadb://db:3306/modelfleet",
                "database.password", "db-secret-1", "admin.password", "a-long-admin-password",
                "metrics.token", "scrape-me"));
        Secret secret = (Secret) first.get("Secret/" + FULLNAME);
        assertEquals("db-secret-1", decode(secret, "db-password"));
        assertEquals("a-long-admin-password", decode(secret, "admin-password"));
        assertEquals("scrape-me", decode(secret, "metrics-token"));
        Container server = ((Deployment) first.get("Deployment/" + FULLNAME)).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals(Set.of("MODELFLEET_DB_PASSWORD", "MODELFLEET_ADMIN_PASSWORD", "MODELFLEET_METRICS_TOKEN"),
                server.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet()));
        assertReferencesMeet(first);

        Map<String, HasMetadata> changed = render(Map.of("database.url", "jdbc:mariadb://db:3306/modelfleet",
                "database.password", "db-secret-2", "admin.password", "a-long-admin-password",
                "metrics.token", "scrape-me"));
        assertNotEquals(checksums(first), checksums(changed), "a new password must restart the pods");
        assertEquals(checksums(first).get("checksum/config"), checksums(changed).get("checksum/config"));
    }

    @Test
    void nodePortServiceUsesTheGivenPort() {
        Map<String, HasMetadata> rendered = render(Map.of("service.type", "NodePort", "service.nodePort", 30081));
        Service service = (Service) rendered.get("Service/" + FULLNAME);
        assertEquals("NodePort", service.getSpec().getType());
        assertEquals(30081, service.getSpec().getPorts().get(0).getNodePort());
        assertEquals(80, service.getSpec().getPorts().get(0).getPort());
        assertAppliedAsRendered(rendered);
    }

    @Test
    void existingClaimIsUsedInsteadOfANewOne() {
        Map<String, HasMetadata> rendered = render(Map.of("replicaCount", 2, "database.url",
                "jdbc:mariadb://db/modelfleet", "artifacts.persistence.existingClaim", "fleet-nfs"));
        assertFalse(rendered.keySet().stream().anyMatch(key -> key.startsWith("PersistentVolumeClaim/")));
        PodSpec pod = ((Deployment) rendered.get("Deployment/" + FULLNAME)).getSpec().getTemplate().getSpec();
        assertEquals("fleet-nfs", volume(pod, "shared").getPersistentVolumeClaim().getClaimName());
    }

    @Test
    void anS3BucketReplacesTheVolume() {
        Map<String, HasMetadata> rendered = render(Map.of("replicaCount", 3, "database.url",
                "jdbc:mariadb://db/modelfleet", "signing.existingSecret", "fleet-signing", "artifacts.s3.enabled", true,
                "artifacts.s3.endpoint", "https://minio.storage:9000", "artifacts.s3.bucket", "fleet-artifacts",
                "artifacts.s3.accessKey", "fleet", "artifacts.s3.secretKey", "s3-secret-value"));
        assertFalse(rendered.keySet().stream().anyMatch(key -> key.startsWith("PersistentVolumeClaim/")),
                "no volume: any number of replicas share the bucket");
        ConfigMap extra = (ConfigMap) rendered.get("ConfigMap/" + FULLNAME + "-etc");
        String storeConfig = extra.getData().get("io.modelfleet.plugin.store.s3.cfg");
        assertTrue(storeConfig.contains("bucket = fleet-artifacts"), storeConfig);
        assertTrue(storeConfig.contains("endpoint = https://minio.storage:9000"), storeConfig);
        assertTrue(storeConfig.contains(".secretKey = ${env:MODELFLEET_S3_SECRET_KEY}"), "the secret stays in the Secret");
        assertFalse(storeConfig.contains("s3-secret-value"));
        assertEquals("s3-secret-value", decode((Secret) rendered.get("Secret/" + FULLNAME), "s3-secret-key"));
        PodSpec pod = ((Deployment) rendered.get("Deployment/" + FULLNAME)).getSpec().getTemplate().getSpec();
        assertTrue(pod.getInitContainers().get(0).getCommand().get(2).contains("/etc/modelfleet/extra-etc/*.cfg"),
                "the store's configuration reaches etc/");
        assertNotNull(volume(pod, "shared").getEmptyDir());
        Map<String, EnvVar> env = pod.getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("s3-secret-key", env.get("MODELFLEET_S3_SECRET_KEY").getValueFrom().getSecretKeyRef().getKey());
        assertReferencesMeet(rendered);
        assertAppliedAsRendered(rendered);
    }

    @Test
    void combinationsThatCannotWorkAreRefusedWithTheValueToSet() {
        assertRefused(Map.of("replicaCount", 3), "database.url");
        assertRefused(Map.of("replicaCount", 2, "database.url", "jdbc:mariadb://db/modelfleet"),
                "ReadWriteMany");
        assertRefused(Map.of("service.type", "ExternalName"), "service.type");
        assertRefused(Map.of("admin.password", "short"), "admin.password");
        assertRefused(Map.of("database.url", "postgres://db/modelfleet"), "database.url");
        assertRefused(Map.of("replicas", 3), "replicas");
        assertRefused(Map.of("server.heapMax", "lots"), "heapMax");
        assertRefused(Map.of("retention.rawDays", -1), "rawDays");
        assertRefused(Map.of("artifacts.s3.enabled", true, "artifacts.s3.bucket", "b", "artifacts.s3.accessKey", "a",
                "artifacts.s3.secretKey", "s", "signing.existingSecret", "k"), "database.url");
        assertRefused(Map.of("artifacts.s3.enabled", true, "artifacts.s3.bucket", "b", "artifacts.s3.accessKey", "a",
                "artifacts.s3.secretKey", "s", "database.url", "jdbc:mariadb://db/x"), "signing.existingSecret");
        assertRefused(Map.of("artifacts.s3.enabled", true, "database.url", "jdbc:mariadb://db/x"), "bucket");
        assertRefused(Map.of("ingress.enabled", true, "ingress.tls.enabled", true, "ingress.tls.secretName", ""),
                "ingress.tls.secretName");
    }

    private void assertRefused(Map<String, Object> values, String named) {
        Exception refused = assertThrows(Exception.class, () -> render(values), () -> "accepted: " + values);
        assertTrue(refused.getMessage().contains(named), () -> "the reason should name " + named + ": "
                + refused.getMessage());
    }

    /** Whatever one manifest names in another must be there: the pods would not start or not be reached otherwise. */
    private static void assertReferencesMeet(Map<String, HasMetadata> rendered) {
        Deployment deployment = (Deployment) rendered.get("Deployment/" + FULLNAME);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()));
        Service service = (Service) rendered.get("Service/" + FULLNAME);
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()),
                "the Service must select the server pods");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        String portName = service.getSpec().getPorts().get(0).getTargetPort().getStrVal();
        assertTrue(server.getPorts().stream().anyMatch(port -> port.getName().equals(portName)));
        assertEquals(portName, server.getLivenessProbe().getHttpGet().getPort().getStrVal());
        assertEquals(portName, server.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertNotNull(rendered.get("ConfigMap/" + server.getEnvFrom().get(0).getConfigMapRef().getName()));
        for (EnvVar env : server.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef().getName().equals(FULLNAME)) {
                Secret own = (Secret) rendered.get("Secret/" + FULLNAME);
                assertNotNull(own, env.getName() + " names the chart's Secret, which was not rendered");
                assertTrue(own.getData().containsKey(env.getValueFrom().getSecretKeyRef().getKey()), env.getName());
            }
        }
        if (volume(pod, "shared").getPersistentVolumeClaim() != null) {
            String claim = volume(pod, "shared").getPersistentVolumeClaim().getClaimName();
            assertTrue(rendered.containsKey("PersistentVolumeClaim/" + claim) || !claim.endsWith("-artifacts"));
        }
        pod.getVolumes().stream().filter(volume -> volume.getConfigMap() != null).forEach(volume -> assertNotNull(
                rendered.get("ConfigMap/" + volume.getConfigMap().getName()), volume.getName()));
        Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        pod.getInitContainers().forEach(init -> init.getVolumeMounts()
                .forEach(mount -> assertTrue(volumes.contains(mount.getName()), mount.getName())));
        server.getVolumeMounts().forEach(mount -> assertTrue(volumes.contains(mount.getName()), mount.getName()));
        String account = pod.getServiceAccountName();
        assertTrue(rendered.containsKey("ServiceAccount/" + account), "service account " + account);
        if (rendered.get("Ingress/" + FULLNAME) instanceof Ingress ingress) {
            var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
            assertEquals(FULLNAME, backend.getName());
            assertEquals(service.getSpec().getPorts().get(0).getName(), backend.getPort().getName());
        }
        if (rendered.get("PodDisruptionBudget/" + FULLNAME) instanceof PodDisruptionBudget budget) {
            assertTrue(podLabels.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()));
        }
    }

    /** An API server accepts every manifest, and what it gives back is what was rendered. */
    private void assertAppliedAsRendered(Map<String, HasMetadata> rendered) {
        KubernetesClient client = cluster.client();
        for (HasMetadata manifest : rendered.values()) {
            client.resource(manifest).inNamespace(NAMESPACE).create();
        }
        Deployment stored = client.apps().deployments().inNamespace(NAMESPACE).withName(FULLNAME).get();
        Deployment expected = (Deployment) rendered.get("Deployment/" + FULLNAME);
        // compared as JSON, where an absent list and an empty one are the same
        assertEquals(Serialization.asJson(expected.getSpec()), Serialization.asJson(stored.getSpec()));
        assertEquals(rendered.size(), client.resourceList(rendered.values()).inNamespace(NAMESPACE).get().stream()
                .filter(item -> item != null).count());
    }

    private Map<String, HasMetadata> render(Map<String, Object> values) {
        return render(values, null);
    }

    private Map<String, HasMetadata> render(Map<String, Object> values, Path valuesFile) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            template.withValuesFile(valuesFile);
        }
        values.forEach(template::set);
        String manifests = template.call();
        List<HasMetadata> items = cluster.client()
                .load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items();
        Map<String, HasMetadata> byKindAndName = new LinkedHashMap<>();
        for (HasMetadata item : items) {
            assertFalse(item instanceof GenericKubernetesResource, () -> "not a known Kubernetes type: " + item);
            assertNotNull(item.getMetadata().getLabels().get("app.kubernetes.io/instance"), item.getKind());
            assertNull(byKindAndName.put(item.getKind() + "/" + item.getMetadata().getName(), item));
        }
        return byKindAndName;
    }

    private static Map<String, String> checksums(Map<String, HasMetadata> rendered) {
        return ((Deployment) rendered.get("Deployment/" + FULLNAME)).getSpec().getTemplate().getMetadata()
                .getAnnotations();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(volume -> volume.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
