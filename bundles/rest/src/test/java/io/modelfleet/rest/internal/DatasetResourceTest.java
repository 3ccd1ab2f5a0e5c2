package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.core.SecurityContext;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.security.Caller;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.api.spi.source.UploadedFile;

/** Uploads reach the dataset service as a typed file with the other form fields as options; sources show their schema. */
class DatasetResourceTest {
    private static final String TYPE = "multipart/form-data; boundary=XyZ";

    /** What startImport was called with, and what it does then (refuse or accept). */
    private final List<Object[]> calls = new ArrayList<>();
    private RuntimeException refusal;

    private final DatasetService datasets = (DatasetService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { DatasetService.class }, (proxy, method, args) -> switch (method.getName()) {
                case "get", "changeable" -> null;
                case "startImport" -> {
                    calls.add(args);
                    if (refusal != null) {
                        throw refusal;
                    }
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private static final DataSource LOCAL = new DataSource() {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("local", "Upload from PC", "1.0.0", "CSV files");
        }

        @Override
        public String importOptionsSchema() {
            return "{\"type\":\"object\",\"properties\":{\"labelColumn\":{\"type\":\"string\",\"default\":\"label\"}}}";
        }

        @Override
        public boolean acceptsUpload() {
            return true;
        }

        @Override
        public ImportSummary importItems(ImportRequest request, ImportContext context) {
            throw new UnsupportedOperationException();
        }
    };

    private final PluginRegistry plugins = (PluginRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { PluginRegistry.class }, (proxy, method, args) -> switch (method.getName()) {
                case "dataSource" -> "local".equals(args[0]) ? Optional.of(LOCAL) : Optional.empty();
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final DatasetResource resource = new DatasetResource(datasets, plugins);

    private final SecurityContext alice = (SecurityContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { SecurityContext.class }, (proxy, method, args) -> switch (method.getName()) {
                case "getUserPrincipal" -> new Caller("alice", Role.MANAGER, null);
                default -> null;
            });

    private static ByteArrayInputStream form(String... parts) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < parts.length; i += 2) {
            body.append("--XyZ\r\nContent-Disposition: form-data; name=\"").append(parts[i]).append('"');
            if (parts[i].equals("file")) {
                body.append("; filename=\"C:\\\\data\\\\parts.csv\"");
            }
            body.append("\r\n\r\n").append(parts[i + 1]).append("\r\n");
        }
        return new ByteArrayInputStream(body.append("--XyZ--\r\n").toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUploadReachesTheServiceAsATypedFileWithTheOtherFieldsAsOptions() throws Exception {
        resource.upload("7", TYPE, form("source", "local", "labelColumn", " kind ", "keyColumn", "", "file",
                "x,kind\n1,ok\n"), alice);
        assertEquals(1, calls.size());
        Object[] args = calls.get(0);
        assertEquals(7L, args[0]);
        assertEquals("local", args[1]);
        assertEquals(Map.of("labelColumn", "kind"), args[2], "a blank field leaves the option to its default");
        UploadedFile file = (UploadedFile) args[3];
        assertEquals("parts.csv", file.name(), "the client's folders are dropped");
        assertEquals(12, file.size());
        assertEquals("x,kind\n1,ok\n", Files.readString(file.path()));
        assertNull(file.contentType());
        assertEquals("alice", args[4]);
        Files.delete(file.path()); // the import's job
    }

    @Test
    void aRefusedUploadIsDeletedAndAFormWithoutAFileIsRefused() throws Exception {
        refusal = new InvalidInputException("invalid import options: colour is not an option of this source",
                Map.of("options.colour", "is not an option of this source"));
        assertThrows(InvalidInputException.class,
                () -> resource.upload("7", TYPE, form("colour", "red", "file", "x\n"), alice));
        UploadedFile file = (UploadedFile) calls.get(0)[3];
        assertFalse(Files.exists(file.path()), "a refused upload is not left behind");
        InvalidInputException noFile = assertThrows(InvalidInputException.class,
                () -> resource.upload("7", TYPE, form("source", "local"), alice));
        assertEquals(Map.of("file", "required"), noFile.fields());
    }

    @Test
    void aSourceShowsWhetherItTakesAnUploadAndItsOptionsSchema() {
        DatasetResource.DataSourceDetail detail = resource.source("local");
        assertEquals("local", detail.id());
        assertTrue(detail.acceptsUpload());
        assertEquals("label", detail.importOptionsSchema().path("properties").path("labelColumn").path("default").asText());
        assertThrows(NotFoundException.class, () -> resource.source("nowhere"));
    }
}
