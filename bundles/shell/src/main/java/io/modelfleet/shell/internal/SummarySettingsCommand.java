package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.SummaryService;

@Service
@Command(scope = "fleet", name = "summary-settings", description = "Shows whether and when the daily summary is made "
        + "and sent, to which channels, and what counts as low-confidence in it; each setting under the name of the "
        + "fleet:summary-settings-set option that sets it")
public class SummarySettingsCommand extends FleetAction {
    @Reference
    SummaryService summaries;

    @Reference
    AlertService alerts;

    @Override
    void run() {
        System.out.print(SummaryText.settings(summaries.settings(), alerts.channels()));
    }
}
