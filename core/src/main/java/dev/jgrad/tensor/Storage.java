package dev.jgrad.tensor;

/**
 * A flat primitive array shared by a tensor and its views, with a version counter. Every in-place
 * write bumps the version; autograd remembers the version of each tensor it saved for backward and
 * refuses to use one that changed since.
 */
public final class Storage {
    private final float[] f32;
    private final double[] f64;
    private int version;

    private Storage(float[] f32, double[] f64) {
        this.f32 = f32;
        this.f64 = f64;
    }

    public static Storage allocate(DType dtype, int length) {
        return dtype == DType.FLOAT32 ? new Storage(new float[length], null) : new Storage(null, new double[length]);
    }

    public static Storage wrap(float[] data) {
        return new Storage(data, null);
    }

    public static Storage wrap(double[] data) {
        return new Storage(null, data);
    }

    public DType dtype() {
        return f32 != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** The float array; only valid for {@code FLOAT32} storage. */
    public float[] f32() {
        if (f32 == null) throw new IllegalStateException("storage holds float64, not float32");
        return f32;
    }

    /** The double array; only valid for {@code FLOAT64} storage. */
    public double[] f64() {
        if (f64 == null) throw new IllegalStateException("storage holds float32, not float64");
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
