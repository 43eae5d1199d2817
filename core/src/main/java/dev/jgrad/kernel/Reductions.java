package dev.jgrad.kernel;

import java.util.Arrays;

/**
 * Reductions. In {@link Kernels.Mode#FAST}, sums run loops specialised for unit strides that add
 * in the same order as the reference loop (so the same bits). Float inputs are summed in a double accumulator: the result is
 * deterministic (fixed order) and, unlike a float running sum, does not lose small addends.
 */
public final class Reductions {
    private Reductions() {}

    public enum ReduceOp { SUM, MAX }

    /**
     * Reduces {@code a} over the dimensions where {@code keptShape} has size 1 but the input does
     * not; {@code out} is dense in {@code keptShape} (same rank as the input).
     */
    public static void reduce(ReduceOp op, float[] a, Strided sa, int[] keptShape, float[] out) {
        double[] acc = accumulate(op, sa, keptShape, op == ReduceOp.SUM && Kernels.fast() ? (oa, ia, oo, io, n, accArr) -> {
            // Same additions in the same order as below; unit strides let the JIT vectorise the column sums.
            if (ia == 1 && io == 1) for (int i = 0; i < n; i++) accArr[oo + i] += a[oa + i];
            else if (io == 0) {
                double s = accArr[oo];
                for (int i = 0; i < n; i++) s += a[oa + i * ia];
                accArr[oo] = s;
            } else for (int i = 0; i < n; i++) accArr[oo + i * io] += a[oa + i * ia];
        } : (oa, ia, oo, io, n, accArr) -> {
            if (op == ReduceOp.SUM) for (int i = 0; i < n; i++) accArr[oo + i * io] += a[oa + i * ia];
            else for (int i = 0; i < n; i++) accArr[oo + i * io] = Math.max(accArr[oo + i * io], a[oa + i * ia]);
        });
        for (int i = 0; i < acc.length; i++) out[i] = (float) acc[i];
    }

    public static void reduce(ReduceOp op, double[] a, Strided sa, int[] keptShape, double[] out) {
        double[] acc = accumulate(op, sa, keptShape, op == ReduceOp.SUM && Kernels.fast() ? (oa, ia, oo, io, n, accArr) -> {
            if (ia == 1 && io == 1) for (int i = 0; i < n; i++) accArr[oo + i] += a[oa + i];
            else if (io == 0) {
                double s = accArr[oo];
                for (int i = 0; i < n; i++) s += a[oa + i * ia];
                accArr[oo] = s;
            } else for (int i = 0; i < n; i++) accArr[oo + i * io] += a[oa + i * ia];
        } : (oa, ia, oo, io, n, accArr) -> {
            if (op == ReduceOp.SUM) for (int i = 0; i < n; i++) accArr[oo + i * io] += a[oa + i * ia];
            else for (int i = 0; i < n; i++) accArr[oo + i * io] = Math.max(accArr[oo + i * io], a[oa + i * ia]);
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
            if (keptShape[d] == 1) accStrides[d] = 0;
        }
        double[] acc = new double[size];
        if (op == ReduceOp.MAX) Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        int ia = Rows.inner(sa.strides()), io = Rows.inner(accStrides);
        Rows.forEach(sa.shape(), sa.offset(), sa.strides(), 0, accStrides, 0, accStrides,
                (oa, oo, unused, n) -> body.row(oa, ia, oo, io, n, acc));
        return acc;
    }

    /**
     * Index of the largest element along {@code dim} for every position of the other dimensions,
     * in row-major order of those dimensions. Ties go to the first index; NaN counts as largest, as in
     * PyTorch.
     */
    public static int[] argmax(float[] a, Strided sa, int dim) {
        Strided p = moveToLast(sa, dim);
        int[] res = new int[sa.size() / Math.max(1, sa.shape()[dim])];
        int[] r = {0};
        int ia = Rows.inner(p.strides());
        Rows.forEach(p.shape(), p.offset(), p.strides(), 0, p.strides(), 0, p.strides(), (oa, u1, u2, n) -> {
            int best = 0;
            float bv = a[oa];
            for (int i = 1; i < n && bv == bv; i++) {
                float v = a[oa + i * ia];
                if (v > bv || v != v) { bv = v; best = i; }
            }
            res[r[0]++] = best;
        });
        return res;
    }

    public static int[] argmax(double[] a, Strided sa, int dim) {
        Strided p = moveToLast(sa, dim);
        int[] res = new int[sa.size() / Math.max(1, sa.shape()[dim])];
        int[] r = {0};
        int ia = Rows.inner(p.strides());
        Rows.forEach(p.shape(), p.offset(), p.strides(), 0, p.strides(), 0, p.strides(), (oa, u1, u2, n) -> {
            int best = 0;
            double bv = a[oa];
            for (int i = 1; i < n && bv == bv; i++) {
                double v = a[oa + i * ia];
                if (v > bv || v != v) { bv = v; best = i; }
            }
            res[r[0]++] = best;
        });
        return res;
    }

    private static Strided moveToLast(Strided s, int dim) {
        int rank = s.shape().length;
        int[] shape = new int[rank], strides = new int[rank];
        for (int d = 0, j = 0; d < rank; d++) {
            if (d == dim) continue;
            shape[j] = s.shape()[d];
            strides[j++] = s.strides()[d];
        }
        shape[rank - 1] = s.shape()[dim];
        strides[rank - 1] = s.strides()[dim];
        return new Strided(s.offset(), shape, strides);
    }
}
