package io.modelfleet.itests.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests and benchmarks: s3proxy (runnable jar from the local Maven repository) in its own JVM,
 * in-memory storage, SigV2/SigV4 authentication with the given credentials, on a free port of 127.0.0.1.
 */
public final class S3Server implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path work;
    private final String accessKey;
    private final String secretKey;

    private S3Server(Process process, int port, Path work, String accessKey, String secretKey) {
        this.process = process;
        this.port = port;
        this.work = work;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public static S3Server start(String accessKey, String secretKey) throws IOException, InterruptedException {
        Properties located = new Properties();
        try (InputStream in = S3Server.class.getResourceAsStream("s3proxy.properties")) {
            located.load(in);
        }
        Path jar = Path.of(located.getProperty("jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy is not in the local repository: " + jar + " (build itests/s3-server)");
        }
        int port = freePort();
        Path work = Files.createTempDirectory("modelfleet-s3proxy-");
        Path properties = work.resolve("s3proxy.conf");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=transient",
                "jclouds.identity=unused",
                "jclouds.credential=unused", ""));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx512m", "-jar", jar.toString(), "--properties",
                properties.toString()).redirectErrorStream(true).redirectOutput(work.resolve("s3proxy.log").toFile()).start();
        S3Server server = new S3Server(process, port, work, accessKey, secretKey);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(work.resolve("s3proxy.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("s3proxy did not listen on " + port + " within 60 s");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * A client of this server with its credentials, from the AWS SDK: independent of ModelFleet's own S3 code, so tests
     * put and check objects with it. The caller closes it.
     */
    public S3Client awsClient() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
