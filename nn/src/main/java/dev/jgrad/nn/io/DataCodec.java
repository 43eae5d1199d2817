package dev.jgrad.nn.io;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Tensor values as raw little-endian bytes, in row-major order, moved in bounded chunks so that
 * neither side needs a second full-size copy of a large tensor.
 */
final class DataCodec {
    private static final int CHUNK_BYTES = 1 << 20;

    private DataCodec() {}

    static void write(Tensor t, WritableByteChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.FLOAT32) {
            for (float v : t.toFloatArray()) {
                if (!buf.hasRemaining()) {
                    drain(buf, ch);
                }
                buf.putFloat(v);
            }
        } else {
            for (double v : t.toDoubleArray()) {
                if (!buf.hasRemaining()) {
                    drain(buf, ch);
                }
                buf.putDouble(v);
            }
        }
        drain(buf, ch);
    }

    private static void drain(ByteBuffer buf, WritableByteChannel ch) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    /** The tensor at {@code e}'s range; {@code dataStart} is where the data section begins. */
    static Tensor read(ByteSource src, long dataStart, Entry e) throws IOException {
        int n = e.numel();
        int size = e.dtype().bytes();
        int capacity = (int) Math.max(size, Math.min(CHUNK_BYTES, (long) n * size));
        ByteBuffer buf = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buf.capacity() / size;
        long pos = dataStart + e.begin();
        if (e.dtype() == DType.FLOAT32) {
            float[] v = new float[n];
            for (int i = 0; i < n; i += perChunk) {
                int k = Math.min(perChunk, n - i);
                fill(src, pos + (long) i * size, buf, k * size).asFloatBuffer().get(v, i, k);
            }
            return Tensor.of(v, e.shape());
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i += perChunk) {
            int k = Math.min(perChunk, n - i);
            fill(src, pos + (long) i * size, buf, k * size).asDoubleBuffer().get(v, i, k);
        }
        return Tensor.of(v, e.shape());
    }

    private static ByteBuffer fill(ByteSource src, long position, ByteBuffer buf, int bytes) throws IOException {
        buf.clear().limit(bytes);
        src.readFully(position, buf);
        return buf.flip();
    }
}
