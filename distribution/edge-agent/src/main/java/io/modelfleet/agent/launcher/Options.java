package io.modelfleet.agent.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command line and environment, turned into framework properties the agent bundle reads (and FileInstall
 * substitutes into {@code etc/*.cfg}). Command-line options win over environment variables.
 */
record Options(String command, Map<String, String> properties) {
    static final String USAGE = """
            usage: modelfleet-agent [run|serve|check|simulate] [options]
              run                    start the agent (default)
              serve                  start an agent that is given its identity instead of enrolling: needs
                                     --server, --credential-file and --server-key-file
              check                  start, verify every bundle resolved and started, print them, stop
              simulate --count N     run N virtual agents in this JVM (demos, load tests)
            options (or environment):
              --server URL           MODELFLEET_SERVER_URL          the ModelFleet server
              --token TOKEN          MODELFLEET_ENROLLMENT_TOKEN    one-time enrollment token (first start only)
              --data DIR             MODELFLEET_AGENT_DATA          identity, queue and models (default <home>/data/agent)
              --http-port PORT       MODELFLEET_AGENT_HTTP_PORT     local inference endpoint (default 8701, -1 = off)
              --name NAME            MODELFLEET_AGENT_NAME          edge name proposed at enrollment
              --credential-file FILE the edge credential, mfc_<edgeId>_<secret> (serve only)
              --server-key-file FILE the server's Ed25519 public key, base64 X.509 (serve only)
              --count N              simulated agents (simulate only)
              --rate R               inferences per second per simulated agent (default 1)
            """;

    private static final Map<String, String> FLAGS = Map.of("--server", "modelfleet.server.url", "--token",
            "modelfleet.enrollment.token", "--data", "modelfleet.agent.data", "--http-port", "modelfleet.agent.http.port",
            "--name", "modelfleet.agent.name", "--count", "modelfleet.agent.simulate.count", "--rate",
            "modelfleet.agent.simulate.rate", "--credential-file", "modelfleet.agent.credential.file", "--server-key-file",
            "modelfleet.agent.server.key.file");
    private static final Map<String, String> ENVIRONMENT = Map.of("MODELFLEET_SERVER_URL", "modelfleet.server.url",
            "MODELFLEET_ENROLLMENT_TOKEN", "modelfleet.enrollment.token", "MODELFLEET_AGENT_DATA", "modelfleet.agent.data",
            "MODELFLEET_AGENT_HTTP_PORT", "modelfleet.agent.http.port", "MODELFLEET_AGENT_NAME", "modelfleet.agent.name");

    static Options parse(List<String> args, Map<String, String> env, Path home) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("modelfleet.agent.home", home.toString());
        properties.put("modelfleet.agent.data", home.resolve("data/agent").toString());
        properties.put("modelfleet.agent.http.port", "8701");
        properties.put("modelfleet.agent.http.host", "127.0.0.1");
        properties.put("modelfleet.server.url", "");
        properties.put("modelfleet.enrollment.token", "");
        properties.put("modelfleet.agent.name", "");
        properties.put("modelfleet.agent.credential.file", "");
        properties.put("modelfleet.agent.server.key.file", "");
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
        if (!List.of("run", "serve", "check", "simulate").contains(command)) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        Set<String> given = new HashSet<>();
        for (; i < args.size(); i++) {
            String flag = args.get(i);
            given.add(flag);
            String property = FLAGS.get(flag);
            if (property == null) {
                throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            properties.put(property, args.get(++i));
        }
        if (command.equals("serve")) {
            if (given.contains("--token")) {
                throw new IllegalArgumentException("'serve' never enrolls, so it takes no --token: the identity comes from "
                        + "--credential-file and --server-key-file");
            }
            if (!given.contains("--credential-file") || !given.contains("--server-key-file")) {
                throw new IllegalArgumentException("'serve' needs --credential-file and --server-key-file");
            }
            if (properties.get("modelfleet.server.url").isBlank()) {
                throw new IllegalArgumentException("'serve' needs --server (or MODELFLEET_SERVER_URL)");
            }
            // serve runs in a pod (or a container) of its own: the endpoint is for the Service and its probes
            properties.put("modelfleet.agent.http.host", "0.0.0.0");
            checkIdentityFiles(Path.of(properties.get("modelfleet.agent.credential.file")),
                    Path.of(properties.get("modelfleet.agent.server.key.file")));
            properties.put("modelfleet.enrollment.token", ""); // one from the environment is not used either
        } else if (given.contains("--credential-file") || given.contains("--server-key-file")) {
            throw new IllegalArgumentException("--credential-file and --server-key-file belong to 'serve' ('run' and "
                    + "'simulate' enroll with --token)");
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

    /** As the server issues them: a canonical edge id and a secret of printable ASCII, 128 characters in all at most. */
    private static final Pattern CREDENTIAL = Pattern.compile("mfc_[1-9][0-9]{0,17}_[\\x21-\\x7E]+");

    /**
     * So that a missing mount or a wrong file stops the start with a message rather than leaving an agent that never
     * activates. The agent checks them again (its configuration can be edited in etc/); messages name the files,
     * never the secret.
     */
    private static void checkIdentityFiles(Path credentialFile, Path serverKeyFile) {
        String credential = read("--credential-file", credentialFile).trim();
        String serverKey = read("--server-key-file", serverKeyFile).replaceAll("\\s", ""); // base64 tools wrap lines
        if (credential.length() > 128 || !CREDENTIAL.matcher(credential).matches()) {
            throw new IllegalArgumentException("--credential-file " + credentialFile
                    + " does not hold an edge credential of the form mfc_<edgeId>_<secret>");
        }
        try {
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(serverKey)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--server-key-file " + serverKeyFile
                    + " does not hold the server's Ed25519 public key (base64 X.509 SubjectPublicKeyInfo)");
        }
    }

    private static String read(String flag, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + " cannot be read: " + e);
        }
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
