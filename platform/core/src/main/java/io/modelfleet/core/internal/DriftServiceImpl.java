package io.modelfleet.core.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.dataset.DatasetItem;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.inference.SampleQuery;
import io.modelfleet.api.model.DriftMeasure;
import io.modelfleet.api.model.DriftQuery;
import io.modelfleet.api.model.DriftReport;
import io.modelfleet.api.model.DriftService;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.persistence.DatasetStore;
import io.modelfleet.persistence.EdgeStore;
import io.modelfleet.persistence.InferenceStore;
import io.modelfleet.persistence.ModelStore;

/**
 * Drift of a model version: the predicted labels, the scores and the named numeric inputs of the inference samples
 * edges sent for it recently, against the items of the dataset version it was trained on (their labels, the scores
 * they came with, their fields). A published dataset version never changes, so its distributions are read once and
 * kept for the few versions asked about lately. Inputs that are tensors rather than named values have no features to
 * compare here; their labels and scores still are.
 */
@Component(service = { DriftService.class, DriftServiceImpl.class })
public final class DriftServiceImpl implements DriftService {
    /** At most this many reference items and live samples are compared; more add little to a two-sample test. */
    static final int MAX_ITEMS = 20_000;
    /** A distribution with fewer values than this in the reference is not compared. */
    static final int MIN_REFERENCE = 50;
    private static final int CACHED_VERSIONS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dataset version's distributions: label counts, scores, and each numeric field's values. */
    record TrainingData(long count, Map<String, Long> labels, double[] scores, Map<String, double[]> features) {
    }

