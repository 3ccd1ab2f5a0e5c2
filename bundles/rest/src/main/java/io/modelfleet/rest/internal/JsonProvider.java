package io.modelfleet.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.rest.RestApplication;

/** Reads and writes JSON with {@link Json#MAPPER}, refusing request bodies over {@value #MAX_BODY_BYTES} bytes. */
@Component(service = { MessageBodyReader.class, MessageBodyWriter.class })
@JaxrsExtension
@JaxrsMediaType(MediaType.APPLICATION_JSON)
@JaxrsName(JsonProvider.NAME)
@JaxrsApplicationSelect(RestApplication.SELECT)
@Consumes({ MediaType.APPLICATION_JSON, "application/*+json" })
@Produces({ MediaType.APPLICATION_JSON, "application/*+json" })
public final class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
    static final String NAME = "modelfleet.json";
    /** 1000 results with modest probability maps fit comfortably; anything bigger is a mistake or an attack. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isRaw(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        InputStream limited = utf8(new LimitedInputStream(entityStream, MAX_BODY_BYTES));
        try {
            Object value = Json.MAPPER.readValue(limited, Json.MAPPER.getTypeFactory().constructType(genericType));
            if (value == null) {
                throw new InvalidInputException("a JSON body is required");
            }
            return value;
        } catch (JsonProcessingException e) {
            ModelFleetException cause = Errors.findCause(e);
            throw cause != null ? cause : new InvalidInputException(Errors.describe(e));
        } catch (java.io.CharConversionException e) {
            // bytes Jackson took for UTF-16/32 that are none: the client's mistake, not an I/O failure
            throw new InvalidInputException("the body is not JSON text in UTF-8");
        }
    }

    /**
     * JSON bodies are UTF-8 (RFC 8259). Jackson would guess UTF-16 or UTF-32 from zero bytes or a byte order mark at
     * the start and read such a body; one rule for every client is simpler and what the documentation says.
     */
    static InputStream utf8(InputStream body) throws IOException {
        java.io.PushbackInputStream in = new java.io.PushbackInputStream(body, 4);
        byte[] start = new byte[4];
        int n = 0;
        for (int read; n < start.length && (read = in.read(start, n, start.length - n)) > 0;) {
            n += read;
        }
        boolean utf16Mark = n >= 2 && ((start[0] == (byte) 0xFE && start[1] == (byte) 0xFF)
                || (start[0] == (byte) 0xFF && start[1] == (byte) 0xFE));
        for (int i = 0; i < n; i++) {
            if (start[i] == 0 || utf16Mark) {
                throw new InvalidInputException("the body is not JSON text in UTF-8");
            }
        }
        in.unread(start, 0, n);
        return in;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isRaw(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        Json.MAPPER.writerFor(Json.MAPPER.getTypeFactory().constructType(genericType)).writeValue(entityStream, value);
    }

    private static boolean isJson(MediaType mediaType) {
        return mediaType == null || mediaType.isWildcardType()
                || ("application".equals(mediaType.getType()) && (mediaType.getSubtype().equals("json")
                        || mediaType.getSubtype().endsWith("+json")));
    }

    /** Strings and streams are written as they are by the runtime's own providers. */
    private static boolean isRaw(Class<?> type) {
        return type == String.class || type == byte[].class || InputStream.class.isAssignableFrom(type)
                || StreamingOutput.class.isAssignableFrom(type);
    }

    /** Counts bytes and fails with 413 once the limit is passed, without buffering the body. */
    static final class LimitedInputStream extends java.io.FilterInputStream {
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException("the request body exceeds " + limit + " bytes");
            }
        }
    }
}
