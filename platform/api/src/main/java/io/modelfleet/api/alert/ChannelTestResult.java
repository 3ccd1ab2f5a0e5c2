package io.modelfleet.api.alert;

/** What a test message to a channel got: {@code statusCode} for webhooks, {@code error} when it failed. */
public record ChannelTestResult(boolean delivered, Integer statusCode, String error) {
}
