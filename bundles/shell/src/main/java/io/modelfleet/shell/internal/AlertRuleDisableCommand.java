package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fleet", name = "alert-rule-disable", description = "Disables an alert rule: it is no longer "
        + "evaluated, and its open alerts resolve without notifying anyone")
public class AlertRuleDisableCommand extends AlertRuleSwitchAction {
    @Override
    boolean enabled() {
        return false;
    }

    @Override
    String consequence() {
        return "its open alerts resolve at the next evaluation, without notifications";
    }
}
