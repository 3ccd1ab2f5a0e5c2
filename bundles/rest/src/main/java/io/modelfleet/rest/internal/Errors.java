package io.modelfleet.rest.internal;

import java.util.stream.Collectors;

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

    /** What went wrong with a JSON body, in the API's terms: field paths and JSON types, never Java types. */
    static String describe(JsonProcessingException e) {
        return describe(e, null);
    }

    /** As {@link #describe(JsonProcessingException)} for JSON held in one field (a form field, say) named {@code field}. */
    static String describe(JsonProcessingException e, String field) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? ""
                    : unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", ", " (known fields: ", ")"));
            String path = path(unknown);
            return "unknown field '" + within(field, path.isEmpty() ? unknown.getPropertyName() : path) + "'" + known;
        }
        if (e instanceof InvalidFormatException format) {
            String reason = format.getOriginalMessage();
            // our strict deserializers say why in their own words after "value"/"String" ... ": "
            String why = reason != null && reason.contains("must be") ? reason.substring(reason.lastIndexOf("must be"))
                    : "must be " + expected(format.getTargetType());
            return subject(format, field) + " " + why + ", was " + clip(String.valueOf(format.getValue()));
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (mismatch.getTargetType() == null) {
                return subject(mismatch, field) + " has the wrong type";
            }
            if (mismatch.getOriginalMessage() != null && mismatch.getOriginalMessage().startsWith("No content")) {
                return "a JSON body is required";
            }
            return subject(mismatch, field) + " must be " + expected(mismatch.getTargetType());
        }
        if (e instanceof JsonMappingException mapping) {
            if (mapping.getCause() instanceof JsonProcessingException parse && parse != e) {
                return describe(parse, field); // the text itself is broken (ends inside a field, say)
            }
            return subject(mapping, field) + " is not valid";
        }
        return (field == null ? "" : field + ": ") + "malformed JSON: " + parseProblem(e) + location(e);
    }

    private static String subject(JsonMappingException e, String field) {
        String path = path(e);
        return path.isEmpty() ? (field == null ? "the body" : field) : within(field, path);
    }

    private static String within(String field, String path) {
        return field == null ? path : path.startsWith("[") ? field + path : field + "." + path;
    }

    /** A JSON type description of what a field takes. */
    static String expected(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a finite number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-01-31T12:00:00Z";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** The parser's own reason, without the library's configuration hints (feature names, constraint getters). */
    private static String parseProblem(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        if (message.startsWith("Non-standard token")) {
            return "NaN and Infinity are not JSON numbers";
        }
        if (message.contains("exceeds the maximum")) {
            return "a value or the nesting is too long";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "the text ends before the JSON value is complete";
        }
        message = message.replaceAll(":? ?\\(?(enable|from) `[^`]*`[^)]*\\)?", "").replaceAll("`[^`]*`", "")
                .replaceAll("\\(?[a-z ]*\\[Source:[^\\]]*\\]\\)?", "") // where the parser's input came from: internal
                .replaceAll("\\b(VALUE_STRING|VALUE_NUMBER_INT|VALUE_NUMBER_FLOAT|START_OBJECT|END_OBJECT|START_ARRAY|END_ARRAY|FIELD_NAME)\\b", "JSON token")
                .trim();
        return message.isEmpty() ? "not valid JSON" : message;
    }

    private static String clip(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
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
