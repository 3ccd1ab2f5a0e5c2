package io.modelfleet.plugin.runtime.onnx.internal;

import java.nio.file.Path;
import java.util.regex.Pattern;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Opens sessions the same way for the edge runtime and the server's inspector, so that a model the server accepts
 * is one the edge can load.
 */
final class OrtSessions {
    static final String FORMAT = "onnx";

    private static final Pattern ERROR_CODE = Pattern.compile("^Error code - \\w+ - message: ");
    /** ORT prefixes some messages with the C++ source position and function signature. */
    private static final Pattern SOURCE_POSITION = Pattern.compile("/onnxruntime_src/\\S+:\\d+ \\S*?\\(.*?\\) ");

    private OrtSessions() {
    }

    /**
     * The process's one ORT environment (ORT allows no other); the first call loads ORT's native libraries from the
     * wrapper bundle, so an unsupported platform fails here.
     */
    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    static OrtSession open(OrtEnvironment environment, Path model) throws OrtException {
        // ORT copies the options into the session: they need not outlive it
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            return environment.createSession(model.toString(), options);
        }
    }

    /** ORT's reason in words: without the error-code prefix, C++ source positions or the local file path. */
    static String reason(OrtException failure, Path model) {
        String message = failure.getMessage() == null ? failure.getCode().toString() : failure.getMessage();
        message = ERROR_CODE.matcher(message).replaceFirst("");
        message = message.replace("Load model from " + model + " failed:", "");
        message = SOURCE_POSITION.matcher(message).replaceAll("");
        Path name = model.getFileName();
        return message.replace(model.toString(), name == null ? "the model" : name.toString()).strip();
    }
}
