package io.modelfleet.api.stream;

import java.util.Map;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * What creating or editing a stream takes.
 *
 * @param parametersJson a JSON object, checked against the solution's parameter schema (null means all defaults)
 * @param confidenceThreshold results scoring below it count as low-confidence (alerts, data collection), in [0, 1]
 * @param schedule null for manual training only
 */
public record NewStream(String name, String description, String solutionId, long datasetVersionId, String backendId,
        String parametersJson, double confidenceThreshold, StreamSchedule schedule, StreamTarget target) {
    public static final int MAX_NAME = 128;
    public static final int MAX_DESCRIPTION = 2048;
    public static final int MAX_PARAMETERS_CHARS = 16_384;

    public NewStream {
        Validation.name("name", name, MAX_NAME);
        Validation.optional("description", description, MAX_DESCRIPTION);
        Validation.name("solutionId", solutionId, 64);
        Validation.name("backendId", backendId, 64);
        parametersJson = parametersJson == null || parametersJson.isBlank() ? "{}" : parametersJson;
        if (parametersJson.length() > MAX_PARAMETERS_CHARS) {
            throw new InvalidInputException("parameters are " + parametersJson.length() + " characters; the limit is "
                    + MAX_PARAMETERS_CHARS, Map.of("parameters", "at most " + MAX_PARAMETERS_CHARS + " characters"));
        }
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new InvalidInputException("confidenceThreshold must be between 0 and 1",
                    Map.of("confidenceThreshold", "must be between 0 and 1"));
        }
        target = target == null ? StreamTarget.NONE : target;
    }
}