    private final ModelStore models;
    private final DatasetStore datasets;
    private final InferenceStore inference;
    private final EdgeStore edges;
    private final Clock clock;
    private final Map<Long, TrainingData> references = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, TrainingData> eldest) {
                    return size() > CACHED_VERSIONS;
                }
            });

    @Activate
    public DriftServiceImpl(@Reference ModelStore models, @Reference DatasetStore datasets,
            @Reference InferenceStore inference, @Reference EdgeStore edges) {
        this(models, datasets, inference, edges, Clock.systemUTC());
    }

    DriftServiceImpl(ModelStore models, DatasetStore datasets, InferenceStore inference, EdgeStore edges, Clock clock) {
        this.models = models;
        this.datasets = datasets;
        this.inference = inference;
        this.edges = edges;
        this.clock = clock;
    }

    @Override
    public DriftReport drift(long modelVersionId, DriftQuery query) {
        ModelVersion version = models.find(modelVersionId)
                .orElseThrow(() -> new NotFoundException("model version " + modelVersionId + " does not exist"));
        Long datasetVersionId = version.lineage().datasetVersionId();
        String model = version.name() + ":" + version.version();
        if (datasetVersionId == null) {
            throw new ConflictException(model + " was not trained from a dataset version here (it was uploaded): "
                    + "there is no training data to compare with");
        }
        TrainingData reference = references.computeIfAbsent(datasetVersionId, this::readReference);
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofMinutes(query.windowMinutes()));
        List<Long> edgeIds = query.tagKey() == null ? List.of() : taggedEdges(query.tagKey(), query.tagValue());
        Map<String, Long> labels = new TreeMap<>();
        List<Double> scores = new ArrayList<>();
        Map<String, List<Double>> features = new HashMap<>();
        long[] live = { 0 };
        if (query.tagKey() == null || !edgeIds.isEmpty()) {
            // a minute past now: agents' clocks run a little ahead of the server's
            inference.samples(new SampleQuery(edgeIds, from, to.plusSeconds(60), null, null, null, model, MAX_ITEMS,
                    true), sample -> {
                live[0]++;
                if (sample.label() != null) {
                    labels.merge(sample.label(), 1L, Long::sum);
                }
                if (sample.score() != null) {
                    scores.add(sample.score());
                }
                collect(sample.inputJson(), reference.features().keySet(), features);
            });
        }
        List<DriftMeasure> measures = new ArrayList<>();
        if (live[0] >= query.minLive()) {
            // Bonferroni: with many features, the chance that any test alarms by accident stays at alpha
            int tests = (reference.labels().isEmpty() || labels.isEmpty() ? 0 : 1)
                    + (reference.scores().length >= MIN_REFERENCE && scores.size() >= query.minLive() ? 1 : 0)
                    + (int) reference.features().keySet().stream()
                            .filter(f -> features.getOrDefault(f, List.of()).size() >= query.minLive()).count();
            double alpha = query.alpha() / Math.max(1, tests);
            if (!reference.labels().isEmpty() && !labels.isEmpty()) {
                measures.add(DriftStatistics.categorical("label", reference.labels(), labels, query.psiThreshold(), alpha));
            }
            if (reference.scores().length >= MIN_REFERENCE && scores.size() >= query.minLive()) {
                measures.add(DriftStatistics.numeric("score", reference.scores(), values(scores), query.psiThreshold(),
                        alpha));
            }
            for (Map.Entry<String, double[]> feature : new TreeMap<>(reference.features()).entrySet()) {
                List<Double> values = features.getOrDefault(feature.getKey(), List.of());
                if (values.size() >= query.minLive()) {
                    measures.add(DriftStatistics.numeric(feature.getKey(), feature.getValue(), values(values),
                            query.psiThreshold(), alpha));
                }
            }
        }
        double maxPsi = measures.stream().mapToDouble(DriftMeasure::psi).max().orElse(0);
        return new DriftReport(modelVersionId, model, datasetVersionId, from, to, query.tagKey(), query.tagValue(),
                reference.count(), live[0], query.minLive(), measures.stream().anyMatch(DriftMeasure::drifted), maxPsi,
                measures);
    }

    /** Drift of the version a rule names as {@code name:version}; empty when there is no such version. */
    java.util.Optional<DriftReport> driftOf(String reference, DriftQuery query) {
        int colon = reference.lastIndexOf(':');
        if (colon <= 0 || colon == reference.length() - 1) {
            return java.util.Optional.empty();
        }
        return models.find(reference.substring(0, colon), reference.substring(colon + 1))
                .map(version -> drift(version.id(), query));
    }

    private List<Long> taggedEdges(String tagKey, String tagValue) {
        List<Long> ids = new ArrayList<>();
        for (int offset = 0; ids.size() < SampleQuery.MAX_EDGES; offset += PageRequest.MAX_LIMIT) {
            List<Edge> page = edges.listEdges(new EdgeQuery(null, null, tagKey, tagValue, null,
                    new PageRequest(PageRequest.MAX_LIMIT, offset)), clock.instant()).items();
            page.forEach(edge -> ids.add(edge.id()));
            if (page.size() < PageRequest.MAX_LIMIT) {
                break;
            }
        }
        return ids.size() > SampleQuery.MAX_EDGES ? ids.subList(0, SampleQuery.MAX_EDGES) : ids;
    }

    private TrainingData readReference(long datasetVersionId) {
        Map<String, Long> labels = new TreeMap<>();
        List<Double> scores = new ArrayList<>();
        Map<String, List<Double>> features = new HashMap<>();
        Map<String, Integer> nonNumeric = new HashMap<>();
        long[] count = { 0 };
        datasets.versionItems(datasetVersionId, (DatasetItem item) -> {
            if (count[0] >= MAX_ITEMS) {
                return;
            }
            count[0]++;
            if (item.label() != null) {
                labels.merge(item.label(), 1L, Long::sum);
            }
            if (item.score() != null) {
                scores.add(item.score());
            }
            item.fields().forEach((name, text) -> {
                Double value = number(text);
                if (value == null) {
                    nonNumeric.merge(name, 1, Integer::sum);
                } else {
                    features.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                }
            });
        });
        Map<String, double[]> numeric = new HashMap<>();
        // a column that is mostly text is a category or an id, not a number to bin
        features.forEach((name, values) -> {
            if (values.size() >= MIN_REFERENCE && values.size() >= 9 * nonNumeric.getOrDefault(name, 0)) {
                numeric.put(name, values(values));
            }
        });
        return new TrainingData(count[0], labels, values(scores), numeric);
    }

    /** The named numeric values of a sample's input object; anything else (tensors, images) has none. */
    private static void collect(String inputJson, java.util.Set<String> names, Map<String, List<Double>> into) {
        if (inputJson == null || names.isEmpty()) {
            return;
        }
        JsonNode input;
        try {
            input = JSON.readTree(inputJson);
        } catch (IOException e) {
            return;
        }
        if (input == null || !input.isObject()) {
            return;
        }
        for (String name : names) {
            JsonNode value = input.get(name);
            Double number = value == null ? null : value.isNumber() ? Double.valueOf(value.asDouble())
                    : value.isTextual() ? number(value.asText()) : null;
            if (number != null) {
                into.computeIfAbsent(name, n -> new ArrayList<>()).add(number);
            }
        }
    }

    private static Double number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double[] values(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
