package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.felix.utils.properties.TypedProperties;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.plugin.ConfigField;
import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.PluginInstance;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.security.AuditQuery;

/**
 * The forms read from metatype and the rules on values, against a metatype shaped like the S3 source's and an
 * in-memory Config Admin: secrets never come back (not in answers, errors or audit), every bad field is named.
 */
class PluginConfigurationServiceTest {
    static final String S3 = "io.modelfleet.plugin.source.s3";

    /** An attribute as Felix's metatype reads it from the XML bnd writes. */
    record Ad(String id, int type, int cardinality, String[] defaults, String[] options, boolean required)
            implements AttributeDefinition {
        @Override
        public String getName() {
            return Character.toUpperCase(id.charAt(0)) + id.substring(1);
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return "about " + id;
        }

        @Override
        public int getCardinality() {
            return cardinality;
        }

        @Override
        public int getType() {
            return type;
        }

        @Override
        public String[] getOptionValues() {
            return options;
        }

        @Override
        public String[] getOptionLabels() {
            return options;
        }

        @Override
        public String validate(String value) {
            // like a metatype with min/max: only pageSize declares bounds here
            return id.equals("pageSize") && Integer.parseInt(value) > 1000 ? "Value exceeds maximum 1000" : "";
        }

        @Override
        public String[] getDefaultValue() {
            return defaults;
        }
    }

    static Ad ad(String id, int type, String... defaults) {
        return new Ad(id, type, 0, defaults.length == 0 ? null : defaults, null, true);
    }

    static ObjectClassDefinition ocd(String name, Ad... ads) {
        return (ObjectClassDefinition) Proxy.newProxyInstance(PluginConfigurationServiceTest.class.getClassLoader(),
                new Class<?>[] { ObjectClassDefinition.class }, (proxy, method, args) -> switch (method.getName()) {
                case "getName" -> name;
                case "getID" -> name;
                case "getDescription" -> "";
                case "getAttributeDefinitions" -> {
                    int filter = (Integer) args[0];
                    yield java.util.Arrays.stream(ads)
                            .filter(ad -> filter == ObjectClassDefinition.ALL || ad.required() == (filter == ObjectClassDefinition.REQUIRED))
                            .toArray(AttributeDefinition[]::new);
                }
                default -> null;
                });
    }

    static final ObjectClassDefinition S3_OCD = ocd("S3 data source",
            ad("id", AttributeDefinition.STRING, "s3"),
            ad("endpoint", AttributeDefinition.STRING, ""),
            ad("bucket", AttributeDefinition.STRING),
            ad("pathStyle", AttributeDefinition.BOOLEAN, "true"),
            ad("accessKey", AttributeDefinition.STRING),
            ad("secretKey", AttributeDefinition.PASSWORD),
            ad("sessionToken", AttributeDefinition.PASSWORD, ""),
            ad("apiToken", AttributeDefinition.STRING, ""),
            ad("pageSize", AttributeDefinition.INTEGER, "1000"),
            ad("maxCsvBytes", AttributeDefinition.LONG, "1073741824"),
            new Ad("layout", AttributeDefinition.STRING, 0, new String[] { "csv" }, new String[] { "csv", "folders" },
                    true),
            new Ad("labels", AttributeDefinition.STRING, Integer.MAX_VALUE, new String[] { "" }, null, true));

    /** Config Admin in memory: configurations by PID, filters as the service writes them. */
    static final class Configs {
        final Map<String, Hashtable<String, Object>> stored = new TreeMap<>();

