package io.modelfleet.api.dataset;

import java.time.Instant;

public record LabelChange(long itemId, String from, String to, String by, Instant at) {
}
