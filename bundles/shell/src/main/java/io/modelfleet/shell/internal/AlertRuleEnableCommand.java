package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fleet", name = "alert-rule-enable", description = "Enables an alert rule: it is evaluated again "
        + "and fires when its condition holds")
public class AlertRuleEnableCommand extends AlertRuleSwitchAction {
    @Override
    boolean enabled() {
        return true;
    }

    @Override
    String consequence() {
        return "it is evaluated again from the next round";
    }
}
