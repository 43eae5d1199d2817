package dev.jgrad.optim;

/**
 * Which p-norm {@link ClipGrad#byNorm} measures: ‖x‖ₚ = (Σ|xᵢ|ᵖ)^(1/p), or max|xᵢ| for p = ∞.
 *
 * @param p the order: any p &gt; 0, or {@link Double#POSITIVE_INFINITY}
 */
public record NormType(double p) {
    /** The Euclidean norm, PyTorch's default. */
    public static final NormType L2 = new NormType(2);
    /** The largest absolute value. */
    public static final NormType INF = new NormType(Double.POSITIVE_INFINITY);

    public NormType {
        if (!(p > 0)) {
            throw new IllegalArgumentException("Invalid norm type: " + p + " (must be > 0, or infinity)");
        }
    }

    public static NormType p(double p) {
        return new NormType(p);
    }

    @Override
    public String toString() {
        return p == Double.POSITIVE_INFINITY ? "inf" : Double.toString(p);
    }
}
