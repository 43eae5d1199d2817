package dev.jgrad.tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A flat primitive array shared by a tensor and its views, with a version counter. Every in-place
 * write bumps the version; autograd remembers the version of each tensor it saved for backward and
 * refuses to use one that changed since.
 */
public final class Storage {
    /** Storages made by {@link #allocate} so far: each gets the next number. */
    private static final AtomicLong ALLOCATED = new AtomicLong();

    private final float[] f32;
    private final double[] f64;
    /** Position in allocation order (from 1), or 0 for a wrapped array, which others may hold too. */
    private final long serial;
    private int version;

    private Storage(float[] f32, double[] f64, long serial) {
        this.f32 = f32;
        this.f64 = f64;
        this.serial = serial;
    }

    /** A new zero-filled array of {@code length} elements that no one else holds. */
    public static Storage allocate(DType dtype, int length) {
        long serial = ALLOCATED.incrementAndGet();
        return dtype == DType.FLOAT32 ? new Storage(new float[length], null, serial) : new Storage(null, new double[length], serial);
    }

    public static Storage wrap(float[] data) {
        return new Storage(data, null, 0);
    }

    public static Storage wrap(double[] data) {
        return new Storage(null, data, 0);
    }

    /**
     * How many storages {@link #allocate} has made so far: a mark for {@link #allocatedSince}. The
     * autograd engine uses the pair to see that a gradient rule returned a tensor it created itself,
     * which can then become a parameter's gradient without a copy.
     */
    public static long allocations() {
        return ALLOCATED.get();
    }

    /** Whether this storage was made by {@link #allocate} after {@code mark} was taken from {@link #allocations()}. */
    public boolean allocatedSince(long mark) {
        return serial > mark;
    }

    public DType dtype() {
        return f32 != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** The float array; only valid for {@code FLOAT32} storage. */
    public float[] f32() {
        if (f32 == null) {
            throw new IllegalStateException("storage holds float64, not float32");
        }
        return f32;
    }

    /** The double array; only valid for {@code FLOAT64} storage. */
    public double[] f64() {
        if (f64 == null) {
            throw new IllegalStateException("storage holds float32, not float64");
        }
        return f64;
    }

    public int length() {
        return f32 != null ? f32.length : f64.length;
    }

    public int version() {
        return version;
    }

    /** Records an in-place write; call after writing through {@link #f32()} or {@link #f64()}. */
    public void bumpVersion() {
        version++;
    }
}
