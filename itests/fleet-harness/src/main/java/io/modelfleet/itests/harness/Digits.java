package io.modelfleet.itests.harness;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import io.modelfleet.api.spi.solution.FileData;

/**
 * A real public image set: the 1,797 8x8 handwritten digits scikit-learn ships (UCI "Optical Recognition of Handwritten
 * Digits", E. Alpaydin and C. Kaynak), copied from Debian's python3-sklearn ({@code
 * sklearn/datasets/data/digits.csv.gz}; {@code benchmarks/training/fetch-iris.sh} unpacks the package), written out as
 * grey PNG files: values 0..16 scaled to 0..255.
 */
public final class Digits {
    /** One image: its key in a dataset of class folders ({@code <digit>/<n>.png}), label and PNG bytes. */
    public record Digit(String key, String label, byte[] png) {
    }

    private Digits() {
    }

    public static List<Digit> load() {
        List<Digit> digits = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Digits.class.getResourceAsStream("digits.csv.gz")), StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
                for (int p = 0; p < 64; p++) {
                    image.getRaster().setSample(p % 8, p / 8, 0, Math.round(Integer.parseInt(cells[p]) * 255 / 16f));
                }
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                digits.add(new Digit(cells[64] + "/" + n++ + ".png", cells[64], png.toByteArray()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(digits);
    }

    /** The digits as a FILES dataset version a solution trains on, the PNG bytes served from memory. */
    public static FileData files(List<Digit> digits) {
        List<FileData.FileItem> items = digits.stream().map(d -> new FileData.FileItem(d.key(), d.label(), "image/png"))
                .toList();
        return new FileData() {
            @Override
            public List<String> labels() {
                return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            }

            @Override
            public List<FileItem> items() {
                return items;
            }

            @Override
            public java.io.InputStream open(int index) {
                return new java.io.ByteArrayInputStream(digits.get(index).png());
            }
        };
    }

    /** A zip of class folders, as the local source imports it. */
    public static byte[] zip(List<Digit> digits) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Digit digit : digits) {
                zip.putNextEntry(new ZipEntry(digit.key()));
                zip.write(digit.png());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
