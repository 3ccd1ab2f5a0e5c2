package io.modelfleet.shell.internal;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;

/** Finds a stream by name or id, as operators type them. */
final class StreamLookup {
    private StreamLookup() {
    }

    static Stream find(StreamService streams, String nameOrId) {
        for (Stream stream : streams.list()) {
            if (stream.name().equals(nameOrId) || Long.toString(stream.id()).equals(nameOrId)) {
                return stream;
            }
        }
        throw new NotFoundException("stream '" + nameOrId + "' does not exist");
    }
}
