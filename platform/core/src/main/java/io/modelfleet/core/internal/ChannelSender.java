package io.modelfleet.core.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.alert.AlertEventType;
import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.DailySummary;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Sends one notice to one channel: a JSON POST (generic webhook, signed with HMAC-SHA256 when the channel has a
 * secret; Microsoft Teams MessageCard; Slack message) or an email over SMTP. One attempt, no retries: the delivery
 * worker retries.
 */
@Component(service = ChannelSender.class, configurationPid = AlertConfiguration.PID)
public final class ChannelSender {
    /** Header names a receiver checks: the signature covers "{timestamp}.{body}", so a replayed body is refused. */
    static final String SIGNATURE_HEADER = "X-ModelFleet-Signature";
    static final String TIMESTAMP_HEADER = "X-ModelFleet-Timestamp";
    static final String DELIVERY_HEADER = "X-ModelFleet-Delivery";
    static final String EVENT_HEADER = "X-ModelFleet-Event";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER_CHARS = 300;

    /** What an attempt got: delivered, the HTTP status (webhooks) and an error to log when not delivered. */
    record Outcome(boolean delivered, Integer statusCode, String error) {
    }

    private final AlertConfiguration config;
    private final HttpClient http;

    @Activate
    public ChannelSender(AlertConfiguration config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(config.sendTimeoutSeconds()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Outcome send(ChannelType type, String url, String secret, List<String> recipients, AlertNotice notice) {
        return attempt(type, () -> switch (type) {
            case WEBHOOK -> post(url, webhookBody(notice), secret, notice);
            case TEAMS -> post(url, teamsBody(notice), null, notice);
            case SLACK -> post(url, slackBody(notice), null, notice);
            case EMAIL -> email(recipients, notice);
        });
    }

    @FunctionalInterface
    private interface Sending {
        Outcome send() throws IOException, MessagingException, InterruptedException;
    }

    /** One attempt, whatever failed told in the delivery log's words. */
    private static Outcome attempt(ChannelType type, Sending sending) {
        try {
            return sending.send();
        } catch (IOException e) {
            return new Outcome(false, null, "could not reach " + type.name().toLowerCase() + " endpoint: " + describe(e));
        } catch (MessagingException e) {
            return new Outcome(false, null, "SMTP: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, null, "interrupted");
        } catch (RuntimeException e) {
            // a URL or address the HTTP client or Jakarta Mail refuses: a failed attempt, counted like the others
            return new Outcome(false, null, "cannot send: " + describe(e));
        }
    }

    private Outcome post(String url, String body, String secret, AlertNotice notice)
            throws IOException, InterruptedException {
        return post(url, body, secret, notice.deliveryId(), notice.event().name(), notice.at());
    }

    private Outcome post(String url, String body, String secret, long deliveryId, String event, Instant at)
            throws IOException, InterruptedException {
        long timestamp = at.getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(config.sendTimeoutSeconds()))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "ModelFleet-Notifications")
                .header(DELIVERY_HEADER, Long.toString(deliveryId))
                .header(EVENT_HEADER, event)
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret != null) {
            request.header(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp, body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Outcome(true, status, null);
        }
        String answer = response.body() == null ? "" : response.body().strip();
        if (answer.length() > MAX_ANSWER_CHARS) {
            answer = answer.substring(0, MAX_ANSWER_CHARS) + "...";
        }
        return new Outcome(false, status, "HTTP " + status + (answer.isEmpty() ? "" : ": " + answer));
    }

    /** HMAC-SHA256 over "{timestamp}.{body}" in lower-case hex. */
    static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private Outcome email(List<String> recipients, AlertNotice notice) throws MessagingException {
        return email(recipients, notice.title(), notice.at(), "X-ModelFleet-Alert", Long.toString(notice.alertId()),
                emailText(notice), "text/plain; charset=UTF-8");
    }

    /**
     * A daily summary to a channel: the summary itself as JSON to webhooks ({@code event} DAILY_SUMMARY), a card with
     * its facts to Teams, text to Slack, an HTML page with the hourly chart drawn inline to email.
     */
    Outcome sendSummary(ChannelType type, String url, String secret, List<String> recipients, long deliveryId,
            DailySummary summary, String summaryJson) {
        SummaryText text = new SummaryText(summary, config.consoleUrl());
        Instant at = summary.generatedAt();
        return attempt(type, () -> switch (type) {
            case WEBHOOK -> post(url, "{\"delivery\":" + deliveryId + ",\"event\":\"DAILY_SUMMARY\",\"title\":"
                    + json(text.title()) + ",\"at\":" + json(at.toString()) + ",\"summary\":" + summaryJson + "}",
                    secret, deliveryId, "DAILY_SUMMARY", at);
            case TEAMS -> post(url, text.teamsCard(), null, deliveryId, "DAILY_SUMMARY", at);
            case SLACK -> post(url, "{\"text\":" + json(text.plain()) + "}", null, deliveryId, "DAILY_SUMMARY", at);
            case EMAIL -> email(recipients, text.title(), at, "X-ModelFleet-Summary", summary.day().toString(),
                    text.html(), "text/html; charset=UTF-8");
        });
    }

    private Outcome email(List<String> recipients, String title, Instant at, String header, String headerValue,
            String body, String contentType) throws MessagingException {
        if (config.smtpHost().isBlank()) {
            return new Outcome(false, null, "no SMTP server is configured (smtpHost in " + AlertConfiguration.PID + ")");
        }
        String security = config.smtpSecurity();
        String protocol = "TLS".equals(security) ? "smtps" : "smtp";
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put(prefix + "host", config.smtpHost());
        properties.put(prefix + "port", Integer.toString(config.smtpPort()));
        properties.put(prefix + "connectiontimeout", Long.toString(config.sendTimeoutSeconds() * 1000L));
        properties.put(prefix + "timeout", Long.toString(config.sendTimeoutSeconds() * 1000L));
        properties.put(prefix + "writetimeout", Long.toString(config.sendTimeoutSeconds() * 1000L));
        properties.put(prefix + "ssl.checkserveridentity", "true");
        if ("STARTTLS".equals(security)) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        boolean auth = !config.smtpUsername().isBlank();
        properties.put(prefix + "auth", Boolean.toString(auth));
        // Jakarta Mail finds its provider and stream implementation through the context class loader; in OSGi that
        // must be the one of the bundle that has them (Angus Mail)
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SMTPTransport.class.getClassLoader());
        try {
            Session session = Session.getInstance(properties);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(config.smtpFrom(), true));
            for (String recipient : recipients) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient, true));
            }
            message.setSubject("[ModelFleet] " + title, "UTF-8");
            message.setSentDate(java.util.Date.from(at));
            message.setHeader(header, headerValue);
            // a DataSource carries the bytes as they are: no content handler lookup, which OSGi would complicate
            message.setDataHandler(new DataHandler(new ByteArrayDataSource(body.getBytes(StandardCharsets.UTF_8),
                    contentType)));
            try (Transport transport = session.getTransport(protocol)) {
                if (auth) {
                    transport.connect(config.smtpHost(), config.smtpPort(), config.smtpUsername(), config._smtpPassword());
                } else {
                    transport.connect();
                }
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
            return new Outcome(true, null, null);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    String webhookBody(AlertNotice notice) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("id", notice.alertId());
        alert.put("rule", notice.ruleName());
        alert.put("kind", notice.kind().name());
        alert.put("subject", notice.subject());
        alert.put("subjectLabel", notice.subjectLabel());
        alert.put("value", notice.value());
        alert.put("firedAt", notice.firedAt().toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delivery", notice.deliveryId());
        body.put("event", notice.event().name());
        body.put("title", notice.title());
        body.put("message", notice.message());
        body.put("at", notice.at().toString());
        body.put("alert", alert);
        String link = link(notice);
        if (link != null) {
            body.put("url", link);
        }
        return json(body);
    }

    String teamsBody(AlertNotice notice) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("@type", "MessageCard");
        card.put("@context", "https://schema.org/extensions");
        card.put("summary", notice.title());
        card.put("themeColor", color(notice));
        card.put("title", notice.title());
        card.put("text", notice.message());
        card.put("sections", List.of(Map.of("facts", List.of(
                Map.of("name", "Rule", "value", notice.ruleName()),
                Map.of("name", "Subject", "value", notice.subjectLabel()),
                Map.of("name", "Fired at", "value", notice.firedAt().toString())))));
        String link = link(notice);
        if (link != null) {
            card.put("potentialAction", List.of(Map.of("@type", "OpenUri", "name", "Open in ModelFleet",
                    "targets", List.of(Map.of("os", "default", "uri", link)))));
        }
        return json(card);
    }

    String slackBody(AlertNotice notice) {
        String link = link(notice);
        String headline = "*" + escapeSlack(notice.title()) + "*\n" + escapeSlack(notice.message());
        Map<String, Object> section = Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", headline));
        Map<String, Object> context = Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn",
                "text", "fired " + notice.firedAt() + (link == null ? "" : " · <" + link + "|open in ModelFleet>"))));
        return json(Map.of("text", notice.title(), "attachments",
                List.of(Map.of("color", "#" + color(notice), "blocks", List.of(section, context)))));
    }

    private String emailText(AlertNotice notice) {
        StringBuilder text = new StringBuilder();
        text.append(notice.title()).append("\n\n").append(notice.message()).append("\n\n")
                .append("Rule:     ").append(notice.ruleName()).append('\n')
                .append("Subject:  ").append(notice.subjectLabel()).append('\n')
                .append("Fired at: ").append(notice.firedAt()).append('\n')
                .append("Event at: ").append(notice.at()).append('\n');
        String link = link(notice);
        if (link != null) {
            text.append('\n').append(link).append('\n');
        }
        return text.toString();
    }

    private String link(AlertNotice notice) {
        String base = config.consoleUrl().strip();
        if (base.isEmpty() || notice.alertId() <= 0) {
            return null;
        }
        return (base.endsWith("/") ? base : base + "/") + "#/alerts/" + notice.alertId();
    }

    private static String color(AlertNotice notice) {
        return notice.event() == AlertEventType.RESOLVED ? "2EB886" : "D83B01";
    }

    /** Slack's mrkdwn treats &, < and > as markup. */
    private static String escapeSlack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if ((message == null || message.isBlank()) && cause != null) {
            message = cause.getMessage();
        }
        return message == null || message.isBlank() ? "no details" : message;
    }
}
