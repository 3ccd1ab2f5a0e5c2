package io.modelfleet.api.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * A channel as submitted: webhooks (WEBHOOK, TEAMS, SLACK) take an http(s) {@code url}, and WEBHOOK an optional
 * {@code secret} (at least 16 characters) to sign with; EMAIL takes {@code recipients}.
 */
public record NewNotificationChannel(String name, ChannelType type, String url, String secret, List<String> recipients,
        Boolean enabled) {
    public static final int MAX_RECIPIENTS = 50;
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

    public NewNotificationChannel {
        Validation.name("name", name, 128);
        if (type == null) {
            throw new InvalidInputException("type is required: WEBHOOK, TEAMS, SLACK or EMAIL");
        }
        if (recipients != null && recipients.stream().anyMatch(java.util.Objects::isNull)) {
            throw Validation.invalid("recipients", "must list email addresses, not null");
        }
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        enabled = enabled == null || enabled;
        if (type == ChannelType.EMAIL) {
            if (url != null || secret != null) {
                throw new InvalidInputException("an EMAIL channel takes recipients, not a url or secret");
            }
            if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
                throw Validation.invalid("recipients", "an EMAIL channel needs 1 to " + MAX_RECIPIENTS + " addresses");
            }
            for (String address : recipients) {
                if (address == null || !ADDRESS.matcher(address).matches()) {
                    throw Validation.invalid("recipients", "not an email address: " + address);
                }
            }
        } else {
            Validation.required("url", url, 2048);
            checkUrl(url);
            if (!recipients.isEmpty()) {
                throw new InvalidInputException("a " + type + " channel takes a url, not recipients");
            }
            if (secret != null) {
                if (type != ChannelType.WEBHOOK) {
                    throw new InvalidInputException("only WEBHOOK channels are signed; " + type + " takes no secret");
                }
                Validation.required("secret", secret, 256);
                if (secret.length() < 16) {
                    throw Validation.invalid("secret", "must be at least 16 characters");
                }
            }
        }
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw Validation.invalid("url", "must be an http or https URL with a host");
            }
        } catch (URISyntaxException e) {
            throw Validation.invalid("url", "is not a URL: " + e.getReason());
        }
    }
}
