package dev.jgrad.nn;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;

/**
 * Layer normalisation over the trailing {@code normalizedShape} dimensions (PyTorch's {@code nn.LayerNorm}):
 * <pre>
 *   (1) μ, σ² = mean and biased variance of each sample over the normalised dimensions
 *   (2) y = (x − μ)/√(σ² + eps)·weight + bias     weight, bias of shape normalizedShape (1 and 0 at the start)
 * </pre>
 * The same in training and evaluation; no running statistics.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    /** eps 1e-5, elementwise affine, float32: PyTorch's defaults. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, Affine.WITH, DType.FLOAT32);
    }

    public LayerNorm(int[] normalizedShape, double eps, Affine affine, DType dtype) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("LayerNorm: normalized_shape must be a non-empty list of sizes >= 1, got "
                    + Shape.str(normalizedShape));
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be > 0, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = affine == Affine.WITH ? registerParameter("weight", Tensor.ones(dtype, normalizedShape)) : null;
        this.bias = affine == Affine.WITH ? registerParameter("bias", Tensor.zeros(dtype, normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        int k = normalizedShape.length;
        int[] shape = x.shape();
        if (shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw new IllegalArgumentException("LayerNorm" + (path().isEmpty() ? "" : " '" + path() + "'")
                    + " expects an input ending in " + Shape.str(normalizedShape) + ", got " + Shape.str(shape));
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = shape.length - k + i;
        }
        Tensor mean = x.mean(dims, KeepDim.KEEP);                        // (1)
        Tensor centred = x.sub(mean);
        Tensor var = centred.mul(centred).mean(dims, KeepDim.KEEP);
        Tensor y = centred.div(var.add(eps).sqrt());                    // (2)
        return weight == null ? y : y.mul(weight).add(bias);
    }

    @Override
    protected String extraRepr() {
        return "(" + String.join(", ", Arrays.stream(normalizedShape).mapToObj(String::valueOf).toList())
                + (normalizedShape.length == 1 ? "," : "") + "), eps=" + eps + ", elementwise_affine="
                + (weight != null ? "True" : "False");
    }
}
