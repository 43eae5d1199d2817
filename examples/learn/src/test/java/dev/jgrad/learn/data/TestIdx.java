package dev.jgrad.learn.data;

import com.sun.management.ThreadMXBean;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files in memory for the tests. */
final class TestIdx {
    private TestIdx() {
    }

    /** A header: magic then each dimension as a big-endian 32-bit value (negative ints stand for >= 2^31). */
    static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    /** The pixel value tests expect at pixel {@code p} of image {@code i}; covers 0..255. */
    static int pixel(int i, int p) {
        return (i * 37 + p * 11) & 0xFF;
    }

    static byte[] images(int count, int rows, int cols) {
        byte[] h = header(IdxReader.IMAGES_MAGIC, count, rows, cols);
        byte[] out = new byte[h.length + count * rows * cols];
        System.arraycopy(h, 0, out, 0, h.length);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                out[h.length + i * rows * cols + p] = (byte) pixel(i, p);
            }
        }
        return out;
    }

    static int label(int i) {
        return (i * 7 + 3) % 10;
    }

    static byte[] labels(int count) {
        byte[] h = header(IdxReader.LABELS_MAGIC, count);
        byte[] out = new byte[h.length + count];
        System.arraycopy(h, 0, out, 0, h.length);
        for (int i = 0; i < count; i++) {
            out[h.length + i] = (byte) label(i);
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread counter). */
    static long allocatedBytes() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    static Path write(Path dir, String name, byte[] data) {
        try {
            return Files.write(dir.resolve(name), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
