package io.modelfleet.update.center.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A plugin KAR (Karaf archive): a zip whose {@code repository/} folder is a Maven repository holding a feature
 * repository and the bundles it names. Unlike Karaf's own KAR deployer this refuses anything outside
 * {@code repository/} and {@code META-INF/}: a plugin must not write into the server's folders (a KAR's
 * {@code resources/} would land in the server's base directory).
 */
final class PluginKar {
    static final int MAX_ENTRIES = 5000;
    private static final String REPOSITORY = "repository/";

    /** A feature a feature repository in the KAR declares. {@code auto} unless it says {@code install="manual"}. */
    record KarFeature(String name, String version, boolean auto, String repositoryPath) {
    }

    private final List<KarFeature> features;
    private final List<String> repositoryPaths;

    private PluginKar(List<KarFeature> features, List<String> repositoryPaths) {
        this.features = List.copyOf(features);
        this.repositoryPaths = List.copyOf(repositoryPaths);
    }

    List<KarFeature> features() {
        return features;
    }

    /** Paths (relative to the repository) of the feature repositories in the KAR. */
    List<String> repositoryPaths() {
        return repositoryPaths;
    }

    /**
     * Reads and checks {@code kar}, extracting its repository into {@code directory} (which must not exist yet).
     *
     * @param maxExpandedBytes the most the extracted files may take, against zip bombs
     */
    static PluginKar extract(Path kar, Path directory, long maxExpandedBytes) throws UpdateCenterException {
        List<KarFeature> features = new ArrayList<>();
        List<String> repositories = new ArrayList<>();
        try (ZipFile zip = new ZipFile(kar.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new UpdateCenterException("the KAR has more than " + MAX_ENTRIES + " files");
            }
            Files.createDirectories(directory);
            long expanded = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith("META-INF/") || name.equals(REPOSITORY)) {
                    continue;
                }
                if (!name.startsWith(REPOSITORY)) {
                    throw new UpdateCenterException("the KAR holds " + name + " outside repository/; a plugin KAR may "
                            + "only carry a Maven repository of its features and bundles");
                }
                String relative = name.substring(REPOSITORY.length());
                Path target = directory.resolve(relative).normalize();
                if (relative.contains("\\") || relative.startsWith("/") || !target.startsWith(directory)) {
                    throw new UpdateCenterException("the KAR holds a file with an unsafe path: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int read; (read = in.read(buffer)) > 0;) {
                        expanded += read;
                        if (expanded > maxExpandedBytes) {
                            throw new UpdateCenterException("the KAR expands to more than " + maxExpandedBytes + " bytes");
                        }
                        out.write(buffer, 0, read);
                    }
                }
                if (relative.endsWith(".xml")) {
                    List<KarFeature> declared = featuresOf(target, relative);
                    if (declared != null) {
                        repositories.add(relative);
                        features.addAll(declared);
                    }
                }
            }
        } catch (ZipException e) {
            throw new UpdateCenterException("the file is not a KAR (not a zip archive)");
        } catch (IOException e) {
            throw new UpdateCenterException("could not read the KAR: " + e.getMessage(), e);
        }
        if (repositories.isEmpty()) {
            throw new UpdateCenterException("the KAR has no feature repository (a features XML under repository/)");
        }
        return new PluginKar(features, repositories);
    }

    /** The features a feature repository declares, or null when the XML is not a feature repository. */
    private static List<KarFeature> featuresOf(Path xml, String relative) throws UpdateCenterException {
        Element root;
        try {
            root = parser().parse(xml.toFile()).getDocumentElement();
        } catch (SAXException | IOException e) {
            return null;
        }
        if (!"features".equals(localName(root))) {
            return null;
        }
        List<KarFeature> features = new ArrayList<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element feature && "feature".equals(localName(feature))) {
                String name = feature.getAttribute("name");
                if (name.isBlank()) {
                    throw new UpdateCenterException(relative + " declares a feature without a name");
                }
                String version = feature.getAttribute("version");
                features.add(new KarFeature(name, version.isBlank() ? "0.0.0" : version,
                        !"manual".equals(feature.getAttribute("install")), relative));
            }
        }
        return features;
    }

    private static String localName(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static DocumentBuilder parser() throws UpdateCenterException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new UpdateCenterException("the server's XML parser cannot be made safe", e);
        }
    }
}
