package io.modelfleet.api.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class ImagesTest {

    @Test
    void pngJpegBmpAndGifDecode() throws Exception {
        BufferedImage image = gradient(16, 12);
        for (String format : new String[] { "png", "jpeg", "bmp", "gif" }) {
            BufferedImage decoded = Images.decode(encode(image, format), ImageLimits.DEFAULT);
            assertEquals(16, decoded.getWidth(), format);
            assertEquals(12, decoded.getHeight(), format);
        }
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderBeforeDecoding() throws Exception {
        // 10,000 x 5,000 grey pixels of zeros: 50 MB of pixels in a file of about 50 KB
        byte[] bomb = png(10_000, 5_000, true);
        assertTrue(bomb.length < 200_000, "a small file: " + bomb.length);
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> Images.decode(bomb, ImageLimits.DEFAULT));
        assertEquals("the PNG image declares 10000x5000 = 50000000 pixels; the limit is 40000000", e.detail());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void aHeaderClaiming50000By50000IsRefused() throws Exception {
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> Images.decode(png(50_000, 50_000, false), ImageLimits.DEFAULT));
        assertTrue(e.detail().contains("50000x50000 = 2500000000 pixels"), e.detail());
    }

    @Test
    void aJpegCutShortIsRefused() throws Exception {
        byte[] jpeg = encode(gradient(64, 64), "jpeg");
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> Images.decode(Arrays.copyOf(jpeg, jpeg.length / 2), ImageLimits.DEFAULT));
        assertEquals("the JPEG image is damaged or cut short", e.detail());
    }

    @Test
    void anImageOfNoPixelsIsRefused() throws Exception {
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> Images.decode(png(0, 0, false), ImageLimits.DEFAULT));
        assertTrue(e.detail().startsWith("the PNG image"), e.detail());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void whatIsNoSupportedImageIs415() {
        for (byte[] bytes : new byte[][] { "{\"a\":1}".getBytes(StandardCharsets.UTF_8), new byte[0],
                "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1) }) {
            ImageRejectedException e = assertThrows(ImageRejectedException.class,
                    () -> Images.decode(bytes, ImageLimits.DEFAULT));
            assertEquals(415, e.httpStatus(), e.detail());
        }
    }

    @Test
    void bytesAndTimeAreLimited() throws Exception {
        byte[] png = encode(gradient(300, 300), "png");
        assertTrue(assertThrows(ImageRejectedException.class,
                () -> Images.decode(png, new ImageLimits(100, 1_000_000, 5_000))).detail().contains("the limit is 100"));
        assertTrue(assertThrows(ImageRejectedException.class,
                () -> Images.decode(new java.io.ByteArrayInputStream(png), new ImageLimits(100, 1_000_000, 5_000)))
                .detail().contains("larger than 100 bytes"));
    }

    @Test
    void greyValuesAreTakenAsStoredAndResizingAveragesAreas() {
        BufferedImage grey = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = { 0, 255, 51, 102, 255, 255, 0, 0 };
        for (int i = 0; i < values.length; i++) {
            grey.getRaster().setSample(i % 4, i / 4, 0, values[i]);
        }
        assertArrayEquals(new float[] { 0, 1, 0.2f, 0.4f, 1, 1, 0, 0 }, Images.planes(grey, 4, 2, 1), 1e-6f);
        // 2x1: each output pixel averages a 2x2 block
        assertArrayEquals(new float[] { 0.75f, 0.15f }, Images.planes(grey, 2, 1, 1), 1e-6f);
        float[] rgb = Images.planes(grey, 4, 2, 3);
        assertEquals(24, rgb.length);
        assertEquals(1f, rgb[8 + 1], 1e-6f);
    }

    @Test
    void colourPixelsReadFromTheBytesEqualWhatGetRgbGives() {
        java.util.Random random = new java.util.Random(4);
        for (int type : new int[] { BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_4BYTE_ABGR_PRE }) {
            BufferedImage image = new BufferedImage(37, 23, type);
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    image.setRGB(x, y, random.nextInt() | 0xff000000);
                }
            }
            // the whole image, and a part of it sharing its pixels (a translated raster)
            for (BufferedImage picture : new BufferedImage[] { image, image.getSubimage(5, 3, 20, 11) }) {
                int w = picture.getWidth();
                int h = picture.getHeight();
                float[] rgb = new float[3 * w * h];
                float[] grey = new float[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int pixel = picture.getRGB(x, y);
                        float r = ((pixel >> 16) & 0xff) / 255f;
                        float g = ((pixel >> 8) & 0xff) / 255f;
                        float b = (pixel & 0xff) / 255f;
                        rgb[y * w + x] = r;
                        rgb[w * h + y * w + x] = g;
                        rgb[2 * w * h + y * w + x] = b;
                        grey[y * w + x] = 0.299f * r + 0.587f * g + 0.114f * b;
                    }
                }
                // same size: no resampling, so exactly the pixels
                assertArrayEquals(rgb, Images.planes(picture, w, h, 3), "type " + type + ", " + w + "x" + h);
                assertArrayEquals(grey, Images.planes(picture, w, h, 1), "type " + type + ", " + w + "x" + h);
            }
        }
    }

    @Test
    void theContractNormalisesAndLaysOut() {
        BufferedImage colour = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(0, 0, 0xFF8000);
        ImageContract nchw = new ImageContract("x", 1, 1, 3, "NCHW", new double[] { 0.5, 0.5, 0.5 },
                new double[] { 0.5, 0.5, 0.5 });
        assertArrayEquals(new float[] { 1, (128 / 255f - 0.5f) / 0.5f, -1 }, Images.tensor(colour, nchw), 1e-6f);
        ImageContract grey = ImageContract.of(Map.of("input", "x", ImageContract.WIDTH, "1", ImageContract.HEIGHT, "1",
                ImageContract.CHANNELS, "1", ImageContract.MEAN, "0", ImageContract.STD, "1"));
        assertEquals("NCHW", grey.layout());
        assertEquals(0.299f + 0.587f * 128 / 255f, Images.tensor(colour, grey)[0], 1e-5f);
        assertEquals(grey, ImageContract.of(grey.metadata()));
        assertFalse(ImageContract.of(Map.of("labels", "a,b")) != null);
    }

    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 128);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), format);
        return out.toByteArray();
    }

    /** A grey 8-bit PNG; with {@code data}, zero rows compressed into the IDAT chunk, else an empty one. */
    private static byte[] png(int width, int height, boolean data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream ihdr = new DataOutputStream(header);
        ihdr.writeInt(width);
        ihdr.writeInt(height);
        ihdr.write(new byte[] { 8, 0, 0, 0, 0 });
        chunk(out, "IHDR", header.toByteArray());
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(9);
        byte[] row = new byte[width + 1];
        byte[] buffer = new byte[65536];
        for (int y = 0; data && y < height; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        chunk(out, "IDAT", compressed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(body.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        data.write(name);
        data.write(body);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(body);
        data.writeInt((int) crc.getValue());
    }
}
