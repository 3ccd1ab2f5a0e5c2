package io.modelfleet.api.inference;

/** How many reported items were new and how many had been stored before. */
public record IngestReply(int accepted, int duplicates) {
}
