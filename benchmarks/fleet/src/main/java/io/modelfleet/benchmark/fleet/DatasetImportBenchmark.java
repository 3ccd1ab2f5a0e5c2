package io.modelfleet.benchmark.fleet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.s3.S3Server;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Dataset import throughput through the real server (distribution as a process, MariaDB): a 100,000-row CSV uploaded
 * through the API, and the same rows as CSV objects in an S3 bucket (s3proxy). Items/s is rows over the import job's
 * own duration (created to finished, server clock), so upload transfer is excluded for CSV and S3 reads included.
 */
public final class DatasetImportBenchmark {
    private static final int COLUMNS = 10;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int objects = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path work = Path.of("target/dataset-benchmark");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        Random random = new Random(42);
        try (FleetServer server = new FleetServer(work, "mf_bench_datasets_");
                S3Server s3 = S3Server.start("bench", "bench-secret");
                S3Client aws = s3.awsClient()) {
            server.start();
            Api api = server.api();
            List<String> columns = new ArrayList<>();
            for (int c = 0; c < COLUMNS; c++) {
                columns.add("x" + c);
            }

            byte[] csv = csv(columns, 0, rows, random).getBytes(StandardCharsets.UTF_8);
            long csvDataset = dataset(api, "bench-csv", columns);
            Api.Reply upload = api.uploadFile("/api/v1/datasets/" + csvDataset + "/uploads", "rows.csv", csv,
                    Map.of("keyColumn", "id"));
            report("CSV upload, " + rows + " rows, " + csv.length / 1024 + " KiB", awaitImport(api, upload.body().get("id").asLong()));

            aws.createBucket(b -> b.bucket("bench"));
            int perObject = rows / objects;
            for (int o = 0; o < objects; o++) {
                String body = csv(columns, o * perObject, perObject, random);
                int index = o;
                aws.putObject(b -> b.bucket("bench").key(String.format("rows/part-%04d.csv", index)),
                        RequestBody.fromString(body, StandardCharsets.UTF_8));
            }
            Files.writeString(server.home().resolve("etc/io.modelfleet.plugin.source.s3-bench.cfg"), String.join("\n",
                    "id = bench", "endpoint = " + s3.endpoint(), "bucket = bench", "accessKey = bench",
                    "secretKey = bench-secret", ""));
            Processes.await(Duration.ofSeconds(30), "the S3 source",
                    () -> api.get("/api/v1/dataset-sources").body().toString().contains("bench"));
            long s3Dataset = dataset(api, "bench-s3", columns);
            Api.Reply started = api.send("POST", "/api/v1/datasets/" + s3Dataset + "/imports",
                    Map.of("source", "bench", "options", Map.of("prefix", "rows/", "keyColumn", "id")));
            report("S3, " + objects + " CSV objects of " + perObject + " rows", awaitImport(api, started.body().get("id").asLong()));
        }
    }

    private static String csv(List<String> columns, int first, int rows, Random random) {
        StringBuilder out = new StringBuilder(String.join(",", columns)).append(",id,label\n");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.size(); c++) {
                out.append(String.format(Locale.ROOT, "%.5f", random.nextGaussian())).append(',');
            }
            out.append("row-").append(first + r).append(',').append(random.nextBoolean() ? "ok" : "bad").append('\n');
        }
        return out.toString();
    }

    private static long dataset(Api api, String name, List<String> columns) {
        Api.Reply created = api.send("POST", "/api/v1/datasets", Map.of("name", name, "kind", "TABULAR",
                "columns", columns, "labels", List.of("ok", "bad")));
        if (created.status() != 201) {
            throw new IllegalStateException(created.toString());
        }
        return created.body().get("id").asLong();
    }

    private static JsonNode awaitImport(Api api, long jobId) throws Exception {
        Processes.await(Duration.ofMinutes(20), "import " + jobId,
                () -> !"RUNNING".equals(api.get("/api/v1/imports/" + jobId).body().get("state").asText()));
        return api.get("/api/v1/imports/" + jobId).body();
    }

    private static void report(String what, JsonNode job) {
        if (!"SUCCEEDED".equals(job.get("state").asText())) {
            throw new IllegalStateException(what + ": " + job);
        }
        double seconds = Duration.between(Instant.parse(job.get("createdAt").asText()),
                Instant.parse(job.get("finishedAt").asText())).toMillis() / 1000.0;
        long items = job.get("imported").asLong();
        System.out.printf(Locale.ROOT, "%-45s %,9d items in %7.2f s = %,9.0f items/s%n", what, items, seconds, items / seconds);
    }
}