        ConfigurationAdmin admin() {
            return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { ConfigurationAdmin.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getFactoryConfiguration" -> configuration(args[0] + "~" + args[1], (String) args[0]);
                    case "listConfigurations" -> list((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private Configuration[] list(String filter) {
            String key = filter.substring(1, filter.indexOf('='));
            String value = filter.substring(filter.indexOf('=') + 1, filter.length() - 1).replace("\\", "");
            List<Configuration> found = new ArrayList<>();
            stored.forEach((pid, properties) -> {
                if (value.equals(properties.get(key))) {
                    found.add(configuration(pid, (String) properties.get("service.factoryPid")));
                }
            });
            return found.isEmpty() ? null : found.toArray(new Configuration[0]);
        }

        private Configuration configuration(String pid, String factoryPid) {
            return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { Configuration.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getFactoryPid" -> factoryPid;
                    case "getProperties" -> stored.containsKey(pid) ? new Hashtable<>(stored.get(pid)) : null;
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Hashtable<String, Object> properties = new Hashtable<>((Map<String, Object>) args[0]);
                        properties.put("service.pid", pid);
                        properties.put("service.factoryPid", factoryPid);
                        stored.put(pid, properties);
                        yield null;
                    }
                    case "delete" -> {
                        stored.remove(pid);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private final Configs configs = new Configs();
    private final List<String> audited = new ArrayList<>();
    private final AuditLog audit = new AuditLog() {
        @Override
        public void record(String actor, String action, String targetType, String targetId, String detail) {
            audited.add(actor + " " + action + " " + targetId + ": " + detail);
        }

        @Override
        public Page<AuditEntry> query(AuditQuery query) {
            throw new UnsupportedOperationException();
        }
    };
    private final PluginConfigurationServiceImpl service = new PluginConfigurationServiceImpl(configs.admin(),
            () -> List.of(PluginForms.form(S3, "io.modelfleet.plugin.source.s3", S3_OCD)), audit, null);

    private static Map<String, Object> bucket(String id) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        values.put("bucket", "images");
        values.put("accessKey", "AKIA1");
        values.put("secretKey", "very-secret-1");
        return values;
    }

    @Test
    void typesDescribeTheFormWithSecretsMarked() {
        ConfigurableType type = service.types().get(0);
        assertEquals(S3, type.factoryPid());
        assertEquals("S3 data source", type.name());
        Map<String, ConfigField> fields = new HashMap<>();
        type.fields().forEach(field -> fields.put(field.id(), field));
        assertEquals("PASSWORD", fields.get("secretKey").type());
        assertEquals("PASSWORD", fields.get("apiToken").type(), "named like a secret: treated as one");
        assertEquals("BOOLEAN", fields.get("pathStyle").type());
        assertEquals(List.of("true"), fields.get("pathStyle").defaults());
        assertEquals(List.of(), fields.get("bucket").defaults());
        assertEquals(List.of(""), fields.get("endpoint").defaults());
        assertEquals(List.of(), fields.get("labels").defaults(), "an empty list, not one empty value");
        assertEquals(Integer.MAX_VALUE, fields.get("labels").cardinality());
        assertEquals(List.of("csv", "folders"), fields.get("layout").options().stream().map(o -> o.value()).toList());
    }

    @Test
    void createdInstancesAreNamedByIdAndNeverShowSecrets() {
        PluginInstance created = service.create(S3, bucket("bucket1"), "alice");
        assertEquals(S3 + "~bucket1", created.pid());
        assertEquals(Map.of("id", "bucket1", "bucket", "images", "accessKey", "AKIA1"), created.values());
        assertEquals(Map.of("secretKey", true, "sessionToken", false, "apiToken", false), created.secretsSet());
        assertEquals("very-secret-1", configs.stored.get(S3 + "~bucket1").get("secretKey"), "stored for the plugin");
        assertEquals(created, service.get(S3 + "~bucket1"));
        assertEquals(List.of(created), service.instances(S3));
        assertEquals(List.of(created), service.instances(null));
        assertEquals(List.of("alice plugin-instance.create " + S3 + "~bucket1: " + S3
                + " id=bucket1 bucket=images accessKey=AKIA1 secrets set: secretKey"), audited);
        assertThrows(ConflictException.class, () -> service.create(S3, bucket("bucket1"), "alice"));
    }

    @Test
    void valuesAreConvertedToTheFieldsTypes() {
        Map<String, Object> values = bucket("typed");
        values.put("pageSize", "500");
        values.put("maxCsvBytes", 5_000_000_000L);
        values.put("pathStyle", "false");
        values.put("labels", "a, b");
        service.create(S3, values, "alice");
        Hashtable<String, Object> stored = configs.stored.get(S3 + "~typed");
        assertEquals(500, stored.get("pageSize"));
        assertEquals(5_000_000_000L, stored.get("maxCsvBytes"));
        assertEquals(false, stored.get("pathStyle"));
        assertArrayEquals(new String[] { "a", "b" }, (String[]) stored.get("labels"));
        assertEquals(List.of("a", "b"), service.get(S3 + "~typed").values().get("labels"));
    }

    @Test
    void everyBadFieldIsNamedAndSecretsAreNotEchoed() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", "bad id!");
        values.put("pageSize", "many");
        values.put("maxCsvBytes", 1.5);
        values.put("pathStyle", "yes");
        values.put("layout", "xml");
        values.put("colour", "red");
        values.put("secretKey", List.of("very-secret-2"));
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> service.create(S3, values, "alice"));
        assertEquals(Map.of("colour", "is not a setting of S3 data source",
                "bucket", "is required",
                "pathStyle", "must be true or false",
                "accessKey", "is required",
                "secretKey", "takes one value, not a list",
                "pageSize", "must be a whole number, was 'many'",
                "maxCsvBytes", "must be a whole number, was 1.5",
                "layout", "must be one of csv, folders, was 'xml'"), refused.fields());
        assertTrue(refused.detail().startsWith("the settings of S3 data source are not valid: colour is not a setting"),
                refused.detail());
        assertFalse(refused.detail().contains("very-secret"), refused.detail());
        Map<String, Object> tooLarge = bucket("b2");
        tooLarge.put("pageSize", 5000);
        assertEquals(Map.of("pageSize", "Value exceeds maximum 1000"),
                assertThrows(InvalidInputException.class, () -> service.create(S3, tooLarge, "alice")).fields(),
                "the metatype's own validation");
        Map<String, Object> badId = bucket("bad id!");
        assertEquals(List.of("id"), List.copyOf(assertThrows(InvalidInputException.class,
                () -> service.create(S3, badId, "alice")).fields().keySet()));
        assertTrue(configs.stored.isEmpty());
        assertTrue(audited.isEmpty());
    }

    @Test
    void updateReplacesValuesKeepsSecretsLeftOutAndClearsEmptyOnes() {
        service.create(S3, bucket("b1"), "alice");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("bucket", "videos");
        values.put("accessKey", "AKIA2");
        values.put("sessionToken", "session-secret");
        PluginInstance updated = service.update(S3 + "~b1", values, "bob");
        assertEquals(Map.of("id", "b1", "bucket", "videos", "accessKey", "AKIA2"), updated.values(),
                "the id stays");
        assertEquals("very-secret-1", configs.stored.get(S3 + "~b1").get("secretKey"), "left out: kept");
        assertEquals(true, updated.secretsSet().get("sessionToken"));
        values.put("sessionToken", "");
        values.put("secretKey", null);
        updated = service.update(S3 + "~b1", values, "bob");
        assertEquals(false, updated.secretsSet().get("sessionToken"), "\"\" clears");
        assertEquals(true, updated.secretsSet().get("secretKey"), "null keeps");
        values.put("secretKey", "");
        assertEquals(Map.of("secretKey", "is required"), assertThrows(InvalidInputException.class,
                () -> service.update(S3 + "~b1", values, "bob")).fields(), "a required secret cannot be cleared");
        values.put("id", "b2");
        values.remove("secretKey");
        assertEquals(List.of("id"), List.copyOf(assertThrows(InvalidInputException.class,
                () -> service.update(S3 + "~b1", values, "bob")).fields().keySet()));
        assertFalse(audited.stream().anyMatch(line -> line.contains("secret-")), audited.toString());
    }

    @Test
    void onlyPluginConfigurationsAreReachable() {
        Hashtable<String, Object> jaas = new Hashtable<>(Map.of("service.pid", "org.apache.karaf.jaas", "x", "y"));
        configs.stored.put("org.apache.karaf.jaas", jaas);
        assertThrows(NotFoundException.class, () -> service.get("org.apache.karaf.jaas"));
        assertThrows(NotFoundException.class, () -> service.update("org.apache.karaf.jaas", Map.of(), "eve"));
        assertThrows(NotFoundException.class, () -> service.delete("org.apache.karaf.jaas", "eve"));
        assertThrows(NotFoundException.class, () -> service.create("org.apache.karaf.jaas", Map.of(), "eve"));
        assertThrows(NotFoundException.class, () -> service.instances("org.apache.karaf.jaas"));
        assertThrows(NotFoundException.class, () -> service.get(S3 + "~nothing(*)"));
        assertTrue(configs.stored.containsKey("org.apache.karaf.jaas"));
    }

    @Test
    void deleteRemovesTheConfigurationAndIsAudited() {
        service.create(S3, bucket("gone"), "alice");
        service.delete(S3 + "~gone", "bob");
        assertTrue(service.instances(S3).isEmpty());
        assertEquals("bob plugin-instance.delete " + S3 + "~gone: " + S3, audited.get(1));
        assertThrows(NotFoundException.class, () -> service.delete(S3 + "~gone", "bob"));
    }

    @Test
    void unknownSecretsInAConfigurationAreHiddenToo() {
        Dictionary<String, Object> handWritten = new Hashtable<>(Map.of("service.pid", S3 + "~hand",
                "service.factoryPid", S3, "id", "hand", "bucket", "b", ".adminPassword", "pw",
                "felix.fileinstall.filename", "file:/etc/x.cfg"));
        configs.stored.put(S3 + "~hand", (Hashtable<String, Object>) handWritten);
        PluginInstance found = service.get(S3 + "~hand");
        assertEquals(Map.of("id", "hand", "bucket", "b"), found.values());
        assertEquals(true, found.secretsSet().get(".adminPassword"));
    }

    @Test
    void inKarafEachInstanceGetsItsCfgFileLinkedToItsConfiguration(@TempDir Path etc) throws Exception {
        PluginConfigurationServiceImpl karaf = new PluginConfigurationServiceImpl(configs.admin(),
                () -> List.of(PluginForms.form(S3, "io.modelfleet.plugin.source.s3", S3_OCD)), audit, etc);
        Map<String, Object> values = bucket("filed");
        values.put("pageSize", 200);
        PluginInstance created = karaf.create(S3, values, "alice");
        Path file = etc.resolve(S3 + "-filed.cfg");
        assertEquals(file.toUri().toString(), configs.stored.get(created.pid()).get("felix.fileinstall.filename"));
        TypedProperties written = new TypedProperties();
        written.load(file.toFile());
        assertEquals(200, written.get("pageSize"), "typed, as Karaf writes it");
        assertEquals("images", written.get("bucket"));
        assertFalse(created.values().containsKey("felix.fileinstall.filename"));
        try (var listing = Files.list(etc)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left");
        }
        karaf.update(created.pid(), Map.of("bucket", "other", "accessKey", "AK"), "alice");
        assertEquals(file.toUri().toString(), configs.stored.get(created.pid()).get("felix.fileinstall.filename"),
                "the link stays, so FileInstall keeps the file in step");
        configs.stored.clear();
        assertThrows(ConflictException.class, () -> karaf.create(S3, bucket("filed"), "alice"),
                "a file of that name is an instance too");
    }
}
