package io.modelfleet.plugin.source.edge.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.TagSelector;
import io.modelfleet.api.inference.InferenceSample;
import io.modelfleet.api.inference.InferenceService;
import io.modelfleet.api.inference.SampleQuery;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;

/**
 * What edges saw: the inputs agents sampled under their collection policy, with the prediction each got. Options
 * select them: {@code edges} (ids or names, comma-separated), {@code tags} (key or key=value, comma-separated; an edge
 * matching any), {@code from}/{@code to} (ISO instants), {@code minScore}/{@code maxScore}, {@code label} (the
 * predicted one), {@code limit}. The prediction becomes the item's original label, to be confirmed or fixed by
 * relabeling (lowest confidence first). Tabular datasets take the input's numbers: named scalar inputs by column
 * name, a single tensor by position; file datasets get the input as a JSON file.
 */
@Component(service = DataSource.class, configurationPid = EdgeSourceConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EdgeSourceConfiguration.class, factory = true)
public final class EdgeDataSource implements DataSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SELECTORS = 1000;

    private final EdgeSourceConfiguration config;
    private final FleetService fleet;
    private final InferenceService inference;
    private final PluginDescriptor descriptor;

    @Activate
    public EdgeDataSource(EdgeSourceConfiguration config, @Reference FleetService fleet,
            @Reference InferenceService inference) {
        this.config = config;
        this.fleet = fleet;
        this.inference = inference;
        this.descriptor = new PluginDescriptor(config.id(), "Edge samples (" + config.id() + ")", "1.0.0",
                "Inputs and predictions edge agents sampled, selected by edge, tag, time, score and label");
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /** The import options (a JSON Schema, {@code limit} bounded by this instance's {@code maxItems}). */
    @Override
    public String importOptionsSchema() {
        return """
                {"type": "object", "additionalProperties": false, "properties": {
                  "edges": {"type": "string", "maxLength": 65536, "title": "Edges",
                    "description": "Edge ids or names, comma-separated; none means every edge"},
                  "tags": {"type": "string", "maxLength": 65536, "title": "Tags",
                    "description": "key or key=value, comma-separated; an edge matching any"},
                  "from": {"type": "string", "maxLength": 64, "title": "From",
                    "description": "ISO-8601 instant such as 2026-11-23T10:00:00Z"},
                  "to": {"type": "string", "maxLength": 64, "title": "To",
                    "description": "ISO-8601 instant such as 2026-11-24T10:00:00Z"},
                  "minScore": {"type": "number", "minimum": 0, "maximum": 1, "title": "Lowest score"},
                  "maxScore": {"type": "number", "minimum": 0, "maximum": 1, "title": "Highest score"},
                  "label": {"type": "string", "maxLength": 256, "title": "Predicted label"},
                  "model": {"type": "string", "maxLength": 64, "title": "Model version",
                    "description": "Only samples of this model version (name:version)"},
                  "limit": {"type": "integer", "minimum": 1, "maximum": %d, "title": "At most",
                    "description": "Samples to import; %d unless set"}
                }}""".formatted(config.maxItems(), config.maxItems());
    }

    @Override
    public ImportSummary importItems(ImportRequest request, ImportContext context) throws Exception {
        // typed by the schema; read as text, so that a direct call gets the same checks as before
        Map<String, String> options = new LinkedHashMap<>();
        request.options().forEach((name, value) -> options.put(name, value.toString()));
        long limit = options.containsKey("limit") ? number("limit", options.get("limit")).longValue() : config.maxItems();
        if (limit < 1 || limit > config.maxItems()) {
            throw new InvalidInputException("limit must be between 1 and " + config.maxItems());
        }
        List<Long> edgeIds = edges(options);
        SampleQuery query = new SampleQuery(edgeIds, instant("from", options.get("from")), instant("to", options.get("to")),
                score("minScore", options.get("minScore")), score("maxScore", options.get("maxScore")),
                options.get("label"), options.get("model"), limit, false);
        long total = inference.countSamples(query);
        context.progress(0, total);
        long[] done = { 0 };
        try {
            inference.samples(query, sample -> {
                if (context.cancelled()) {
                    return; // the handler cannot stop the cursor; the rest is skipped cheaply
                }
                context.accept(item(sample, context));
                context.progress(++done[0], total);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new ImportSummary(done[0], 0, List.of());
    }

    private DataItem item(InferenceSample sample, ImportContext context) {
        String key = "edge-" + sample.edgeId() + "-" + sample.seq();
        JsonNode input;
        try {
            input = JSON.readTree(sample.inputJson());
        } catch (IOException e) {
            throw new InvalidInputException("sample " + key + " is not JSON");
        }
        if (context.datasetKind() == DatasetKind.FILES) {
            JsonNode image = input.path("image");
            if (image.path("base64").isTextual() && image.path("mediaType").asText().startsWith("image/")) {
                // a frame the agent sampled as it came in: the dataset gets the image file itself
                String mediaType = image.path("mediaType").asText();
                byte[] bytes;
                try {
                    bytes = java.util.Base64.getDecoder().decode(image.path("base64").asText());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("sample " + key + " holds an image that is not base64");
                }
                String extension = switch (mediaType) {
                    case "image/jpeg" -> ".jpg";
                    case "image/bmp" -> ".bmp";
                    case "image/gif" -> ".gif";
                    default -> ".png";
                };
                try {
                    String ref = context.storeContent(key + extension, new ByteArrayInputStream(bytes));
                    return new DataItem(key + extension, Map.of(), ref, mediaType, sample.label(), sample.score(),
                            sample.edgeId(), sample.modelVersion(), sample.time());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            try {
                String ref = context.storeContent(key + ".json",
                        new ByteArrayInputStream(sample.inputJson().getBytes(StandardCharsets.UTF_8)));
                return new DataItem(key, Map.of(), ref, "application/json", sample.label(), sample.score(),
                        sample.edgeId(), sample.modelVersion(), sample.time());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new DataItem(key, fields(key, input, context.datasetColumns()), null, null, sample.label(), sample.score(),
                sample.edgeId(), sample.modelVersion(), sample.time());
    }

    /** Named scalars map by column name; one tensor (any nesting, one row) maps by position. */
    static Map<String, String> fields(String key, JsonNode input, List<String> columns) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (input.isObject() && columns.stream().allMatch(c -> input.has(c) && input.get(c).isValueNode())) {
            columns.forEach(column -> fields.put(column, input.get(column).asText()));
            return fields;
        }
        List<JsonNode> values = new ArrayList<>();
        if (input.isObject() && input.size() == 1) {
            flatten(input.elements().next(), values);
        } else {
            flatten(input, values);
        }
        if (values.size() != columns.size()) {
            throw new InvalidInputException("sample " + key + " has " + values.size() + " input values; the dataset has "
                    + columns.size() + " columns " + columns);
        }
        for (int i = 0; i < columns.size(); i++) {
            fields.put(columns.get(i), values.get(i).asText());
        }
        return fields;
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else if (node.isValueNode()) {
            out.add(node);
        } else {
            throw new InvalidInputException("a sample input holding objects inside tensors cannot fill tabular columns");
        }
    }

    /** The edges named by id, name or tag; none named means every edge. */
    private List<Long> edges(Map<String, String> options) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String edge : list(options.get("edges"))) {
            if (edge.matches("\\d{1,18}")) {
                ids.add(fleet.getEdge(Long.parseLong(edge)).id());
            } else {
                ids.add(byName(edge));
            }
        }
        List<String> tags = list(options.get("tags"));
        for (String tag : tags) {
            TagSelector byTag = TagSelector.parse(tag);
            long offset = 0;
            List<Edge> page;
            do {
                page = fleet.listEdges(new EdgeQuery(null, null, byTag.key(), byTag.value(), null,
                        new PageRequest(PageRequest.MAX_LIMIT, offset))).items();
                page.forEach(edge -> ids.add(edge.id()));
                offset += page.size();
            } while (page.size() == PageRequest.MAX_LIMIT);
        }
        if (!tags.isEmpty() && ids.isEmpty()) {
            throw new InvalidInputException("no edge has the tags " + tags);
        }
        return List.copyOf(ids);
    }

    private long byName(String name) {
        return fleet.listEdges(new EdgeQuery(null, null, null, null, name, new PageRequest(PageRequest.MAX_LIMIT, 0)))
                .items().stream().filter(edge -> edge.name().equals(name)).map(Edge::id).findFirst()
                .orElseThrow(() -> new NotFoundException("there is no edge named '" + name + "'"));
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> items = List.of(value.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (items.size() > MAX_SELECTORS) {
            throw new InvalidInputException("at most " + MAX_SELECTORS + " edges or tags, not " + items.size());
        }
        return items;
    }

    private static Instant instant(String name, String value) {
        try {
            return value == null || value.isBlank() ? null : Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name + " must be an ISO-8601 instant such as 2026-11-23T10:00:00Z, not '"
                    + value + "'");
        }
    }

    private static Double score(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        double score = number(name, value).doubleValue();
        if (score < 0 || score > 1) {
            throw new InvalidInputException(name + " must be between 0 and 1");
        }
        return score;
    }

    private static Double number(String name, String value) {
        try {
            double parsed = Double.parseDouble(value.trim());
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be a number, not '" + value + "'");
        }
    }
}
