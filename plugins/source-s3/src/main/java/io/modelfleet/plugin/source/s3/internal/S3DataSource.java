package io.modelfleet.plugin.source.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.api.support.csv.CsvItems;
import io.modelfleet.api.support.s3.S3Client;
import io.modelfleet.api.support.s3.S3Exception;
import io.modelfleet.api.support.s3.S3Object;
import io.modelfleet.api.support.s3.S3Page;
import io.modelfleet.api.support.s3.S3Settings;

/**
 * A bucket (and prefix) on AWS S3 or an S3-compatible server. An import lists the keys under the configured prefix
 * plus option {@code prefix}, page by page, then reads them in one of two layouts (option {@code layout}):
 * <ul>
 * <li>{@code csv}: every {@code .csv} object is a table (header row = schema), rows keyed as with uploads;</li>
 * <li>{@code folders}: class folders, {@code <prefix>/cat/001.jpg} is an item labelled {@code cat} whose file goes to
 * the platform's blob store; the object key is the item key.</li>
 * </ul>
 * Without {@code layout}, a listing of only CSV objects is read as {@code csv}, anything else as {@code folders}.
 */
@Component(service = DataSource.class, configurationPid = S3SourceConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = S3SourceConfiguration.class, factory = true)
public final class S3DataSource implements DataSource {
    /** The import options (a JSON Schema): what the console's form shows and the platform checks. */
    static final String OPTIONS_SCHEMA = """
            {"type": "object", "additionalProperties": false, "properties": {
              "prefix": {"type": "string", "maxLength": 1024, "title": "Prefix",
                "description": "Read only keys under this prefix, relative to the configured one (e.g. 2026/)"},
              "layout": {"type": "string", "enum": ["csv", "folders"], "title": "Layout",
                "description": "csv: every .csv object is a table; folders: class folders of files. Without it, only CSV objects mean csv"},
              "labelColumn": {"type": "string", "minLength": 1, "maxLength": 128, "default": "label",
                "title": "Label column", "description": "CSV column holding the label"},
              "keyColumn": {"type": "string", "minLength": 1, "maxLength": 128, "title": "Key column",
                "description": "CSV column naming rows; without it a row's key is the hash of its content"}
            }}""";

    private final S3SourceConfiguration config;
    private final S3Client client;
    private final PluginDescriptor descriptor;

    @Activate
    public S3DataSource(S3SourceConfiguration config) {
        this(config, Clock.systemUTC());
    }

