package dev.jgrad.learn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small, learnable MNIST-format directories: image i has label i % 10 and a bright band of
 * rows 2k..2k+3 (k its label) over faint noise, so even a linear model separates the classes.
 */
public final class IdxFixture {
    static final String[] NAMES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"};

    private IdxFixture() {
    }

    /** A directory with {@code train} training and {@code test} test images of {@code side}x{@code side}. */
    public static Path write(Path dir, int train, int test, int side) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(NAMES[0]), images(train, side, 1));
            Files.write(dir.resolve(NAMES[1]), labels(train));
            Files.write(dir.resolve(NAMES[2] + ".gz"), gzip(images(test, side, 2)));
            Files.write(dir.resolve(NAMES[3]), labels(test));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] images(int count, int side, long seed) {
        Random r = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(16 + count * side * side);
        b.putInt(0x803).putInt(count).putInt(side).putInt(side);
        for (int i = 0; i < count; i++) {
            int k = i % 10;
            for (int row = 0; row < side; row++) {
                for (int col = 0; col < side; col++) {
                    boolean band = row >= 2 * k && row < 2 * k + 4;
                    b.put((byte) (band ? 200 + r.nextInt(56) : r.nextInt(40)));
                }
            }
        }
        return b.array();
    }

    public static byte[] labels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
