package io.modelfleet.api.spi.source;

import org.osgi.annotation.versioning.ProviderType;

/** Given by the platform to a running import: where items go, how progress is told, whether to stop. */
@ProviderType
public interface ImportContext {

    void accept(DataItem item);

    /** Reports progress; {@code total} is -1 while unknown. */
    void progress(long done, long total);

    boolean cancelled();
}