    S3DataSource(S3SourceConfiguration config, Clock clock) {
        if (config.bucket() == null || config.bucket().isBlank()) {
            throw new IllegalArgumentException("the S3 source " + config.id() + " needs a bucket");
        }
        this.config = config;
        this.client = new S3Client(new S3Settings(config.endpoint(), config.region(), config.bucket(),
                config.pathStyle(), config.accessKey(), config.secretKey(), config.sessionToken(),
                Duration.ofSeconds(config.requestTimeoutSeconds())), clock);
        this.descriptor = new PluginDescriptor(config.id(), "S3 bucket " + config.bucket() + " (" + config.id() + ")",
                "1.0.0", "CSV objects and class folders from " + client.location()
                        + (config.prefix().isEmpty() ? "" : " under " + config.prefix()));
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String importOptionsSchema() {
        return OPTIONS_SCHEMA;
    }

    @Override
    public ImportSummary importItems(ImportRequest options, ImportContext context) throws Exception {
        String extra = options.string("prefix", "");
        if (extra.startsWith("/") || extra.contains("..")) {
            throw new InvalidInputException("the prefix '" + extra + "' must be relative and without '..'");
        }
        String prefix = config.prefix() + extra;
        List<S3Object> objects;
        try {
            objects = listAll(prefix, context);
        } catch (S3Exception e) {
            throw new InvalidInputException("cannot list " + client.location() + ": " + e.getMessage());
        }
        if (objects.isEmpty()) {
            throw new InvalidInputException("there are no objects under '" + prefix + "' in " + client.location());
        }
        String layout = options.string("layout",
                objects.stream().allMatch(o -> isCsv(o.key())) ? "csv" : "folders");
        long done = 0;
        long imported = 0;
        long skipped = 0;
        for (S3Object object : objects) {
            if (context.cancelled()) {
                break;
            }
            try {
                switch (layout) {
                case "csv" -> {
                    if (isCsv(object.key())) {
                        imported += readCsv(object, options, context);
                    } else {
                        skipped++;
                    }
                }
                case "folders" -> {
                    if (readFile(object, prefix, context)) {
                        imported++;
                    } else {
                        skipped++;
                    }
                }
                default -> throw new InvalidInputException("layout must be csv or folders, not '" + layout + "'");
                }
            } catch (S3Exception e) {
                throw new InvalidInputException("cannot read " + object.key() + ": " + e.getMessage());
            }
            context.progress(++done, objects.size());
        }
        return new ImportSummary(imported, skipped, List.of());
    }

    private List<S3Object> listAll(String prefix, ImportContext context) throws IOException {
        List<S3Object> objects = new ArrayList<>();
        String token = null;
        do {
            S3Page page = client.list(prefix, token, Math.max(1, Math.min(S3Client.MAX_LIST_KEYS, config.pageSize())));
            for (S3Object object : page.objects()) {
                if (!object.key().endsWith("/")) { // folder markers some tools create
                    objects.add(object);
                }
            }
            if (objects.size() > config.maxObjects()) {
                throw new InvalidInputException("more than " + config.maxObjects() + " objects under '" + prefix
                        + "'; narrow the prefix");
            }
            token = page.nextToken();
            context.progress(0, -1);
        } while (token != null && !context.cancelled());
        return objects;
    }

    private long readCsv(S3Object object, ImportRequest options, ImportContext context) throws IOException {
        if (object.size() > config.maxCsvBytes()) {
            throw new InvalidInputException(object.key() + " is " + object.size() + " bytes; the limit is " + config.maxCsvBytes());
        }
        CsvItems csv = new CsvItems(options.string("labelColumn", "label"), options.string("keyColumn", null),
                config.maxRows(), 1_000_000);
        try (InputStream in = client.get(object.key())) {
            return csv.read(in, object.size(), context);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(object.key() + ": " + e.detail());
        }
    }

    /** A file in a class folder; files directly under the prefix have no label folder and are skipped. */
    private boolean readFile(S3Object object, String prefix, ImportContext context) throws IOException {
        String relative = object.key().substring(prefix.length());
        String[] segments = relative.split("/");
        if (segments.length < 2 || segments[segments.length - 1].startsWith(".")) {
            return false;
        }
        String fileName = segments[segments.length - 1];
        String label = segments[segments.length - 2];
        if (object.size() > ImportContext.MAX_CONTENT_BYTES) {
            throw new InvalidInputException(object.key() + " is " + object.size() + " bytes; one item may hold "
                    + ImportContext.MAX_CONTENT_BYTES);
        }
        String ref;
        try (InputStream in = new Exactly(client.get(object.key()), object.size(), object.key())) {
            ref = context.storeContent(fileName, in);
        }
        try {
            context.accept(new DataItem(object.key(), Map.of(), ref, null, label, null));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(object.key() + ": " + e.detail());
        }
        return true;
    }

    private static boolean isCsv(String key) {
        return key.toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /** Fails when an object is longer than its listing said, instead of storing more than was checked. */
    private static final class Exactly extends FilterInputStream {
        private final long expected;
        private final String key;
        private long read;

        Exactly(InputStream in, long expected, String key) {
            super(in);
            this.expected = expected;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (read += n) > expected) {
                throw new InvalidInputException(key + " is longer than the " + expected + " bytes S3 listed");
            }
            return n;
        }
    }
}
