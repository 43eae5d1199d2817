package dev.jgrad.kernel;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * Every loop the ops run, behind one door: {@code ops.K} asks {@link Kernels#backend()} once per call
 * and calls one of these methods. This class is the scalar reference, the definition every fast path
 * is tested against; {@link FastBackend} overrides the float32 hot paths (matrix products, pointwise
 * loops, ReLU) and inherits the rest. float64 is the correctness dtype (gradient checks, replayed
 * trajectories) and always runs these loops.
 *
 * <p>Operands are flat arrays with a {@link Strided} layout or explicit strides; inputs of pointwise
 * loops arrive broadcast to the output's shape (stride 0). Outputs may be strided too, which is how
 * in-place updates are expressed.
 */
public sealed class Backend permits FastBackend {
    static final Backend REFERENCE = new Backend();

    Backend() {}

    /** Whether C's previous contents are kept (gradient accumulation) or overwritten. */
    public enum Output { OVERWRITE, ACCUMULATE }

    public enum ReduceOp { SUM, MAX }

    // ---------------------------------------------------------------- pointwise

    public void unary(UnaryOp op, double p, double q, float[] a, Strided sa, float[] out, Strided so) {
        Rows.of(so, sa, so, so, (oa, oo, unused, n, ia, io, u) -> {
            for (int i = 0; i < n; i++) { out[oo + i * io] = (float) op.apply(a[oa + i * ia], p, q); }
        });
    }

    public void unary(UnaryOp op, double p, double q, double[] a, Strided sa, double[] out, Strided so) {
        Rows.of(so, sa, so, so, (oa, oo, unused, n, ia, io, u) -> {
            for (int i = 0; i < n; i++) { out[oo + i * io] = op.apply(a[oa + i * ia], p, q); }
        });
    }

    public void binary(BinaryOp op, float[] a, Strided sa, float[] b, Strided sb, float[] out, Strided so) {
        Rows.of(so, sa, sb, so, (oa, ob, oo, n, ia, ib, io) -> {
            for (int i = 0; i < n; i++) { out[oo + i * io] = (float) op.apply(a[oa + i * ia], b[ob + i * ib]); }
        });
    }

    public void binary(BinaryOp op, double[] a, Strided sa, double[] b, Strided sb, double[] out, Strided so) {
        Rows.of(so, sa, sb, so, (oa, ob, oo, n, ia, ib, io) -> {
            for (int i = 0; i < n; i++) { out[oo + i * io] = op.apply(a[oa + i * ia], b[ob + i * ib]); }
        });
    }

    /** Strided copies, converting the dtype when the arrays differ in type. */
    public void copy(float[] a, Strided sa, float[] out, Strided so) {
        Rows.of(so, sa, so, so, (oa, oo, unused, n, ia, io, u) -> {
            for (int i = 0; i < n; i++) { out[oo + i * io] = a[oa + i * ia]; }
        });
    }

    public void copy(double[] a, Strided sa, double[] out, Strided so) {
        Rows.of(so, sa, so, so, (oa, oo, unused, n, ia, io, u) -> {
            for (int i = 0; i < n; i++) { out[oo + i * io] = a[oa + i * ia]; }
        });
    }

    public void copy(float[] a, Strided sa, double[] out, Strided so) {
        Rows.of(so, sa, so, so, (oa, oo, unused, n, ia, io, u) -> {
            for (int i = 0; i < n; i++) { out[oo + i * io] = a[oa + i * ia]; }
        });
    }

    public void copy(double[] a, Strided sa, float[] out, Strided so) {
        Rows.of(so, sa, so, so, (oa, oo, unused, n, ia, io, u) -> {
            for (int i = 0; i < n; i++) { out[oo + i * io] = (float) a[oa + i * ia]; }
        });
    }

    /** dst[i] = y[i] &gt; 0 ? g[i] : 0 for n elements: ReLU's backward from its output y (0 at y = 0). */
    public void reluBackward(int n, float[] g, int gOff, float[] y, int yOff, float[] dst, int dOff) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] = y[yOff + i] > 0 ? g[gOff + i] : 0f;
        }
    }

    public void reluBackward(int n, double[] g, int gOff, double[] y, int yOff, double[] dst, int dOff) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] = y[yOff + i] > 0 ? g[gOff + i] : 0.0;
        }
    }

    // ---------------------------------------------------------------- matrix products

    /**
     * C = A·B (+ C): A is m×k with element (i, p) at {@code aOff + i·aRow + p·aCol}, B is k×n likewise,
     * C is dense m×n at {@code cOff}. Element (i, j) is one {@code fma} chain over p in order, starting
     * from 0 or C: exactly the fast kernels' arithmetic, so they agree bit for bit. The loop order only
     * picks which operand is walked with unit stride; it does not change the chain.
     */
    public void gemm(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                     float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, Output mode) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n, ai = aOff + i * aRow;
            if (mode == Output.OVERWRITE) {
                Arrays.fill(c, ci, ci + n, 0f);
            }
            if (bRow == 1 && bCol != 1) {
                for (int j = 0; j < n; j++) {
                    float s = c[ci + j];
                    for (int p = 0, bj = bOff + j * bCol; p < k; p++) {
                        s = Math.fma(a[ai + p * aCol], b[bj + p], s);
                    }
                    c[ci + j] = s;
                }
            } else {
                for (int p = 0; p < k; p++) {
                    float aip = a[ai + p * aCol];
                    for (int j = 0, bp = bOff + p * bRow; j < n; j++) {
                        c[ci + j] = Math.fma(aip, b[bp + j * bCol], c[ci + j]);
                    }
                }
            }
        }
    }

    public void gemm(int m, int n, int k, double[] a, int aOff, int aRow, int aCol,
                     double[] b, int bOff, int bRow, int bCol, double[] c, int cOff, Output mode) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n, ai = aOff + i * aRow;
            if (mode == Output.OVERWRITE) {
                Arrays.fill(c, ci, ci + n, 0.0);
            }
            if (bRow == 1 && bCol != 1) {
                for (int j = 0; j < n; j++) {
                    double s = c[ci + j];
                    for (int p = 0, bj = bOff + j * bCol; p < k; p++) {
                        s = Math.fma(a[ai + p * aCol], b[bj + p], s);
                    }
                    c[ci + j] = s;
                }
            } else {
                for (int p = 0; p < k; p++) {
                    double aip = a[ai + p * aCol];
                    for (int j = 0, bp = bOff + p * bRow; j < n; j++) {
                        c[ci + j] = Math.fma(aip, b[bp + j * bCol], c[ci + j]);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- reductions and indexing

    /**
     * Reduces {@code a} over the dimensions where {@code keptShape} has size 1 but the input does not;
     * {@code out} is dense in {@code keptShape} (same rank). Float inputs are summed in double, in a
     * fixed order: deterministic, and small addends are not lost.
     */
    public final void reduce(ReduceOp op, float[] a, Strided sa, int[] keptShape, float[] out) {
        double[] acc = accumulate(op, sa, keptShape, (oa, ia, oo, io, n, acc1) -> {
            if (op == ReduceOp.MAX) {
                for (int i = 0; i < n; i++) { acc1[oo + i * io] = Math.max(acc1[oo + i * io], a[oa + i * ia]); }
            } else if (io == 0) {
                double s = acc1[oo];
                for (int i = 0; i < n; i++) { s += a[oa + i * ia]; }
                acc1[oo] = s;
            } else {
                for (int i = 0; i < n; i++) { acc1[oo + i * io] += a[oa + i * ia]; }
            }
        });
        for (int i = 0; i < acc.length; i++) { out[i] = (float) acc[i]; }
    }

    public final void reduce(ReduceOp op, double[] a, Strided sa, int[] keptShape, double[] out) {
        double[] acc = accumulate(op, sa, keptShape, (oa, ia, oo, io, n, acc1) -> {
            if (op == ReduceOp.MAX) {
                for (int i = 0; i < n; i++) { acc1[oo + i * io] = Math.max(acc1[oo + i * io], a[oa + i * ia]); }
            } else if (io == 0) {
                double s = acc1[oo];
                for (int i = 0; i < n; i++) { s += a[oa + i * ia]; }
                acc1[oo] = s;
            } else {
                for (int i = 0; i < n; i++) { acc1[oo + i * io] += a[oa + i * ia]; }
            }
        });
        System.arraycopy(acc, 0, out, 0, acc.length);
    }

    @FunctionalInterface
    private interface AccRow {
        void row(int oa, int ia, int oo, int io, int n, double[] acc);
    }

    private static double[] accumulate(ReduceOp op, Strided sa, int[] keptShape, AccRow body) {
        int[] accStrides = Strided.denseStrides(keptShape);
        int size = 1;
        for (int d = 0; d < keptShape.length; d++) {
            size *= keptShape[d];
            // A reduced dimension maps every input index onto the same accumulator slot.
            if (keptShape[d] == 1) {
                accStrides[d] = 0;
            }
        }
        double[] acc = new double[size];
        if (op == ReduceOp.MAX) {
            Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        Rows.forEach(sa.shape(), sa.offset(), sa.strides(), 0, accStrides, 0, accStrides,
                (oa, oo, unused, n, ia, io, u) -> body.row(oa, ia, oo, io, n, acc));
        return acc;
    }

    /**
     * Index of the largest element along {@code dim} for every position of the other dimensions, in
     * row-major order of those dimensions. Ties go to the first index; NaN counts as largest (PyTorch).
     */
    public final int[] argmax(float[] a, Strided sa, int dim) {
        return argmax(i -> a[i], sa, dim);
    }

    public final int[] argmax(double[] a, Strided sa, int dim) {
        return argmax(i -> a[i], sa, dim);
    }

    private static int[] argmax(IntToDoubleFunction a, Strided sa, int dim) {
        int rank = sa.shape().length;
        int[] shape = new int[rank], strides = new int[rank];
        for (int d = 0, j = 0; d < rank; d++) {
            if (d != dim) {
                shape[j] = sa.shape()[d];
                strides[j++] = sa.strides()[d];
            }
        }
        shape[rank - 1] = sa.shape()[dim];
        strides[rank - 1] = sa.strides()[dim];
        int[] res = new int[sa.size() / Math.max(1, sa.shape()[dim])];
        int[] r = {0};
        Rows.forEach(shape, sa.offset(), strides, 0, strides, 0, strides, (oa, u1, u2, n, ia, u3, u4) -> {
            int best = 0;
            double bv = a.applyAsDouble(oa);
            for (int i = 1; i < n && bv == bv; i++) {
                double v = a.applyAsDouble(oa + i * ia);
                if (v > bv || v != v) {
                    bv = v;
                    best = i;
                }
            }
            res[r[0]++] = best;
        });
        return res;
    }

    /**
     * out[i][j] = a[i][index[i][j]] for {@code dim = 1} on a matrix (likewise for other dims and ranks);
     * {@code index} and {@code out} are dense in {@code outShape}, the source keeps its strides.
     */
    public final void gather(float[] a, Strided sa, int dim, int[] index, int[] outShape, float[] out) {
        indexRows(sa, dim, outShape, (src, k, n, ia, sd) -> {
            for (int i = 0; i < n; i++) { out[k + i] = a[src + i * ia + index[k + i] * sd]; }
        });
    }

    public final void gather(double[] a, Strided sa, int dim, int[] index, int[] outShape, double[] out) {
        indexRows(sa, dim, outShape, (src, k, n, ia, sd) -> {
            for (int i = 0; i < n; i++) { out[k + i] = a[src + i * ia + index[k + i] * sd]; }
        });
    }

    /** Gather's adjoint: target[i][index[i][j]] += g[i][j], g dense in {@code gShape}. */
    public final void scatterAdd(float[] g, int[] index, int[] gShape, int dim, float[] target, Strided st) {
        indexRows(st, dim, gShape, (dst, k, n, it, sd) -> {
            for (int i = 0; i < n; i++) { target[dst + i * it + index[k + i] * sd] += g[k + i]; }
        });
    }

    public final void scatterAdd(double[] g, int[] index, int[] gShape, int dim, double[] target, Strided st) {
        indexRows(st, dim, gShape, (dst, k, n, it, sd) -> {
            for (int i = 0; i < n; i++) { target[dst + i * it + index[k + i] * sd] += g[k + i]; }
        });
    }

    @FunctionalInterface
    private interface IndexRow {
        void row(int srcOffset, int denseOffset, int n, int srcInner, int dimStride);
    }

    private static void indexRows(Strided s, int dim, int[] shape, IndexRow body) {
        // Stride 0 along dim: the walk lands on index 0 of dim, and the row adds index·stride itself.
        int[] strides = s.strides().clone();
        int dimStride = strides[dim];
        strides[dim] = 0;
        int[] dense = Strided.denseStrides(shape);
        Rows.forEach(shape, s.offset(), strides, 0, dense, 0, dense,
                (o0, o1, u, n, inner, u1, u2) -> body.row(o0, o1, n, inner, dimStride));
    }

    // ---------------------------------------------------------------- cross-entropy

    /**
     * Cross-entropy of {@code rows} dense rows of {@code classes} logits from {@code zOff} against
     * class indices (rows whose index is {@code ignore} are skipped and get loss 0), with label
     * smoothing ε: loss = (1 − ε)·(lse − z_y) + (ε/C)·Σₖ(lse − zₖ), lse = m + log Σₖ e^{zₖ − m},
     * m the row maximum. Writes the row losses and, per row, m and Σₖ e^{zₖ − m} into {@code stats}
     * (2·rows) for {@link #crossEntropyBackward}. The arithmetic is in double, for both dtypes.
     */
    public final void crossEntropy(int rows, int classes, float[] z, int zOff, int[] target, int ignore,
                                   double smoothing, double[] loss, double[] stats) {
        double[] row = new double[classes];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < classes; k++) { row[k] = z[zOff + i * classes + k]; }
            loss[i] = target[i] == ignore ? 0 : rowLoss(row, target[i], smoothing, stats, i);
        }
    }

    public final void crossEntropy(int rows, int classes, double[] z, int zOff, int[] target, int ignore,
                                   double smoothing, double[] loss, double[] stats) {
        double[] row = new double[classes];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(z, zOff + i * classes, row, 0, classes);
            loss[i] = target[i] == ignore ? 0 : rowLoss(row, target[i], smoothing, stats, i);
        }
    }

    private static double rowLoss(double[] x, int y, double smoothing, double[] stats, int i) {
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (double v : x) { m = Math.max(m, v); }
        for (double v : x) { s += Math.exp(v - m); }
        stats[2 * i] = m;
        stats[2 * i + 1] = s;
        double lse = m + Math.log(s);
        double loss = (1 - smoothing) * (lse - x[y]);
        // Skipped at ε = 0 rather than multiplied by 0: a −∞ logit makes the sum infinite and 0·∞ is NaN.
        if (smoothing > 0) {
            double uniform = 0;
            for (double v : x) { uniform += lse - v; }
            loss += smoothing / x.length * uniform;
        }
        return loss;
    }

    /**
     * Cross-entropy's backward into {@code dz} (dense, the logits' shape, from 0): row i gets
     * wᵢ·(pₖ − ε/C − (1 − ε)·[k = yᵢ]), the softmax pₖ = e^{zₖ − m}/Σ from the forward's
     * {@code stats} minus the smoothed one-hot target, times the row's share wᵢ of the output gradient; ignored
     * rows get 0. Computed in double and rounded once into the logits' dtype.
     */
    public final void crossEntropyBackward(int rows, int classes, float[] z, int zOff, int[] target, int ignore,
                                           double smoothing, double[] stats, double[] w, float[] dz) {
        for (int i = 0; i < rows; i++) {
            if (target[i] == ignore) {
                continue;
            }
            for (int k = 0, o = i * classes; k < classes; k++) {
                dz[o + k] = (float) softmaxGrad(z[zOff + o + k], k == target[i], classes, smoothing, stats, w, i);
            }
        }
    }

    public final void crossEntropyBackward(int rows, int classes, double[] z, int zOff, int[] target, int ignore,
                                           double smoothing, double[] stats, double[] w, double[] dz) {
        for (int i = 0; i < rows; i++) {
            if (target[i] == ignore) {
                continue;
            }
            for (int k = 0, o = i * classes; k < classes; k++) {
                dz[o + k] = softmaxGrad(z[zOff + o + k], k == target[i], classes, smoothing, stats, w, i);
            }
        }
    }

    private static double softmaxGrad(double zk, boolean isTarget, int classes, double smoothing, double[] stats,
                                      double[] w, int i) {
        double g = w[i] * (Math.exp(zk - stats[2 * i]) / stats[2 * i + 1] - smoothing / classes);
        return isTarget ? g - w[i] * (1 - smoothing) : g;
    }
}
