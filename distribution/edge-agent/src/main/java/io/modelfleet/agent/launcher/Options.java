package io.modelfleet.agent.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line and environment, turned into framework properties the agent bundle reads (and FileInstall
 * substitutes into {@code etc/*.cfg}). Command-line options win over environment variables.
 */
record Options(String command, Map<String, String> properties) {
    static final String USAGE = """
            usage: modelfleet-agent [run|check|simulate] [options]
              run                    start the agent (default)
              check                  start, verify every bundle resolved and started, print them, stop
              simulate --count N     run N virtual agents in this JVM (demos, load tests)
            options (or environment):
              --server URL           MODELFLEET_SERVER_URL          the ModelFleet server
              --token TOKEN          MODELFLEET_ENROLLMENT_TOKEN    one-time enrollment token (first start only)
              --data DIR             MODELFLEET_AGENT_DATA          identity, queue and models (default <home>/data/agent)
              --http-port PORT       MODELFLEET_AGENT_HTTP_PORT     local inference endpoint (default 8701, -1 = off)
              --name NAME            MODELFLEET_AGENT_NAME          edge name proposed at enrollment
              --count N              simulated agents (simulate only)
              --rate R               inferences per second per simulated agent (default 1)
            """;

    private static final Map<String, String> FLAGS = Map.of("--server", "modelfleet.server.url", "--token",
            "modelfleet.enrollment.token", "--data", "modelfleet.agent.data", "--http-port", "modelfleet.agent.http.port",
            "--name", "modelfleet.agent.name", "--count", "modelfleet.agent.simulate.count", "--rate",
            "modelfleet.agent.simulate.rate");
    private static final Map<String, String> ENVIRONMENT = Map.of("MODELFLEET_SERVER_URL", "modelfleet.server.url",
            "MODELFLEET_ENROLLMENT_TOKEN", "modelfleet.enrollment.token", "MODELFLEET_AGENT_DATA", "modelfleet.agent.data",
            "MODELFLEET_AGENT_HTTP_PORT", "modelfleet.agent.http.port", "MODELFLEET_AGENT_NAME", "modelfleet.agent.name");

    static Options parse(List<String> args, Map<String, String> env, Path home) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("modelfleet.agent.home", home.toString());
        properties.put("modelfleet.agent.data", home.resolve("data/agent").toString());
        properties.put("modelfleet.agent.http.port", "8701");
        properties.put("modelfleet.server.url", "");
        properties.put("modelfleet.enrollment.token", "");
        properties.put("modelfleet.agent.name", "");
        ENVIRONMENT.forEach((variable, property) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                properties.put(property, value);
            }
        });
        String command = "run";
        int i = 0;
        if (!args.isEmpty() && !args.get(0).startsWith("-")) {
            command = args.get(0);
            i = 1;
        }
        if (!List.of("run", "check", "simulate").contains(command)) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        for (; i < args.size(); i++) {
            String flag = args.get(i);
            String property = FLAGS.get(flag);
            if (property == null) {
                throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            properties.put(property, args.get(++i));
        }
        if (command.equals("simulate")) {
            int count = number(properties, "modelfleet.agent.simulate.count", "--count");
            if (count < 1 || count > 100_000) {
                throw new IllegalArgumentException("--count must be between 1 and 100000, was " + count);
            }
            // simulated agents have no local endpoint: the port would be taken by the first one
            properties.put("modelfleet.agent.http.port", "-1");
        } else if (properties.containsKey("modelfleet.agent.simulate.count")) {
            throw new IllegalArgumentException("--count and --rate belong to 'simulate'");
        }
        if (properties.containsKey("modelfleet.agent.simulate.rate")) {
            double rate = Double.parseDouble(properties.get("modelfleet.agent.simulate.rate"));
            if (!(rate >= 0 && rate <= 1000)) {
                throw new IllegalArgumentException("--rate must be between 0 and 1000, was " + rate);
            }
        }
        int port = number(properties, "modelfleet.agent.http.port", "--http-port");
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("--http-port must be between -1 and 65535, was " + port);
        }
        return new Options(command, properties);
    }

    private static int number(Map<String, String> properties, String key, String flag) {
        String value = properties.get(key);
        if (value == null) {
            throw new IllegalArgumentException(flag + " is required");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, was '" + value + "'");
        }
    }
}
