package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.apache.karaf.shell.api.action.Completion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.DailySummary;
import io.modelfleet.api.alert.DeliveryStatus;
import io.modelfleet.api.alert.NotificationChannel;
import io.modelfleet.api.alert.SentSummary;
import io.modelfleet.api.alert.SummaryService;
import io.modelfleet.api.alert.SummarySettings;

/** The daily summary commands, parsed by Karaf's own preparator and run against a summary service that records calls. */
class SummaryCommandsTest {
    /** Half past midnight in Berlin on 2026-12-06, still the 5th in UTC: "yesterday" depends on the zone. */
    private static final Instant NOW = Instant.parse("2026-12-05T23:30:00Z");
    private static final Instant MADE = Instant.parse("2026-12-06T07:00:00Z");
    private static final Instant FROM = Instant.parse("2026-12-04T23:00:00Z");
    private static final long[] RESULTS = { 0, 0, 0, 0, 0, 0, 10, 40, 80, 120, 160, 200, 240, 200, 160, 120, 80, 40,
            10, 0, 0, 0, 0, 0 };

    private static final NotificationChannel SLACK = new NotificationChannel(1, "ops-slack", ChannelType.SLACK,
            "https://hooks.slack.com/services/T000/B000/XXXXSECRET", false, List.of(), true, NOW, "admin");
    private static final NotificationChannel MAIL = new NotificationChannel(2, "oncall-mail", ChannelType.EMAIL, null,
            false, List.of("oncall@example.com"), true, NOW, "admin");

    private static final SentSummary.Delivery SLACK_DELIVERED = new SentSummary.Delivery(1, "ops-slack",
            DeliveryStatus.DELIVERED, 1, 200, null, MADE.plusSeconds(2));
    private static final SentSummary.Delivery MAIL_PENDING = new SentSummary.Delivery(2, "oncall-mail",
            DeliveryStatus.PENDING, 2, null, "SMTP server refused the connection", null);
    private static final SentSummary SENT_12 = new SentSummary(12, LocalDate.parse("2026-12-04"), "Europe/Berlin",
            MADE.minusSeconds(86_400), "daily-summary", List.of(SLACK_DELIVERED, MAIL_PENDING));
    private static final SentSummary SENT_11 = new SentSummary(11, LocalDate.parse("2026-12-03"), "UTC",
            MADE.minusSeconds(2 * 86_400), "bob", List.of());

    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    private final FakeSummaries summaries = new FakeSummaries();

    /** Settings, kept and sent summaries in memory; records each call and what was submitted. */
    private static final class FakeSummaries implements SummaryService {
        final List<String> calls = new ArrayList<>();
        SummarySettings settings = new SummarySettings(true, "07:30", "Europe/Berlin", List.of(1L, 7L), 0.4);
        SummarySettings submitted;
        List<SentSummary> sent = new ArrayList<>(List.of(SENT_12, SENT_11));
        List<SentSummary.Delivery> deliveries = List.of(SLACK_DELIVERED, MAIL_PENDING);
        RuntimeException refusal;

        @Override
        public SummarySettings settings() {
            calls.add("settings");
            return settings;
        }

        @Override
        public SummarySettings setSettings(SummarySettings next, String actor) {
            calls.add("setSettings by " + actor);
            refuse();
            submitted = next;
            settings = next;
            return next;
        }

        @Override
        public DailySummary summary(LocalDate day, String timeZone) {
            calls.add("summary " + day + " " + timeZone);
            refuse();
            return busyDay(day, timeZone == null ? settings.timeZone() : timeZone);
        }

        @Override
        public Optional<DailySummary> kept(long id) {
            calls.add("kept " + id);
            return id == 12 ? Optional.of(quietDay()) : Optional.empty();
        }

        @Override
        public List<SentSummary> sent(int limit) {
            calls.add("sent " + limit);
            return sent.stream().limit(limit).toList();
        }

        @Override
        public SentSummary send(LocalDate day, String actor) {
            calls.add("send " + day + " by " + actor);
            refuse();
            return new SentSummary(13, day, settings.timeZone(), MADE, actor, deliveries);
        }

        private void refuse() {
            if (refusal != null) {
                throw refusal;
            }
        }
    }

