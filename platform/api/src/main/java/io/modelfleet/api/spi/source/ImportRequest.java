package io.modelfleet.api.spi.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one import asks of a source: the options, already checked against {@link DataSource#importOptionsSchema()}
 * with the schema's defaults filled in, as JSON values ({@link String}, {@link Long} for integers, {@link Double} for
 * other numbers, {@link Boolean}); and the uploaded file, present exactly when the source
 * {@link DataSource#acceptsUpload() accepts uploads}.
 */
public record ImportRequest(Map<String, Object> options, Optional<UploadedFile> upload) {
    public ImportRequest {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (options != null) {
            options.forEach((name, value) -> {
                if (name != null && value != null) {
                    copy.put(name, value);
                }
            });
        }
        options = java.util.Collections.unmodifiableMap(copy);
        upload = upload == null ? Optional.empty() : upload;
    }

    /** Options only, no upload. */
    public ImportRequest(Map<String, Object> options) {
        this(options, Optional.empty());
    }

    /** The option as text, or {@code fallback} when it is not set. */
    public String string(String name, String fallback) {
        Object value = options.get(name);
        return value == null ? fallback : value.toString();
    }

    /** The option as a whole number, or {@code fallback} when it is not set. */
    public long integer(String name, long fallback) {
        Object value = options.get(name);
        return value instanceof Number number ? number.longValue() : value == null ? fallback : Long.parseLong(value.toString());
    }

    /** The option as a number, or null when it is not set. */
    public Double number(String name) {
        Object value = options.get(name);
        return value instanceof Number number ? number.doubleValue()
                : value == null ? null : Double.valueOf(value.toString());
    }

    /** The option as a boolean, or {@code fallback} when it is not set. */
    public boolean flag(String name, boolean fallback) {
        Object value = options.get(name);
        return value instanceof Boolean b ? b : value == null ? fallback : Boolean.parseBoolean(value.toString());
    }
}
