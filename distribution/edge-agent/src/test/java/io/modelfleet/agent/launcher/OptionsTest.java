package io.modelfleet.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final Path HOME = Path.of("/opt/agent");

    @Test
    void optionsWinOverTheEnvironmentWhichWinsOverDefaults() {
        Options options = Options.parse(List.of("run", "--server", "https://a.example", "--http-port", "9000"),
                Map.of("MODELFLEET_SERVER_URL", "https://env.example", "MODELFLEET_ENROLLMENT_TOKEN", "mft_x"), HOME);
        assertEquals("run", options.command());
        assertEquals("https://a.example", options.properties().get("modelfleet.server.url"));
        assertEquals("mft_x", options.properties().get("modelfleet.enrollment.token"));
        assertEquals("9000", options.properties().get("modelfleet.agent.http.port"));
        assertEquals("/opt/agent/data/agent", options.properties().get("modelfleet.agent.data"));
        assertEquals("/opt/agent", options.properties().get("modelfleet.agent.home"));
    }

    @Test
    void runIsTheDefaultCommandAndSimulateNeedsACount() {
        assertEquals("run", Options.parse(List.of(), Map.of(), HOME).command());
        Options simulate = Options.parse(List.of("simulate", "--count", "1000", "--rate", "2.5"), Map.of(), HOME);
        assertEquals("1000", simulate.properties().get("modelfleet.agent.simulate.count"));
        assertEquals("2.5", simulate.properties().get("modelfleet.agent.simulate.rate"));
        assertEquals("-1", simulate.properties().get("modelfleet.agent.http.port"), "virtual agents have no endpoint");
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("simulate"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(List.of("simulate", "--count", "0"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("run", "--count", "5"), Map.of(), HOME));
    }

    @Test
    void badInputIsExplained() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("fly"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--colour", "red"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--server"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--http-port", "70000"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--http-port", "x"), Map.of(), HOME));
    }
}
