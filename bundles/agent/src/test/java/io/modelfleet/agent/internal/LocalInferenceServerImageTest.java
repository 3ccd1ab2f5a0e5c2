package io.modelfleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.spi.runtime.FloatTensor;
import io.modelfleet.api.spi.runtime.InferenceRuntime;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;

/**
 * Images on {@code POST /v1/predict}, over real HTTP to the real endpoint and agent: a raw image body and a
 * multipart/form-data form carrying the same image get the same answer; forms that are malformed, over the limit or
 * not an image are refused with their status and reason, and nothing of them is predicted or queued. The model is a
 * scripted one (its score is the image's mean brightness after the contract's pre-processing), restored from disk as
 * after a restart, so no server and no ONNX Runtime are needed; the ONNX path is in the fleet integration test.
 */
class LocalInferenceServerImageTest {
    private static final long EDGE = 7;
    private static final String BOUNDARY = "----modelfleet-test-7MA4YWxkTrZu0gW";
    private static final Map<String, String> IMAGE_MODEL = new ImageContract("pixels", 4, 4, 1, "NCHW",
            new double[] { 0 }, new double[] { 1 }).metadata();

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger predictions = new AtomicInteger();
    private EdgeAgent agent;
    private LocalInferenceServer server;

    /** Scores an image by its mean pre-processed value: bright (>= 0.5) or dark. */
    private final InferenceRuntime brightness = new InferenceRuntime() {
        @Override
        public String format() {
            return "scripted";
        }

        @Override
        public String runtimeVersion() {
            return "scripted-1";
        }

        @Override
        public LoadedModel load(Path artifact, Map<String, String> metadata) {
            return new LoadedModel() {
                @Override
                public ModelSignature signature() {
                    return ModelSignature.EMPTY;
                }

                @Override
                public Prediction predict(Map<String, Object> inputs) {
                    predictions.incrementAndGet();
                    float[] pixels = ((FloatTensor) inputs.get("pixels")).data();
                    double sum = 0;
                    for (float pixel : pixels) {
                        sum += pixel;
                    }
                    double mean = sum / pixels.length;
                    return new Prediction(mean >= 0.5 ? "bright" : "dark", mean, Map.of(), Map.of(), 0.1);
                }

                @Override
                public Map<String, Object> sampleInput() {
                    return Map.of();
                }

                @Override
                public void close() {
                }
            };
        }
    };

    /** An agent that serves the scripted model with this metadata (as after a restart), and its endpoint. */
    private void start(Map<String, String> metadata) throws Exception {
        start(metadata, null);
    }

