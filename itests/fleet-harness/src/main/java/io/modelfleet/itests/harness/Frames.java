package io.modelfleet.itests.harness;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.ImageIO;

/** Camera-like frames for benchmarks and tests. */
public final class Frames {

    private Frames() {
    }

    /** A photo-like JPEG: smooth gradients with noise, so JPEG has detail to encode (the same bytes every call). */
    public static byte[] photoLikeJpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = Math.min(255, x * 255 / width + random.nextInt(30));
                int g = Math.min(255, y * 255 / height + random.nextInt(30));
                int b = Math.min(255, (x + y) * 128 / (width + height) + random.nextInt(30));
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
