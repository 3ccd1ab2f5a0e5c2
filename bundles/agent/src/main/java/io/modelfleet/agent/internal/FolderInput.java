package io.modelfleet.agent.internal;

import io.modelfleet.api.image.ImageRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * A watched input folder: each {@code *.json} file dropped in (the same body as the HTTP endpoint takes), and each
 * {@code *.png}, {@code *.jpg} or {@code *.jpeg} image (for a model with an image contract), is
 * inferred once it has stopped growing; the prediction goes to {@code <output>/<name>.result.json} and the input is
 * moved to {@code <output>/inputs/} ("move") or left in place and remembered ("copy" keeps a copy in
 * {@code <output>/inputs/} too). Files that cannot be read or inferred go to {@code <output>/failed/} with a
 * {@code .error.txt} beside them.
 */
final class FolderInput {
    private static final Logger LOG = LoggerFactory.getLogger(FolderInput.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    enum Policy {
        MOVE, COPY
    }

    private final EdgeAgent agent;
    private final Path input;
    private final Path output;
    private final Policy policy;
    /** name -> size at the last scan: a file is taken when its size held still for one scan. */
    private final Map<String, Long> seenSizes = new HashMap<>();
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    FolderInput(EdgeAgent agent, Path input, Path output, Policy policy) throws IOException {
        this.agent = agent;
        this.input = Files.createDirectories(input);
        this.output = Files.createDirectories(output);
        this.policy = policy;
        Files.createDirectories(output.resolve("inputs"));
        Files.createDirectories(output.resolve("failed"));
    }

    private static boolean accepted(String name) {
        return name.endsWith(".json") || imageType(name) != null;
    }

    /** The media type of an image file the folder takes, by extension; null for anything else. */
    static String imageType(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".png") ? "image/png"
                : lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "image/jpeg" : null;
    }

    /** One pass over the folder; called every second. */
    synchronized void scan() {
        List<Path> files;
        try (Stream<Path> listing = Files.list(input)) {
            files = listing.filter(f -> accepted(f.getFileName().toString()) && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", input, e.toString());
            return;
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (done.contains(name)) {
                continue;
            }
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                continue;
            }
            Long previous = seenSizes.put(name, size);
            if (previous == null || previous != size) {
                continue; // may still be being written
            }
            seenSizes.remove(name);
            process(file, name);
        }
    }

    private void process(Path file, String name) {
        String base = name.substring(0, name.lastIndexOf('.'));
        try {
            String imageType = imageType(name);
            EdgeAgent.Result result;
            if (imageType != null) {
                if (Files.size(file) > LocalInferenceServer.MAX_IMAGE_BYTES) {
                    throw new ImageRejectedException("the image is larger than " + LocalInferenceServer.MAX_IMAGE_BYTES
                            + " bytes");
                }
                result = agent.inferImage(Files.readAllBytes(file), imageType, "file:" + name);
            } else {
                Map<String, Object> inputs = LocalInferenceServer.inputsOf(Json.MAPPER.readValue(file.toFile(), OBJECT));
                result = agent.infer(inputs, "file:" + name);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("input", name);
            answer.put("seq", result.seq());
            answer.put("model", result.model());
            answer.put("label", result.prediction().label());
            answer.put("score", result.prediction().score());
            answer.put("probabilities", result.prediction().probabilities());
            answer.put("latencyMs", result.prediction().latencyMs());
            answer.put("outputs", result.prediction().outputs());
            Path temporary = output.resolve(base + ".result.json.tmp");
            Files.write(temporary, Json.MAPPER.writeValueAsBytes(answer));
            Files.move(temporary, output.resolve(base + ".result.json"), StandardCopyOption.REPLACE_EXISTING);
            if (policy == Policy.MOVE) {
                Files.move(file, output.resolve("inputs").resolve(name), StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.copy(file, output.resolve("inputs").resolve(name), StandardCopyOption.REPLACE_EXISTING);
                done.add(name);
            }
        } catch (ModelManager.NoModelException e) {
            seenSizes.remove(name); // try again when a model is in service
        } catch (Exception e) {
            try {
                Files.writeString(output.resolve("failed").resolve(base + ".error.txt"),
                        e instanceof ImageRejectedException rejected ? rejected.detail() : e.toString());
                Files.move(file, output.resolve("failed").resolve(name), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                done.add(name);
            }
            LOG.warn("Input {} failed: {}", name, e.toString());
        }
    }
}
