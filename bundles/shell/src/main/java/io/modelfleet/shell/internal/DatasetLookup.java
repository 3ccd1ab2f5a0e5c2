package io.modelfleet.shell.internal;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;

/** Finds a dataset by id or name, as operators type either. */
final class DatasetLookup {
    private DatasetLookup() {
    }

    static Dataset find(DatasetService datasets, String idOrName) {
        if (idOrName.matches("\\d{1,18}")) {
            return datasets.get(Long.parseLong(idOrName));
        }
        return datasets.list().stream().filter(d -> d.name().equals(idOrName)).findFirst()
                .orElseThrow(() -> new NotFoundException("there is no dataset named '" + idOrName + "'"));
    }
}
