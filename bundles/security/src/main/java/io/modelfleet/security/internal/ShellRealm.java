package io.modelfleet.security.internal;

import java.util.HashMap;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The JAAS realm {@value #NAME} the Karaf console (SSH and {@code bin/client}) logs in with: ModelFleet's own users,
 * checked and throttled by the {@link io.modelfleet.api.security.UserService} like web logins. Karaf's proxy login
 * module loads {@link ShellLoginModule} from this bundle by the id in the options.
 */
@Component(service = JaasRealm.class, property = "org.apache.karaf.jaas.module=" + ShellRealm.NAME)
public final class ShellRealm implements JaasRealm {
    static final String NAME = "modelfleet";

    private final AppConfigurationEntry[] entries;

    @Activate
    public ShellRealm(BundleContext context) {
        Map<String, Object> options = new HashMap<>();
        options.put(BundleContext.class.getName(), context);
        options.put(ProxyLoginModule.PROPERTY_MODULE, ShellLoginModule.class.getName());
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
        entries = new AppConfigurationEntry[] { new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options) };
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return 1;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries.clone();
    }
}
