package dev.jgrad.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.kernel.Backend.ReduceOp;
import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Reductions over given dimensions, with PyTorch's {@code keepdim}. */
public final class Reduce {
    private Reduce() {}

    /** Values and positions of the maxima along a dimension, as PyTorch's {@code max(dim)}. */
    public record MaxResult(Tensor values, Tensor indices) {}

    /** Σ over {@code dims}. ∂/∂x = 1 for every summed element: the gradient is broadcast back. */
    public static Tensor sum(Tensor x, int[] dims, KeepDim keep) {
        int[] kept = keptShape("sum", x.shape(), dims);
        Tensor out = K.reduce(ReduceOp.SUM, x, kept);
        Tensor result = keep == KeepDim.KEEP ? out : out.reshape(droppedShape("sum", x.shape(), dims));
        return Autograd.record("sum", result, List.of(), Edge.of(x, g -> g.reshape(kept).expand(x.shape())));
    }

    /** Σ/n, composed from {@link #sum} and a division, so its gradient is 1/n per element. */
    public static Tensor mean(Tensor x, int[] dims, KeepDim keep) {
        int[] kept = keptShape("mean", x.shape(), dims);
        int n = Shape.numel(x.shape()) / Math.max(1, Shape.numel(kept));
        return sum(x, dims, keep).div(n);
    }

    /**
     * Largest value along {@code dim}. The gradient goes to the maximal elements, split evenly
     * among ties (PyTorch's {@code amax} rule): ∂/∂xᵢ = [xᵢ = max] / #ties.
     */
    public static Tensor amax(Tensor x, int dim, KeepDim keep) {
        checkNonEmpty("amax", x, dim);
        int[] kept = keptShape("amax", x.shape(), new int[] {dim});
        Tensor out = K.reduce(ReduceOp.MAX, x, kept);
        int[] dims = {dim};
        Tensor result = keep == KeepDim.KEEP ? out : out.reshape(droppedShape("amax", x.shape(), dims));
        return Autograd.record("amax", result, List.of(x, out), Edge.of(x, g -> {
            Tensor winners = x.eq(out);
            return winners.mul(g.reshape(kept)).div(winners.sum(dims, KeepDim.KEEP));
        }));
    }

    /**
     * A maximum over a dimension of size 0 has no value (there is no identity for max), so it is an
     * error, as in PyTorch; reducing a non-empty dimension of an otherwise empty tensor is fine and
     * gives an empty result. A scalar has nothing to reduce over.
     */
    static void checkNonEmpty(String op, Tensor x, int dim) {
        if (x.dim() == 0) {
            return;
        }
        int d = Shape.dim(op, dim, x.dim());
        if (x.size(d) == 0) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " of shape " + Shape.str(x.shape())
                    + " has size 0, and an empty dimension has no maximum");
        }
    }

    /** max(dim) = gather of x at argmax: the gradient flows to the chosen index only, as in PyTorch. */
    public static MaxResult max(Tensor x, int dim, KeepDim keep) {
        checkNonEmpty("max", x, dim);
        Tensor idx = Indexing.argmax(x, dim, KeepDim.KEEP);
        Tensor values = x.gather(Shape.dim("max", dim, x.dim()), idx);
        if (keep == KeepDim.DROP && x.dim() > 0) {
            return new MaxResult(values.squeeze(dim), idx.squeeze(dim));
        }
        return new MaxResult(values, idx);
    }

    /**
     * Sums {@code g} down to {@code shape}, undoing a broadcast: leading dimensions that broadcasting
     * added, and dimensions where {@code shape} has 1, are summed out.
     */
    public static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < gs.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) {
                dims.add(d);
            }
        }
        Tensor s = g.sum(dims.stream().mapToInt(Integer::intValue).toArray(), KeepDim.KEEP);
        return s.reshape(shape);
    }

    /** Which dimensions {@code dims} names (negative ones counted from the end); duplicates are an error. */
    static boolean[] reduced(String op, int[] shape, int[] dims) {
        boolean[] mask = new boolean[shape.length];
        for (int d : dims) {
            int nd = Shape.dim(op, d, shape.length);
            if (shape.length == 0) {
                continue;
            }
            if (mask[nd]) {
                throw new IllegalArgumentException(op + ": dimension " + d + " appears twice in " + Arrays.toString(dims));
            }
            mask[nd] = true;
        }
        return mask;
    }

    /** The input shape with 1 in every reduced dimension. */
    static int[] keptShape(String op, int[] shape, int[] dims) {
        boolean[] mask = reduced(op, shape, dims);
        int[] kept = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            if (mask[d]) {
                kept[d] = 1;
            }
        }
        return kept;
    }

    /** {@code shape} without the reduced dimensions. */
    static int[] droppedShape(String op, int[] shape, int[] dims) {
        boolean[] mask = reduced(op, shape, dims);
        return IntStream.range(0, shape.length).filter(d -> !mask[d]).map(d -> shape[d]).toArray();
    }
}