    /** With {@code pushedPolicy}: the collection policy the server pushed before the restart, in its file. */
    private void start(Map<String, String> metadata, String pushedPolicy) throws Exception {
        if (pushedPolicy != null) {
            Files.writeString(Files.createDirectories(dir.resolve("agent")).resolve("collection-policy"), pushedPolicy);
        }
        KeyPair serverKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path data = Files.createDirectories(dir.resolve("agent"));
        Path models = Files.createDirectories(data.resolve("models"));
        new Identity("http://127.0.0.1:9", EDGE, "test-edge", "mfc_7_secret",
                Base64.getEncoder().encodeToString(serverKey.getPublic().getEncoded())).save(data);
        Path artifact = Files.writeString(dir.resolve("model.scripted"), "brightness");
        String sha256 = ManifestVerifier.sha256(artifact);
        Files.copy(artifact, models.resolve(sha256 + ".scripted"));
        ModelManifest manifest = new ModelManifest(1, EDGE, 1, "brightness", "v1", "scripted", sha256,
                Files.size(artifact), "/api/v1/edge/artifacts/1", metadata, Instant.now(), Instant.now().plusSeconds(3600));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(serverKey.getPrivate());
        signer.update(manifest.canonicalBytes());
        Json.MAPPER.writeValue(models.resolve("current.json").toFile(),
                new SignedManifest(manifest, Base64.getEncoder().encodeToString(signer.sign())));
        SamplePolicy everyFrame = new SamplePolicy(SamplePolicy.Mode.ALL, 0, 0, 1024 * 1024);
        agent = new EdgeAgent(new AgentSettings("http://127.0.0.1:9", null, data, "test-edge", 64L << 20, 15, 10,
                HealthPolicy.DEFAULT, everyFrame), http, format -> brightness, () -> null, Clock.systemUTC());
        assertEquals(manifest.reference(), agent.status().model(), "the model is in service");
        server = new LocalInferenceServer(agent, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aCollectionPolicyTheServerPushedWinsOverTheLocalSettingsAcrossARestart() throws Exception {
        // locally every frame is sampled; the server said: only those scoring below 0.5
        start(IMAGE_MODEL, "low-confidence:0.5");
        assertEquals("low-confidence:0.5 (server)", agent.status().collection());
        assertEquals(200, post("image/png", png(200)).statusCode()); // bright: score ~0.8, kept on the device
        assertEquals(200, post("image/png", png(40)).statusCode()); // dark: score ~0.2, sampled
        assertEquals(2, agent.status().queued());
        server.close();
        agent.close();
        try (ResultQueue queue = new ResultQueue(dir.resolve("agent/queue"), 64L << 20)) {
            List<ResultQueue.Entry> queued = queue.peek(100, 64L << 20);
            assertEquals(2, queued.size());
            assertFalse(Json.MAPPER.readTree(queued.get(0).payload()).has("sample"), "bright: not sampled");
            assertTrue(Json.MAPPER.readTree(queued.get(1).payload()).has("sample"), "dark: sampled");
        }
        agent = null;
        server = null;
    }

    @Test
    void withoutAPushedPolicyTheLocalSettingsApply() throws Exception {
        start(IMAGE_MODEL);
        assertEquals("all (local)", agent.status().collection());
    }

    @Test
    void aPngAsTheFileOfAFormIsPredictedAsTheSamePngSentRaw() throws Exception {
        start(IMAGE_MODEL);
        byte[] bright = png(200);
        byte[] dark = png(40);
        for (byte[] png : List.of(bright, dark)) {
            JsonNode raw = body(post("image/png", png), 200);
            assertTrue(raw.path("preprocessMs").asDouble() > 0, "decoding and pre-processing are timed: " + raw);
            List<JsonNode> forms = List.of(
                    body(postForm(form(file("image", "frame.png", "image/png", png))), 200),
                    body(postForm(form(file("upload", "frame.bin", "application/octet-stream", png))), 200),
                    body(postForm(form(file("f", "frame", null, png))), 200));
            for (JsonNode form : forms) {
                assertEquals(raw.get("model"), form.get("model"), form.toString());
                assertEquals(raw.get("label"), form.get("label"), form.toString());
                assertEquals(raw.get("score").asDouble(), form.get("score").asDouble(), form.toString());
                assertNotEquals(raw.get("seq"), form.get("seq"), "each is a result of its own");
            }
        }
        assertEquals("bright", body(postForm(form(file("image", "frame.png", "image/png", bright))), 200)
                .get("label").asText());
        assertEquals("dark", body(postForm(form(file("image", "frame.png", "image/png", dark))), 200)
                .get("label").asText());
        assertEquals(10, predictions.get());

        // every result went to the queue with the frame as it was sent, typed as what it is (an untyped part sniffed)
        assertEquals(10, agent.status().queued());
        server.close();
        agent.close();
        try (ResultQueue queue = new ResultQueue(dir.resolve("agent/queue"), 64L << 20)) {
            List<ResultQueue.Entry> queued = queue.peek(100, 64L << 20);
            assertEquals(10, queued.size());
            for (int i = 0; i < 8; i++) {
                JsonNode image = Json.MAPPER.readTree(queued.get(i).payload()).get("sample").get("image");
                assertEquals("image/png", image.get("mediaType").asText(), image.toString());
                assertArrayEquals(i < 4 ? bright : dark, Base64.getDecoder().decode(image.get("base64").asText()));
            }
        }
        agent = null;
        server = null;
    }

    /** Bad forms, each with the status, error and a piece of the reason it must get. */
    static Stream<Arguments> badForms() throws Exception {
        byte[] png = png(128);
        String image = "Content-Disposition: form-data; name=\"image\"; filename=\"frame.png\"\r\nContent-Type: image/png";
        byte[] good = form(file("image", "frame.png", "image/png", png));
        String form = "multipart/form-data; boundary=" + BOUNDARY;
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("no boundary", "multipart/form-data", good, 400, "invalid multipart body",
                "has no boundary parameter"));
        cases.add(Arguments.of("a boundary that is not valid", "multipart/form-data; boundary=" + "b".repeat(71), good,
                400, "invalid multipart body", "boundary is not valid"));
        cases.add(Arguments.of("another boundary than the body's", "multipart/form-data; boundary=other", good, 400,
                "invalid multipart body", "has no boundary line '--other'"));
        cases.add(Arguments.of("no file part", form, form(field("note", "hello")), 400, "invalid multipart body",
                "the form has no file part, only the text field 'note'"));
        cases.add(Arguments.of("no part at all", form, ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII),
                400, "invalid multipart body", "the form has no file part;"));
        cases.add(Arguments.of("two file parts", form, form(file("image", "a.png", "image/png", png),
                file("second", "b.png", "image/png", png)), 400, "invalid multipart body",
                "more than one file part ('image', 'second')"));
        cases.add(Arguments.of("a text field beside the image", form, form(file("image", "a.png", "image/png", png),
                field("inputRef", "camera-1")), 400, "invalid multipart body",
                "the text field 'inputRef' beside the image"));
        cases.add(Arguments.of("a body cut before its closing boundary", form, Arrays.copyOf(good, good.length - 10),
                400, "invalid multipart body", "ends before the form's closing boundary"));
        int insideTheImage = good.length - ("\r\n--" + BOUNDARY + "--\r\n").length() - png.length / 2;
        cases.add(Arguments.of("a body cut inside the image", form, Arrays.copyOf(good, insideTheImage), 400,
                "invalid multipart body", "ends before the form's closing boundary"));
        cases.add(Arguments.of("a body cut inside a part's headers", form, ("--" + BOUNDARY + "\r\n" + image)
                .getBytes(StandardCharsets.UTF_8), 400, "invalid multipart body", "ends inside a part's headers"));
        cases.add(Arguments.of("a text file", form, form(file("image", "frame.txt", "text/plain", png)), 415,
                "unsupported media type", "the file part 'image' is text/plain"));
        cases.add(Arguments.of("a JSON part", form, form(part("Content-Disposition: form-data; name=\"inputs\"\r\n"
                + "Content-Type: application/json", "{\"features\":[[1]]}".getBytes(StandardCharsets.UTF_8))), 415,
                "unsupported media type", "the file part 'inputs' is application/json"));
        cases.add(Arguments.of("an image type the model cannot read", form, form(file("image", "f.webp", "image/webp",
                png)), 415, "unsupported media type", "is image/webp"));
        cases.add(Arguments.of("a part without Content-Disposition", form, form(part("Content-Type: image/png", png)),
                400, "invalid multipart body", "no Content-Disposition"));
        cases.add(Arguments.of("a base64 part", form, form(part(image + "\r\nContent-Transfer-Encoding: base64",
                Base64.getEncoder().encode(png))), 400, "invalid multipart body", "Content-Transfer-Encoding is 'base64'"));
        cases.add(Arguments.of("text after a boundary", form, ("--" + BOUNDARY + "-x\r\n" + image + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8), 400, "invalid multipart body", "goes on after the boundary"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badForms")
    void aBadFormIsRefusedWithItsStatusAndReasonAndNothingIsPredicted(String what, String contentType, byte[] body,
            int status, String error, String reason) throws Exception {
        start(IMAGE_MODEL);
        HttpResponse<String> response = post(contentType, body);
        JsonNode answer = body(response, status);
        assertEquals(List.of("error", "detail"), fieldNames(answer), answer.toString());
        assertEquals(error, answer.get("error").asText(), answer.toString());
        assertTrue(answer.get("detail").asText().contains(reason), answer.toString());
        assertEquals(0, predictions.get(), "nothing was predicted");
        assertEquals(0, agent.status().queued(), "nothing was queued");
        // the endpoint stays usable on the next request
        assertEquals(200, post("image/png", png(128)).statusCode());
    }

    @Test
    void aFilePartOverTheImageLimitIs413AndNothingIsPredictedOrQueued() throws Exception {
        start(IMAGE_MODEL);
        byte[] png = png(200);
        byte[] atTheLimit = Arrays.copyOf(png, LocalInferenceServer.MAX_IMAGE_BYTES); // a PNG reader stops at IEND
        byte[] overTheLimit = Arrays.copyOf(png, LocalInferenceServer.MAX_IMAGE_BYTES + 1);

        JsonNode refused = body(postForm(form(file("image", "big.png", "image/png", overTheLimit))), 413);
        assertEquals(Map.of("error", "payload too large", "detail", "the part 'image' is larger than "
                + LocalInferenceServer.MAX_IMAGE_BYTES + " bytes"), Json.MAPPER.convertValue(refused, Map.class));
        assertEquals(413, post("image/png", overTheLimit).statusCode(), "as a raw body of the same size");
        assertEquals(0, predictions.get(), "nothing was predicted");
        assertEquals(0, agent.status().queued(), "nothing was queued");

        JsonNode accepted = body(postForm(form(file("image", "big.png", "image/png", atTheLimit))), 200);
        assertEquals(body(post("image/png", atTheLimit), 200).get("score"), accepted.get("score"),
                "a part of exactly the limit is read like a raw body of it");
        assertEquals(2, agent.status().queued());
    }

    @Test
    void aFormDeclaredLargerThanTheLimitIsRefusedBeforeItsBodyIsSent() throws Exception {
        start(IMAGE_MODEL);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary="
                    + BOUNDARY + "\r\nContent-Length: " + (LocalInferenceServer.MAX_FORM_BYTES + 1L) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readResponse(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertTrue(response.contains("{\"error\":\"payload too large\",\"detail\":\"the form is "
                    + (LocalInferenceServer.MAX_FORM_BYTES + 1L) + " bytes; the limit is "
                    + LocalInferenceServer.MAX_FORM_BYTES), response);
        }
        assertEquals(0, agent.status().queued());
    }

    @Test
    void aModelWithoutAnImageContractRefusesAFormAsItRefusesARawImage() throws Exception {
        start(Map.of("input", "features"));
        byte[] png = png(200);
        JsonNode raw = body(post("image/png", png), 415);
        JsonNode form = body(postForm(form(file("image", "frame.png", "image/png", png))), 415);
        assertEquals(raw, form);
        assertEquals("unsupported image", form.get("error").asText());
        assertTrue(form.get("detail").asText().contains("takes no images"), form.toString());
        assertEquals(0, predictions.get());
        assertEquals(0, agent.status().queued());
    }

    @Test
    void aDamagedOrNonImageFileGetsTheAnswerTheSameRawBodyGets() throws Exception {
        start(IMAGE_MODEL);
        byte[] png = png(200);
        for (byte[] file : List.of(Arrays.copyOf(png, png.length / 2), "not an image".getBytes(StandardCharsets.UTF_8),
                new byte[0])) {
            HttpResponse<String> raw = post("image/png", file);
            assertTrue(raw.statusCode() == 400 || raw.statusCode() == 415, raw.body());
            for (String type : Arrays.asList("image/png", "application/octet-stream")) {
                HttpResponse<String> form = postForm(form(file("image", "frame.png", type, file)));
                assertEquals(raw.statusCode(), form.statusCode(), form.body());
                assertEquals(Json.MAPPER.readTree(raw.body()), Json.MAPPER.readTree(form.body()));
            }
        }
        assertEquals(0, agent.status().queued());
    }

    // --- HTTP and forms

    private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/predict"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(byte[] form) throws Exception {
        return post("multipart/form-data; boundary=" + BOUNDARY, form);
    }

    private static JsonNode body(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return Json.MAPPER.readTree(response.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A part: its header lines, then its content. */
    private record Part(String headers, byte[] content) {
    }

    private static Part part(String headers, byte[] content) {
        return new Part(headers, content);
    }

    private static Part file(String name, String filename, String contentType, byte[] content) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\""
                + (contentType == null ? "" : "\r\nContent-Type: " + contentType), content);
    }

    private static Part field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"", value.getBytes(StandardCharsets.UTF_8));
    }

    /** A form as browsers and curl send it. */
    private static byte[] form(Part... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.writeBytes(("--" + BOUNDARY + "\r\n" + part.headers() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    /** A grey 4x4 PNG around {@code grey}, not flat, so pre-processing has something to average. */
    static byte[] png(int grey) throws Exception {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.getRaster().setSample(x, y, 0, Math.min(255, grey + (x - y) * 5 + 10));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Status line, headers and the body of a response with Content-Length. */
    private static String readResponse(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
