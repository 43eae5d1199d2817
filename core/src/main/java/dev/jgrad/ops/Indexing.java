package dev.jgrad.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.kernel.BinaryOp;
import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Picking elements by index, and the non-differentiable index-valued ops. jgrad has only floating
 * dtypes: indices and comparison results are stored as exact small integers (float32 holds every
 * integer up to 2²⁴ exactly).
 */
public final class Indexing {
    private Indexing() {}

    /** Position of the maximum along {@code dim} (first on ties). Not differentiable. */
    public static Tensor argmax(Tensor x, int dim, KeepDim keep) {
        if (x.dim() == 0) {
            return Tensor.scalar(0, x.dtype());
        }
        int d = Shape.dim("argmax", dim, x.dim());
        Reduce.checkNonEmpty("argmax", x, dim);
        int[] idx = K.argmax(x, d);
        double[] v = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            v[i] = idx[i];
        }
        int[] dims = {d};
        int[] shape = keep == KeepDim.KEEP ? Reduce.keptShape("argmax", x.shape(), dims) : Reduce.droppedShape("argmax", x.shape(), dims);
        return Tensor.of(v, x.dtype(), shape);
    }

    /** Elementwise comparison giving 1 (true) or 0 (false), with broadcasting. Not differentiable. */
    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        return K.binary(op, op.name().toLowerCase(), a, b);
    }

    /**
     * out[i][j] = x[i][index[i][j]] for {@code dim = 1} (and likewise for other dims). ∂ = the
     * gradient scattered back, adding where an index repeats.
     */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Shape.dim("gather", dim, x.dim());
        int[] idx = checkedIndex(x, d, index);
        int[] shape = index.shape();
        Tensor out = K.gather(x, d, idx, shape);
        return Autograd.record("gather", out, List.of(), Edge.of(x, g -> scatterAdd(g, x.shape(), d, idx, index)));
    }

    /** Zeros of {@code shape} with g added at the gathered positions: gather's backward, itself an op (∂ = gather). */
    private static Tensor scatterAdd(Tensor g, int[] shape, int d, int[] idx, Tensor index) {
        Tensor z = K.scatterAdd(g.detach().contiguous(), d, idx, shape);
        return Autograd.record("gatherBackward", z, List.of(), Edge.of(g, gg -> gather(gg, d, index)));
    }

    private static int[] checkedIndex(Tensor x, int d, Tensor index) {
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException("gather: index " + Shape.str(index.shape()) + " must have the same number of dimensions as input "
                    + Shape.str(x.shape()));
        }
        for (int k = 0; k < x.dim(); k++) {
            if (k != d && index.size(k) > x.size(k)) {
                throw new IllegalArgumentException("gather: index " + Shape.str(index.shape()) + " is larger than input "
                        + Shape.str(x.shape()) + " in dimension " + k);
            }
        }
        double[] v = index.toDoubleArray();
        int[] idx = new int[v.length];
        int size = x.dim() == 0 ? 1 : x.size(d);
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException("gather: index " + v[i] + " is not a whole number; indices must be "
                        + "integers in [0, " + size + ")");
            }
            if (v[i] < 0 || v[i] >= size) {
                throw new IllegalArgumentException("gather: index " + v[i] + " is out of bounds for dimension " + d + " with size " + size);
            }
            idx[i] = (int) v[i];
        }
        return idx;
    }

    /** The slices {@code indices} of dimension {@code dim}, in that order (a copy). ∂ = the gradient added back at those slices. */
    public static Tensor indexSelect(Tensor x, int dim, int... indices) {
        int d = Shape.dim("indexSelect", dim, x.dim());
        for (int i : indices) {
            if (i < 0 || i >= x.size(d)) {
                throw new IllegalArgumentException("indexSelect: index " + i + " is out of range for dimension " + d + " with size " + x.size(d));
            }
        }
        int[] shape = x.shape();
        shape[d] = indices.length;
        Tensor out = Tensor.zeros(x.dtype(), shape);
        for (int i = 0; i < indices.length; i++) {
            K.copyInto(slice(x, d, indices[i]), slice(out, d, i));
        }
        int[] picked = indices.clone();
        return Autograd.record("indexSelect", out, List.of(), Edge.of(x, g -> {
            Tensor z = Tensor.zeros(g.dtype(), x.shape());
            for (int i = 0; i < picked.length; i++) {
                Tensor target = slice(z, d, picked[i]);
                K.binaryInto(BinaryOp.ADD, target, slice(g, d, i), target);
            }
            // Itself an op, so that a recorded backward can be differentiated: ∂ = the same selection.
            return Autograd.record("indexSelectBackward", z, List.of(), Edge.of(g, gg -> indexSelect(gg, d, picked)));
        }));
    }

    /** Index {@code i} of dimension {@code d} as a size-1 view, outside the graph. */
    private static Tensor slice(Tensor t, int d, int i) {
        int[] shape = t.shape();
        shape[d] = 1;
        return t.asStrided(t.offset() + i * t.strides()[d], shape, t.strides());
    }
}
