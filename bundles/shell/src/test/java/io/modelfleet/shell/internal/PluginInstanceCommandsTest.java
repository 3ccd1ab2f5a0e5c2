package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.plugin.ConfigField;
import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.plugin.PluginInstance;

/** The plugin-instance commands: key=value settings, secrets asked for without echo, updates that change only what is typed. */
class PluginInstanceCommandsTest {
    private static final String S3 = "io.modelfleet.plugin.source.s3";

    private final Map<String, PluginInstance> instances = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<String> prompts = new ArrayList<>();
    private final PluginConfigurationService service = new PluginConfigurationService() {
        @Override
        public List<ConfigurableType> types() {
            return List.of(new ConfigurableType(S3, "S3 data source", null, "io.modelfleet.plugin.source.s3", List.of(
                    new ConfigField("id", "Id", null, STRING, true, List.of("s3"), List.of(), 0),
                    new ConfigField("bucket", "Bucket", "Bucket to read", STRING, true, List.of(), List.of(), 0),
                    new ConfigField("secretKey", "Secret key", null, PASSWORD, true, List.of(), List.of(), 0))));
        }

        @Override
        public List<PluginInstance> instances(String factoryPid) {
            return List.copyOf(instances.values());
        }

        @Override
        public PluginInstance get(String pid) {
            if (!instances.containsKey(pid)) {
                throw new NotFoundException("there is no plugin instance '" + pid + "'");
            }
            return instances.get(pid);
        }

        @Override
        public PluginInstance create(String factoryPid, Map<String, Object> values, String actor) {
            calls.add("create " + values);
            Map<String, Object> shown = new LinkedHashMap<>(values);
            boolean secret = shown.remove("secretKey") != null;
            PluginInstance created = new PluginInstance(factoryPid + "~" + values.get("id"), factoryPid, shown,
                    Map.of("secretKey", secret));
            instances.put(created.pid(), created);
            return created;
        }

        @Override
        public PluginInstance update(String pid, Map<String, Object> values, String actor) {
            calls.add("update " + values);
            PluginInstance updated = new PluginInstance(pid, S3, values, get(pid).secretsSet());
            instances.put(pid, updated);
            return updated;
        }

        @Override
        public void delete(String pid, String actor) {
            get(pid);
            instances.remove(pid);
        }
    };

    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    /** Alice's session: typing a secret is recorded with its prompt and answered with "typed-secret". */
    private Session session() {
        return ShellConsole.session(name -> "alice", (prompt, mask) -> {
            prompts.add(prompt + mask);
            return "typed-secret";
        });
    }

    private void create(String... settings) throws Exception {
        PluginInstanceCreateCommand command = new PluginInstanceCreateCommand();
        command.configurations = service;
        command.session = session();
        command.factoryPid = S3;
        command.settings = List.of(settings);
        command.execute();
    }

    @Test
    void aSecretsNameAloneIsAskedForWithoutEcho() throws Exception {
        create("id=b1", "bucket=images", "secretKey");
        assertEquals(List.of("secretKey: *"), prompts);
        assertEquals(List.of("create {id=b1, bucket=images, secretKey=typed-secret}"), calls);
        String shown = console.out();
        assertTrue(shown.contains("Plugin instance " + S3 + "~b1 created"), shown);
        assertTrue(shown.contains("(secret set)"), shown);
        assertFalse(shown.contains("typed-secret"), shown);
    }

    @Test
    void aBareNameThatIsNoSecretIsAnError() throws Exception {
        create("id=b1", "bucket");
        assertTrue(calls.isEmpty());
        assertTrue(console.err().startsWith("Error: expected key=value (or a secret's name"), console.err());
    }

    @Test
    void updateChangesOnlyWhatIsTypedAndLeavesSecretsOut() throws Exception {
        create("id=b1", "bucket=images", "secretKey=s");
        PluginInstanceUpdateCommand update = new PluginInstanceUpdateCommand();
        update.configurations = service;
        update.session = session();
        update.pid = S3 + "~b1";
        update.settings = List.of("bucket=videos");
        update.execute();
        assertEquals("update {id=b1, bucket=videos}", calls.get(1), "the secret is left out, so it is kept");
        PluginInstanceListCommand list = new PluginInstanceListCommand();
        list.configurations = service;
        list.session = session();
        list.execute();
        assertTrue(console.out().contains("secretKey set"), console.out());
    }

    @Test
    void typesListTheirSettings() throws Exception {
        PluginTypesCommand types = new PluginTypesCommand();
        types.configurations = service;
        types.session = session();
        types.factoryPid = S3;
        types.execute();
        String shown = console.out();
        assertTrue(shown.contains("bucket") && shown.contains("Bucket to read") && shown.contains("PASSWORD"), shown);
    }
}
