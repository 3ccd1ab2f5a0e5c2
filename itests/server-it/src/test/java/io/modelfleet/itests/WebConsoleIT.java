package io.modelfleet.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The web console in a real headless Chromium against the booted distribution: the browser script
 * (bundles/web/e2e/console.e2e.mjs) logs in, watches an edge enrolled through the API appear without a reload,
 * approves it, opens its chart, checks what a VIEWER sees, and takes the README's screenshots.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebConsoleIT extends ServerTestSupport {

    @Configuration
    public Option[] config() {
        Option[] server = serverOptions(freshDatabaseUrl());
        Option[] all = Arrays.copyOf(server, server.length + 1);
        all[server.length] = systemProperty("modelfleet.web.dir").value(System.getProperty("modelfleet.web.dir"));
        return CoreOptions.options(all);
    }

    @Test
    public void operatorJourneyInTheBrowser() throws Exception {
        awaitHealthy();
        File web = new File(System.getProperty("modelfleet.web.dir"));
        ProcessBuilder node = new ProcessBuilder("node", "e2e/console.e2e.mjs").directory(web).redirectErrorStream(true);
        node.environment().put("BASE_URL", baseUrl());
        node.environment().put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        node.environment().put("SCREENSHOT_DIR", new File(web, "docs/screenshots").getAbsolutePath());
        Process process = node.start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        System.out.println(output);
        assertEquals("browser test failed:\n" + output, 0, process.exitValue());
    }
}
