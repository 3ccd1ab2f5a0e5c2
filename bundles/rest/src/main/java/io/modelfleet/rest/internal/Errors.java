package io.modelfleet.rest.internal;

import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.modelfleet.api.ModelFleetException;

/** Turns failures into the API's error body and words a person can act on. */
final class Errors {

    /** {@code fields} (field path -> message) appears only when the error is about particular fields. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    record Body(String error, String detail, java.util.Map<String, String> fields) {
        Body(String error, String detail) {
            this(error, detail, java.util.Map.of());
        }
    }

    private Errors() {
    }

    /** The first ModelFleet error in a cause chain: validation inside a record constructor arrives wrapped. */
    static ModelFleetException findCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ModelFleetException mfe) {
                return mfe;
            }
        }
        return null;
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? ""
                    : unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", ", " (known fields: ", ")"));
            String path = path(unknown);
            return "unknown field '" + (path.isEmpty() ? unknown.getPropertyName() : path) + "'" + known;
        }
        if (e instanceof InvalidFormatException format) {
            return "value " + format.getValue() + " is not valid for " + path(format) + ": expected "
                    + format.getTargetType().getSimpleName();
        }
        if (e instanceof MismatchedInputException mismatch) {
            String path = path(mismatch);
            return (path.isEmpty() ? "the body" : path) + " has the wrong type or is missing: "
                    + firstLine(mismatch.getOriginalMessage());
        }
        if (e instanceof JsonParseException parse) {
            return "malformed JSON: " + firstLine(parse.getOriginalMessage()) + location(parse);
        }
        return "invalid JSON: " + firstLine(e.getOriginalMessage()) + location(e);
    }

    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