    /** A working day: a curve of results over the day, two models, one tag, alerts, rollouts and a training. */
    private static DailySummary busyDay(LocalDate day, String zone) {
        List<DailySummary.Hour> hours = IntStream.range(0, RESULTS.length)
                .mapToObj(i -> new DailySummary.Hour(FROM.plusSeconds(3600L * i), RESULTS[i], RESULTS[i] / 20,
                        i == 12 ? 40 : 0))
                .toList();
        return new DailySummary(day, zone, FROM, FROM.plusSeconds(24 * 3600), MADE, 0.5,
                new DailySummary.Edges(12, 10, 2, 11),
                new DailySummary.Rates("fleet", 1500, 3.5, 2.5, 1200, 2.0, 3.0),
                List.of(new DailySummary.Rates("defects:3", 1000, 4.0, 1.0, 800, 3.0, 1.5),
                        new DailySummary.Rates("parts-ok:v1.5", 500, 2.5, 5.5, 0, null, null)),
                List.of(new DailySummary.Rates("site=berlin", 900, 3.25, 0.25, 1000, 3.5, 0.3)),
                hours, new DailySummary.AlertCounts(3, 2, 1),
                List.of("FIRED offline cameras: edge camera-1 has not been seen for 95 minutes",
                        "FIRED rollout failed: rollout 8 of gears:v2 ended ROLLED_BACK"),
                new DailySummary.Counts(2, 1, 1), new DailySummary.Counts(1, 1, 0));
    }

    /** A day on which nothing ran: no hours, no groups, nothing the day before either. */
    private static DailySummary quietDay() {
        return new DailySummary(LocalDate.parse("2026-12-04"), "Europe/Berlin", FROM.minusSeconds(86_400), FROM,
                MADE.minusSeconds(86_400), 0.4, new DailySummary.Edges(3, 0, 3, 0),
                new DailySummary.Rates("fleet", 0, null, null, 0, null, null), List.of(), List.of(), List.of(),
                new DailySummary.AlertCounts(0, 0, 0), List.of(), new DailySummary.Counts(0, 0, 0),
                new DailySummary.Counts(0, 0, 0));
    }

