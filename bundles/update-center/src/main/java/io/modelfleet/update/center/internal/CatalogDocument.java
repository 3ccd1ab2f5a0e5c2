package io.modelfleet.update.center.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.plugin.PluginKind;

/**
 * A plugin catalog's JSON index, read and checked. The format:
 *
 * <pre>
 * {"formatVersion": 1, "plugins": [{"id": "source-ftp", "kind": "DATA_SOURCE", "name": "...", "description": "...",
 *   "versions": [{"version": "1.0.0", "platform": "[0.1,1)", "kar": "source-ftp-1.0.0.kar",
 *                 "feature": "modelfleet-source-ftp", "sha256": "...", "signature": "..."}]}]}
 * </pre>
 *
 * {@code kar} is absolute or relative to the index. Signatures are checked by {@link ReleaseSignature}.
 */
record CatalogDocument(URI location, List<Entry> plugins) {
    static final int FORMAT_VERSION = 1;
    static final int MAX_PLUGINS = 1000;
    static final int MAX_VERSIONS = 100;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,99}");
    private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Entry(String id, String kind, String name, String description, List<Release> versions) {
        Optional<Release> release(String version) {
            return versions.stream().filter(release -> release.version().equals(Version.parseVersion(version))).findFirst();
        }
    }

    record Release(Version version, VersionRange platform, URI kar, String feature, String sha256, String signature) {
        boolean supports(Version platformVersion) {
            return platform.includes(platformVersion);
        }
    }

    Optional<Entry> plugin(String id) {
        return plugins.stream().filter(entry -> entry.id().equals(id)).findFirst();
    }

    static CatalogDocument parse(URI location, byte[] json) throws UpdateCenterException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UpdateCenterException("the catalog at " + location + " is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new UpdateCenterException("the catalog at " + location + " is not a JSON object");
        }
        if (root.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
            throw new UpdateCenterException("the catalog at " + location + " has formatVersion "
                    + root.path("formatVersion") + "; this server reads formatVersion " + FORMAT_VERSION);
        }
        JsonNode plugins = root.path("plugins");
        if (!plugins.isArray()) {
            throw new UpdateCenterException("the catalog at " + location + " has no \"plugins\" list");
        }
        if (plugins.size() > MAX_PLUGINS) {
            throw new UpdateCenterException("the catalog at " + location + " lists more than " + MAX_PLUGINS + " plugins");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode plugin : plugins) {
            Entry entry = entry(location, plugin);
            if (!ids.add(entry.id())) {
                throw new UpdateCenterException("the catalog lists plugin " + entry.id() + " twice");
            }
            entries.add(entry);
        }
        entries.sort(Comparator.comparing(Entry::id));
        return new CatalogDocument(location, List.copyOf(entries));
    }

    private static Entry entry(URI location, JsonNode plugin) throws UpdateCenterException {
        String id = text(plugin, "id", "a plugin");
        if (!ID.matcher(id).matches()) {
            throw new UpdateCenterException("catalog plugin id \"" + id
                    + "\" must be 1 to 100 lower-case letters, digits, dots and dashes");
        }
        String where = "catalog plugin " + id;
        String kind = text(plugin, "kind", where).toUpperCase(Locale.ROOT);
        if (!kind.equals("OTHER") && java.util.Arrays.stream(PluginKind.values()).noneMatch(k -> k.name().equals(kind))) {
            throw new UpdateCenterException(where + " has kind " + kind + "; kinds are "
                    + java.util.Arrays.toString(PluginKind.values()) + " or OTHER");
        }
        JsonNode versions = plugin.path("versions");
        if (!versions.isArray() || versions.isEmpty() || versions.size() > MAX_VERSIONS) {
            throw new UpdateCenterException(where + " must list 1 to " + MAX_VERSIONS + " versions");
        }
        List<Release> releases = new ArrayList<>();
        for (JsonNode version : versions) {
            Release release = release(location, version, where);
            if (releases.stream().anyMatch(other -> other.version().equals(release.version()))) {
                throw new UpdateCenterException(where + " lists version " + release.version() + " twice");
            }
            releases.add(release);
        }
        releases.sort(Comparator.comparing(Release::version).reversed());
        return new Entry(id, kind, text(plugin, "name", where), plugin.path("description").asText(""), List.copyOf(releases));
    }

    private static Release release(URI location, JsonNode node, String where) throws UpdateCenterException {
        Version version = version(text(node, "version", where), where);
        String at = where + " version " + version;
        VersionRange platform;
        try {
            platform = new VersionRange(text(node, "platform", at));
        } catch (IllegalArgumentException e) {
            throw new UpdateCenterException(at + " has platform \"" + node.path("platform").asText()
                    + "\", which is not a version range such as [0.1,1)");
        }
        URI kar;
        try {
            kar = location.resolve(text(node, "kar", at));
        } catch (IllegalArgumentException e) {
            throw new UpdateCenterException(at + " has a kar location that is not a URI");
        }
        String feature = text(node, "feature", at);
        if (!FEATURE.matcher(feature).matches()) {
            throw new UpdateCenterException(at + " has feature \"" + feature + "\", which is not a feature name");
        }
        String sha256 = text(node, "sha256", at).toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            throw new UpdateCenterException(at + " has a sha256 that is not 64 hex digits");
        }
        return new Release(version, platform, kar, feature, sha256, text(node, "signature", at));
    }

    static Version version(String text, String where) throws UpdateCenterException {
        try {
            return Version.parseVersion(text);
        } catch (IllegalArgumentException e) {
            throw new UpdateCenterException(where + " has version \"" + text + "\", which is not a version such as 1.2.0");
        }
    }

    private static String text(JsonNode node, String field, String where) throws UpdateCenterException {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new UpdateCenterException(where + " has no \"" + field + "\"");
        }
        if (value.asText().length() > 2000) {
            throw new UpdateCenterException(where + " has a \"" + field + "\" longer than 2000 characters");
        }
        return value.asText().strip();
    }
}
