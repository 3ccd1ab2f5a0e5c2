package io.modelfleet.rest.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.stream.StreamTarget;

/**
 * The one JSON configuration of the API: strict on input. Unknown fields and trailing data are errors, and values
 * are taken only in their own JSON type: no string for a number ({@code "60"}), no fraction for a whole number
 * ({@code 1.5}), no number for a string or a boolean, no number or numeric string for a time (only ISO-8601), and
 * no number that is not finite ({@code 1e400} parses as infinity).
 */
final class Json {
    static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

    private Json() {
    }

    static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        SimpleModule strict = new SimpleModule("modelfleet-strict");
        strict.addDeserializer(Double.class, new FiniteDouble(Double.class));
        strict.addDeserializer(double.class, new FiniteDouble(double.class));
        strict.addDeserializer(Instant.class, new IsoInstant());
        // numbers in free-form values (samples, maps of objects): the untyped deserializer asks for this one
        strict.addDeserializer(Number.class, new FiniteNumber());
        return builder
                // a record's convenience test is not a field: GET must answer what PUT accepts
                .addMixIn(StreamTarget.class, StreamTargetFields.class)
                .addMixIn(AgentSettings.class, AgentSettingsFields.class)
                // isAgentRelease() would take the place of the agentRelease field (the release's version) as a boolean
                .addMixIn(Rollout.class, RolloutFields.class)
                .addModule(new JavaTimeModule())
                .addModule(strict)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @JsonIgnoreProperties("empty")
    private interface StreamTargetFields {
    }

    @JsonIgnoreProperties("empty")
    private interface AgentSettingsFields {
    }

    private interface RolloutFields {
        @JsonIgnore
        boolean isAgentRelease();

        @JsonProperty("agentRelease")
        String agentRelease();
    }

    /** A JSON number (never a string), finite: {@code 1e400} is infinity to a double and would reach the database. */
    static final class FiniteDouble extends StdScalarDeserializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteDouble(Class<?> type) {
            super(type);
        }

        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                return (Double) context.handleUnexpectedToken(handledType(), parser);
            }
            return finite(parser, context, handledType());
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }
    }

    /** A number where the type is open: whole numbers as they come, fractions as finite doubles. */
    static final class FiniteNumber extends StdScalarDeserializer<Number> {
        private static final long serialVersionUID = 1L;

        FiniteNumber() {
            super(Number.class);
        }

        @Override
        public Number deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return parser.getNumberValue();
            }
            if (token != JsonToken.VALUE_NUMBER_FLOAT) {
                return (Number) context.handleUnexpectedToken(Number.class, parser);
            }
            return finite(parser, context, Number.class);
        }
    }

    /** The current number token as a double, refused when it is not finite ({@code 1e400} parses as infinity). */
    private static double finite(JsonParser parser, DeserializationContext context, Class<?> type) throws IOException {
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw context.weirdNumberException(value, type, "must be a finite number");
        }
        return value;
    }

    /** Times are ISO-8601 strings with a zone or offset; epoch numbers and numeric strings ("0" = 1970) are refused. */
    static final class IsoInstant extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        IsoInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getText().trim();
            try {
                Instant utc = parseUtc(text);
                return utc != null ? utc : Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw context.weirdStringException(text, Instant.class, "must be an ISO-8601 instant");
            }
        }

        /**
         * The form agents send, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, read without java.time's formatter (which took
         * about a sixth of the server's CPU while ingesting results); null for anything else, which
         * {@link Instant#parse} then decides on (offsets, leap seconds, errors), so both accept exactly the same.
         */
        static Instant parseUtc(String text) {
            int length = text.length();
            if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                    || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                    || text.charAt(16) != ':') {
                return null;
            }
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                    || minute > 59 || second < 0 || second > 59
                    || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
                return null;
            }
            int nanos = 0;
            if (length > 20) {
                int fraction = length - 21; // between the '.' and the 'Z'
                if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                    return null;
                }
                nanos = digits(text, 20, fraction);
                if (nanos < 0) {
                    return null;
                }
                for (int i = fraction; i < 9; i++) {
                    nanos *= 10;
                }
            }
            long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
        }

        /** The decimal number of {@code count} ASCII digits at {@code from}; -1 when one is not a digit. */
        private static int digits(String text, int from, int count) {
            int value = 0;
            for (int i = from; i < from + count; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }
}