    private final AlertService alerts = (AlertService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { AlertService.class }, (proxy, method, args) -> switch (method.getName()) {
                case "channels" -> List.of(SLACK, MAIL);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** The command wired to the fake services, "now" being {@link #NOW}. */
    private <T extends FleetAction> T with(T command) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        if (command instanceof SummaryShowCommand c) {
            c.summaries = summaries;
            c.clock = clock;
        } else if (command instanceof SummaryListCommand c) {
            c.summaries = summaries;
        } else if (command instanceof SummarySettingsCommand c) {
            c.summaries = summaries;
            c.alerts = alerts;
        } else if (command instanceof SummarySettingsSetCommand c) {
            c.summaries = summaries;
            c.alerts = alerts;
        } else if (command instanceof SummarySendCommand c) {
            c.summaries = summaries;
            c.clock = clock;
        } else {
            throw new IllegalArgumentException(command.getClass().getName());
        }
        return command;
    }


    /** The lines after {@code heading} up to the next blank line. */
    private static List<String> section(String output, String heading) {
        List<String> lines = output.lines().dropWhile(line -> !line.equals(heading)).skip(1)
                .takeWhile(line -> !line.isEmpty()).toList();
        assertFalse(lines.isEmpty(), "no section " + heading + " in " + output);
        return lines;
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void showDefaultsToYesterdayInTheSettingsZoneWithHeadlineAndChanges() throws Exception {
        String shown = console.run(with(new SummaryShowCommand()));
        assertEquals(List.of("settings", "summary 2026-12-05 null"), summaries.calls,
                "yesterday in Berlin, where it is already the 6th; the zone is left to the service");
        assertTrue(shown.startsWith("Daily summary of 2026-12-05 in Europe/Berlin\n"
                + "  period         2026-12-04T23:00:00Z to 2026-12-05T23:00:00Z\n"
                + "  made           2026-12-06T07:00:00Z\n"
                + "  edges          12 approved: 10 online, 2 offline now; 11 seen since the day began\n"
                + "  inferences     1500 (+25% from 1200 the day before)\n"
                + "  low confidence 3.5% of results scored below 0.5 (+1.5 points from 2% the day before)\n"
                + "  failures       2.5% of inferences failed (-0.5 points from 3% the day before)\n"
                + "  results/hour   \u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u2581\u2582\u2583\u2584\u2586\u2587\u2588"
                + "\u2587\u2586\u2584\u2583\u2582\u2581\u00b7\u00b7\u00b7\u00b7\u00b7  00:00 to 23:00, peak 240 at "
                + "12:00\n"
                + "  alerts         3 opened, 2 resolved, 1 open at the end of the day\n"
                + "  rollouts       2 started, 1 succeeded, 1 failed\n"
                + "  trainings      1 started, 1 succeeded, 0 failed\n"
                + "\nBy model\n"), shown);
        assertEquals(List.of("defects:3", "1000", "+25%", "4%", "+1 pt", "1%", "-0.5 pt"), ShellConsole.row(shown, "defects:3"));
        assertEquals(List.of("parts-ok:v1.5", "500", "new", "2.5%", "-", "5.5%", "-"), ShellConsole.row(shown, "parts-ok:v1.5"));
        assertEquals(List.of("site=berlin", "900", "-10%", "3.25%", "-0.25 pt", "0.25%", "-0.05 pt"),
                ShellConsole.row(shown, "site=berlin"));
        assertTrue(section(shown, "By tag").stream().anyMatch(line -> line.startsWith("site=berlin")), shown);
        assertEquals(List.of("  - FIRED offline cameras: edge camera-1 has not been seen for 95 minutes",
                "  - FIRED rollout failed: rollout 8 of gears:v2 ended ROLLED_BACK"),
                section(shown, "Alerts opened (the first 2 of 3)"));
        assertFalse(shown.contains("Per hour"), "the hour rows only with --hours: " + shown);
        assertEquals("", console.err());
    }

    @Test
    void showTakesTheDayAndZoneGivenAndAddsTheHoursWhenAsked() throws Exception {
        console.run(with(new SummaryShowCommand()), "--zone", "America/New_York");
        assertEquals(List.of("summary 2026-12-04 America/New_York"), summaries.calls,
                "yesterday in the zone given; no need for the settings");
        console.reset();

        String shown = console.run(with(new SummaryShowCommand()), "--day", "2026-11-30", "--zone", "Europe/Berlin",
                "--hours");
        assertEquals("summary 2026-11-30 Europe/Berlin", summaries.calls.get(1));
        assertTrue(shown.startsWith("Daily summary of 2026-11-30 in Europe/Berlin\n"), shown);
        List<String> hours = section(shown, "Per hour (Europe/Berlin)");
        assertEquals(2 + 24, hours.size(), "a heading, its rule and a row per hour: " + hours);
        assertEquals(List.of("HOUR", "RESULTS", "LOW CONF.", "FAILED"), ShellConsole.row(shown, "HOUR"));
        assertEquals(List.of("12:00", "240", "12", "40"), ShellConsole.row(shown, "12:00 |"));
        assertEquals(List.of("06:00", "10", "0", "0"), ShellConsole.row(shown, "06:00 |"));
        console.reset();

        console.run(with(new SummaryShowCommand()), "--day", "2026-12-01");
        assertEquals("summary 2026-12-01 null", summaries.calls.get(2), "a day given needs no settings");
        assertEquals(3, summaries.calls.size());
    }

    @Test
    void showOfASentSummaryIsTheKeptOneAsItWasMade() throws Exception {
        String shown = console.run(with(new SummaryShowCommand()), "--sent", "12");
        assertEquals(List.of("kept 12"), summaries.calls);
        assertTrue(shown.startsWith("Daily summary of 2026-12-04 in Europe/Berlin\n"), shown);
        assertTrue(shown.contains("  inferences     0 (none the day before either)\n"), shown);
        assertTrue(shown.contains("  low confidence no results\n"), shown);
        assertTrue(shown.contains("  failures       no inferences\n"), shown);
        assertTrue(shown.contains("  results/hour   no results\n"), shown);
        assertEquals("no inferences", last(section(shown, "By model")));
        assertEquals("no inferences", last(section(shown, "By tag")));
        assertFalse(shown.contains("Alerts opened"), shown);

        console.run(with(new SummaryShowCommand()), "--sent", "99");
        assertEquals(List.of("Error: summary 99 does not exist; fleet:summary-list lists the ones sent"),
                console.errors());
    }

    @Test
    void showRefusesBadInputWithOneLineAndNoCall() throws Exception {
        List<List<String>> attempts = List.of(
                List.of("--day", "2026-13-01"),
                List.of("--day", "yesterday"),
                List.of("--day", "05.12.2026", "--zone", "Europe/Berlin"),
                List.of("--zone", "Mars/Olympus"),
                List.of("--day", "2026-12-05", "--zone", "Europe/Berlln"),
                List.of("--sent", "latest"),
                List.of("--sent", "12", "--day", "2026-12-05"));
        for (List<String> args : attempts) {
            console.run(with(new SummaryShowCommand()), args.toArray(String[]::new));
        }
        assertEquals(List.of(
                "Error: --day must be a day as YYYY-MM-DD, such as 2026-12-05; was '2026-13-01'",
                "Error: --day must be a day as YYYY-MM-DD, such as 2026-12-05; was 'yesterday'",
                "Error: --day must be a day as YYYY-MM-DD, such as 2026-12-05; was '05.12.2026'",
                "Error: --zone must be a time zone such as Europe/Berlin or UTC; was 'Mars/Olympus'",
                "Error: --zone must be a time zone such as Europe/Berlin or UTC; was 'Europe/Berlln'",
                "Error: summary id must be a number; was 'latest'",
                "Error: --sent shows a summary as it was made, of its own day and zone; leave out --day and --zone"),
                console.errors());
        assertEquals(List.of(), summaries.calls);
        assertEquals("", console.out());

        summaries.refusal = new InvalidInputException("2026-12-06 has not ended yet in Europe/Berlin");
        console.run(with(new SummaryShowCommand()), "--day", "2026-12-06");
        assertEquals("Error: 2026-12-06 has not ended yet in Europe/Berlin",
                console.errors().get(console.errors().size() - 1));
        assertEquals(8, console.errors().size());
        assertEquals(List.of("summary 2026-12-06 null"), summaries.calls);
        assertEquals("", console.out());
    }

    @Test
    void aDayWhoseOffsetChangesTellsTheRepeatedHourApart() {
        // 2026-10-25 in Berlin has 25 hours: 02:00 comes twice, first at +02:00, then at +01:00
        Instant start = Instant.parse("2026-10-24T22:00:00Z");
        List<DailySummary.Hour> hours = IntStream.range(0, 25)
                .mapToObj(i -> new DailySummary.Hour(start.plusSeconds(3600L * i), i == 3 ? 80 : 8, 0, 0)).toList();
        String bars = SummaryText.bars(hours, ZoneId.of("Europe/Berlin"));
        assertEquals("\u2581\u2581\u2581\u2588" + "\u2581".repeat(21)
                + "  00:00+02:00 to 23:00+01:00, peak 80 at 02:00+01:00", bars);
    }

    @Test
    void listShowsEachSummaryWithEveryChannelsDelivery() throws Exception {
        String listed = console.run(with(new SummaryListCommand()));
        assertEquals(List.of("sent " + SummaryListCommand.DEFAULT_LIMIT), summaries.calls);
        assertEquals(List.of("12", "2026-12-04", "Europe/Berlin", "2026-12-05T07:00:00Z", "daily-summary",
                "ops-slack (1)", "DELIVERED", "1", "200", "-", "2026-12-06T07:00:02Z"), ShellConsole.row(listed, "ops-slack"));
        assertEquals(List.of("", "", "", "", "", "oncall-mail (2)", "PENDING", "2", "-",
                "SMTP server refused the connection", "-"), ShellConsole.row(listed, "oncall-mail"));
        assertEquals(List.of("11", "2026-12-03", "UTC", "2026-12-04T07:00:00Z", "bob", "none", "-", "-", "-", "-",
                "-"), ShellConsole.row(listed, "2026-12-03"));
        assertTrue(listed.endsWith("2 summaries; fleet:summary-show --sent <id> shows one as it was made\n"), listed);
        console.reset();

        listed = console.run(with(new SummaryListCommand()), "--limit", "1");
        assertEquals("sent 1", summaries.calls.get(1));
        assertFalse(listed.contains("2026-12-03"), listed);
        console.reset();

        summaries.sent.clear();
        listed = console.run(with(new SummaryListCommand()));
        assertTrue(listed.contains("no summaries sent yet"), listed);
        assertTrue(listed.endsWith("0 summaries\n"), listed);

        console.run(with(new SummaryListCommand()), "--limit", "some");
        console.run(with(new SummaryListCommand()), "--limit", "0");
        assertEquals(List.of("Error: --limit must be a whole number; was 'some'",
                "Error: --limit must be between 1 and 1000; was 0"), console.errors());
        assertEquals(3, summaries.calls.size(), "bad limits reach no service");
    }

    @Test
    void settingsShowWhenAndWhereTheSummaryGoes() throws Exception {
        String shown = console.run(with(new SummarySettingsCommand()));
        assertEquals("Daily summary is enabled: each day at 07:30 Europe/Berlin the day before's summary is made and "
                + "kept and sent to the channels\n"
                + "  time                  07:30\n"
                + "  zone                  Europe/Berlin\n"
                + "  channel               ops-slack (1), channel 7\n"
                + "  low-confidence-below  0.4 (results scoring below it count as low-confidence)\n", shown);
        console.reset();

        summaries.settings = SummarySettings.DEFAULT;
        shown = console.run(with(new SummarySettingsCommand()));
        assertEquals("Daily summary is disabled; fleet:summary-settings-set --enabled (with the settings below) turns "
                + "it on\n"
                + "  time                  08:00\n"
                + "  zone                  UTC\n"
                + "  channel               none\n"
                + "  low-confidence-below  0.5 (results scoring below it count as low-confidence)\n", shown);
        console.reset();

        summaries.settings = new SummarySettings(true, null, null, null, null);
        shown = console.run(with(new SummarySettingsCommand()));
        assertTrue(shown.startsWith("Daily summary is enabled: each day at 08:00 UTC the day before's summary is "
                + "made and kept, but there is no channel to send it to\n"), shown);
        assertEquals(List.of("settings", "settings", "settings"), summaries.calls);
    }

    @Test
    void settingsSetPassesEveryParsedOptionAndShowsWhatWasSaved() throws Exception {
        String saved = console.run(with(new SummarySettingsSetCommand()), "--enabled", "--time", "06:45", "--zone",
                "Europe/Vienna", "--channel", "2", "--channel", "1", "--low-confidence-below", "0.35");
        assertEquals(new SummarySettings(true, "06:45", "Europe/Vienna", List.of(2L, 1L), 0.35), summaries.submitted);
        assertEquals(List.of("setSettings by alice"), summaries.calls);
        assertEquals("Daily summary settings saved\n"
                + "Daily summary is enabled: each day at 06:45 Europe/Vienna the day before's summary is made and "
                + "kept and sent to the channels\n"
                + "  time                  06:45\n"
                + "  zone                  Europe/Vienna\n"
                + "  channel               oncall-mail (2), ops-slack (1)\n"
                + "  low-confidence-below  0.35 (results scoring below it count as low-confidence)\n", saved);
        assertEquals("", console.err());
    }

    @Test
    void settingsSetLeavesWhatIsNotGivenToTheApisDefaults() throws Exception {
        console.run(with(new SummarySettingsSetCommand()), "--zone", "Asia/Tokyo");
        assertEquals(new SummarySettings(false, null, "Asia/Tokyo", null, null), summaries.submitted);
        assertFalse(summaries.submitted.enabled(), "the whole settings are set: left out, it is off");
        assertEquals("08:00", summaries.submitted.timeOfDay());
        assertEquals(List.of(), summaries.submitted.channelIds());
        assertEquals(0.5, summaries.submitted.lowConfidenceBelow());

        console.run(with(new SummarySettingsSetCommand()), "--disabled");
        assertEquals(SummarySettings.DEFAULT, summaries.submitted);
        assertEquals(List.of("setSettings by alice", "setSettings by alice"), summaries.calls);
        assertTrue(console.out().contains("Daily summary is disabled"), console.out());
    }

    @Test
    void settingsSetRefusesBadInputWithOneLineNamingTheOption() throws Exception {
        List<List<String>> attempts = List.of(
                List.of("--enabled", "--disabled"),
                List.of("--enabled", "--time", "8am"),
                List.of("--enabled", "--time", "25:00"),
                List.of("--enabled", "--time", "08:00:30"),
                List.of("--enabled", "--zone", "Mars/Olympus"),
                List.of("--enabled", "--channel", "ops-slack"),
                List.of("--enabled", "--low-confidence-below", "half"),
                List.of("--enabled", "--low-confidence-below", "0.33"),
                List.of("--enabled", "--low-confidence-below", "1.5"));
        for (List<String> args : attempts) {
            console.run(with(new SummarySettingsSetCommand()), args.toArray(String[]::new));
        }
        assertEquals(List.of(
                "Error: give --enabled or --disabled, not both",
                "Error: --time: hours and minutes as HH:mm, such as 08:00, not 8am",
                "Error: --time: hours and minutes as HH:mm, such as 08:00, not 25:00",
                "Error: --time: hours and minutes as HH:mm, such as 08:00",
                "Error: --zone: an IANA time zone such as Europe/Berlin, not Mars/Olympus",
                "Error: channel id must be a number; was 'ops-slack'",
                "Error: --low-confidence-below must be a number such as 0.05; was 'half'",
                "Error: --low-confidence-below must be a multiple of 0.05 (the rollups' score bins)",
                "Error: --low-confidence-below must be between 0.05 and 0.95, was 1.5"), console.errors());
        assertEquals(List.of(), summaries.calls);
        assertEquals("", console.out());

        summaries.refusal = new InvalidInputException("channel 9 does not exist", Map.of("channelIds", "9"));
        console.run(with(new SummarySettingsSetCommand()), "--enabled", "--channel", "9");
        assertEquals("Error: channel 9 does not exist", console.errors().get(console.errors().size() - 1));
        assertEquals(List.of("setSettings by alice"), summaries.calls);
        assertEquals("", console.out());
    }

    @Test
    void settingsSetCompletesChannels() throws Exception {
        Completion completion = SummarySettingsSetCommand.class.getDeclaredField("channels")
                .getAnnotation(Completion.class);
        assertEquals(ChannelCompleter.class, completion.value());
    }

    @Test
    void sendMakesYesterdaysSummaryAndSaysWhatBecameOfEachDelivery() throws Exception {
        String sent = console.run(with(new SummarySendCommand()));
        assertEquals(List.of("settings", "send 2026-12-05 by alice"), summaries.calls,
                "yesterday in the settings' zone (Berlin)");
        assertTrue(sent.startsWith("Summary 13 of 2026-12-05 (Europe/Berlin) made by alice and sent\n"), sent);
        assertEquals(List.of("ops-slack (1)", "DELIVERED", "1", "200", "-", "2026-12-06T07:00:02Z"),
                ShellConsole.row(sent, "ops-slack"));
        assertEquals(List.of("oncall-mail (2)", "PENDING", "2", "-", "SMTP server refused the connection", "-"),
                ShellConsole.row(sent, "oncall-mail"));
        assertTrue(sent.endsWith("fleet:summary-list shows how the pending deliveries went\n"), sent);
        console.reset();

        summaries.settings = SummarySettings.DEFAULT;
        summaries.deliveries = List.of(SLACK_DELIVERED);
        sent = console.run(with(new SummarySendCommand()));
        assertEquals("send 2026-12-04 by alice", summaries.calls.get(3), "yesterday in UTC, still the 5th there");
        assertFalse(sent.contains("pending"), sent);
        console.reset();

        summaries.deliveries = List.of();
        sent = console.run(with(new SummarySendCommand()), "--day", "2026-11-30");
        assertEquals("send 2026-11-30 by alice", summaries.calls.get(4), "a day given needs no settings");
        assertEquals("Summary 13 of 2026-11-30 (UTC) made by alice and kept; there is no channel to send it to "
                + "(fleet:summary-settings-set --channel)\n", sent);
        assertEquals(5, summaries.calls.size());
        assertEquals("", console.err());
    }

    @Test
    void sendRefusesABadDayWithoutCalling() throws Exception {
        console.run(with(new SummarySendCommand()), "--day", "2026-02-30");
        console.run(with(new SummarySendCommand()), "--day", "today");
        assertEquals(List.of("Error: --day must be a day as YYYY-MM-DD, such as 2026-12-05; was '2026-02-30'",
                "Error: --day must be a day as YYYY-MM-DD, such as 2026-12-05; was 'today'"), console.errors());
        assertEquals(List.of(), summaries.calls);

        summaries.refusal = new InvalidInputException("2026-12-06 has not ended yet in Europe/Berlin");
        console.run(with(new SummarySendCommand()), "--day", "2026-12-06");
        assertEquals(List.of("send 2026-12-06 by alice"), summaries.calls);
        assertEquals(3, console.errors().size());
        assertEquals("", console.out());
    }
}
