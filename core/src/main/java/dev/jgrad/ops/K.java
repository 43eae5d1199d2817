package dev.jgrad.ops;

import dev.jgrad.kernel.Backend;
import dev.jgrad.kernel.BinaryOp;
import dev.jgrad.kernel.Kernels;
import dev.jgrad.kernel.Strided;
import dev.jgrad.kernel.UnaryOp;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;

/**
 * The one door from ops and tensors to the kernels: takes the {@link Kernels#backend()} once per
 * call, picks its float or double loop, allocates the output and expresses broadcasting as stride-0
 * layouts. Ops above it only speak tensors.
 */
final class K {
    private K() {}

    static void sameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtype mismatch: " + a.dtype() + " and " + b.dtype()
                    + " (convert one with to(DType))");
        }
    }

    static boolean f32(Tensor t) {
        return t.dtype() == DType.FLOAT32;
    }

    /** {@code t}'s layout seen as {@code shape}: missing leading dims and size-1 dims get stride 0. */
    static Strided broadcastLayout(Tensor t, int[] shape) {
        int[] ts = t.shape(), tst = t.strides();
        int[] strides = new int[shape.length];
        int lead = shape.length - ts.length;
        for (int d = 0; d < ts.length; d++) {
            strides[lead + d] = ts[d] == 1 && shape[lead + d] != 1 ? 0 : tst[d];
        }
        return new Strided(t.offset(), shape, strides);
    }

    static Tensor unary(UnaryOp op, double p, double q, Tensor a) {
        Tensor out = Tensor.zeros(a.dtype(), a.shape());
        unaryInto(op, p, q, a, out);
        return out;
    }

    static Tensor binary(BinaryOp op, String name, Tensor a, Tensor b) {
        sameDtype(name, a, b);
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        Tensor out = Tensor.zeros(a.dtype(), shape);
        binaryInto(op, a, b, out);
        return out;
    }

    /** {@code out = a op b} with a and b broadcast to out's shape; out may be strided (in place). */
    static void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shape();
        Strided sa = broadcastLayout(a, shape), sb = broadcastLayout(b, shape), so = out.layout();
        Backend k = Kernels.backend();
        if (f32(out)) {
            k.binary(op, a.storage().f32(), sa, b.storage().f32(), sb, out.storage().f32(), so);
        } else {
            k.binary(op, a.storage().f64(), sa, b.storage().f64(), sb, out.storage().f64(), so);
        }
    }

    static void unaryInto(UnaryOp op, double p, double q, Tensor a, Tensor out) {
        Strided sa = broadcastLayout(a, out.shape()), so = out.layout();
        Backend k = Kernels.backend();
        if (f32(out)) {
            k.unary(op, p, q, a.storage().f32(), sa, out.storage().f32(), so);
        } else {
            k.unary(op, p, q, a.storage().f64(), sa, out.storage().f64(), so);
        }
    }

    /** Copies {@code src} broadcast to {@code dst}'s shape, converting the dtype if they differ. */
    static void copyInto(Tensor src, Tensor dst) {
        Strided ss = broadcastLayout(src, dst.shape()), sd = dst.layout();
        Backend k = Kernels.backend();
        if (f32(src) && f32(dst)) {
            k.copy(src.storage().f32(), ss, dst.storage().f32(), sd);
        } else if (f32(src)) {
            k.copy(src.storage().f32(), ss, dst.storage().f64(), sd);
        } else if (f32(dst)) {
            k.copy(src.storage().f64(), ss, dst.storage().f32(), sd);
        } else {
            k.copy(src.storage().f64(), ss, dst.storage().f64(), sd);
        }
    }

    /** {@code t}'s values in row-major order into {@code dst} (length = numel). */
    static void copyOut(Tensor t, float[] dst) {
        Strided sd = Strided.dense(t.shape());
        if (f32(t)) {
            Kernels.backend().copy(t.storage().f32(), t.layout(), dst, sd);
        } else {
            Kernels.backend().copy(t.storage().f64(), t.layout(), dst, sd);
        }
    }

    static void copyOut(Tensor t, double[] dst) {
        Strided sd = Strided.dense(t.shape());
        if (f32(t)) {
            Kernels.backend().copy(t.storage().f32(), t.layout(), dst, sd);
        } else {
            Kernels.backend().copy(t.storage().f64(), t.layout(), dst, sd);
        }
    }

    /** Row-major values from {@code src[offset ..]} (numel of them) into {@code t}'s elements. */
    static void copyIn(float[] src, int offset, Tensor t) {
        Strided ss = new Strided(offset, t.shape(), Strided.denseStrides(t.shape()));
        if (f32(t)) {
            Kernels.backend().copy(src, ss, t.storage().f32(), t.layout());
        } else {
            Kernels.backend().copy(src, ss, t.storage().f64(), t.layout());
        }
    }

    /** Row-major values from {@code src[offset ..]} (numel of them) into {@code t}'s elements. */
    static void copyIn(double[] src, int offset, Tensor t) {
        Strided ss = new Strided(offset, t.shape(), Strided.denseStrides(t.shape()));
        if (f32(t)) {
            Kernels.backend().copy(src, ss, t.storage().f32(), t.layout());
        } else {
            Kernels.backend().copy(src, ss, t.storage().f64(), t.layout());
        }
    }

    /** Reduces to {@code keptShape} (same rank, 1 where reduced), dense. */
    static Tensor reduce(Backend.ReduceOp op, Tensor a, int[] keptShape) {
        Tensor out = Tensor.zeros(a.dtype(), keptShape);
        if (f32(a)) {
            Kernels.backend().reduce(op, a.storage().f32(), a.layout(), keptShape, out.storage().f32());
        } else {
            Kernels.backend().reduce(op, a.storage().f64(), a.layout(), keptShape, out.storage().f64());
        }
        return out;
    }

    static int[] argmax(Tensor a, int dim) {
        return f32(a) ? Kernels.backend().argmax(a.storage().f32(), a.layout(), dim)
                : Kernels.backend().argmax(a.storage().f64(), a.layout(), dim);
    }

    /** A tensor of {@code shape} with the elements of {@code a} along {@code dim} picked by {@code idx}. */
    static Tensor gather(Tensor a, int dim, int[] idx, int[] shape) {
        Tensor out = Tensor.zeros(a.dtype(), shape);
        if (f32(a)) {
            Kernels.backend().gather(a.storage().f32(), a.layout(), dim, idx, shape, out.storage().f32());
        } else {
            Kernels.backend().gather(a.storage().f64(), a.layout(), dim, idx, shape, out.storage().f64());
        }
        return out;
    }

    /** Zeros of {@code shape} with the dense {@code g} added at the gathered positions. */
    static Tensor scatterAdd(Tensor g, int dim, int[] idx, int[] shape) {
        Tensor z = Tensor.zeros(g.dtype(), shape);
        Tensor gd = g.offset() == 0 && g.isContiguous() && g.storage().length() == g.numel() ? g : g.copy();
        if (f32(gd)) {
            Kernels.backend().scatterAdd(gd.storage().f32(), idx, g.shape(), dim, z.storage().f32(), z.layout());
        } else {
            Kernels.backend().scatterAdd(gd.storage().f64(), idx, g.shape(), dim, z.storage().f64(), z.layout());
        }
        return z;
    }

    /** out[m×n] = a[m×k]·b[k×n] for rank-2 tensors with any strides; out dense, offset {@code cOff}. */
    static void gemm(Tensor a, Tensor b, Tensor out, int cOff) {
        gemm(a, b, out, cOff, Backend.Output.OVERWRITE);
    }

    static void gemm(Tensor a, Tensor b, Tensor out, int cOff, Backend.Output mode) {
        int m = a.size(0), k = a.size(1), n = b.size(1);
        int[] as = a.strides(), bs = b.strides();
        Backend kb = Kernels.backend();
        if (f32(a)) {
            kb.gemm(m, n, k, a.storage().f32(), a.offset(), as[0], as[1],
                    b.storage().f32(), b.offset(), bs[0], bs[1], out.storage().f32(), cOff, mode);
        } else {
            kb.gemm(m, n, k, a.storage().f64(), a.offset(), as[0], as[1],
                    b.storage().f64(), b.offset(), bs[0], bs[1], out.storage().f64(), cOff, mode);
        }
    }

    /**
     * out[m×n] = x[m×k]·Wᵀ + b for rank-2 x, W [n×k] with any strides and b [n] or null; out dense.
     * The bias, copied into every row, is the starting value of each sum: one product.
     */
    static void linear(Tensor x, Tensor w, Tensor b, Tensor out) {
        if (b != null) {
            copyInto(b, out);
        }
        gemm(x, w.t(), out, 0, b != null ? Backend.Output.ACCUMULATE : Backend.Output.OVERWRITE);
    }

    /**
     * g where y &gt; 0, else 0 (ReLU's backward from its output y), as a new dense tensor: one pass
     * when both are dense, else {@code g·[y > 0]} with the pointwise kernels (the same values, except
     * that an infinite or NaN g gives 0 rather than NaN where y ≤ 0, as in PyTorch).
     */
    static Tensor reluBackward(Tensor g, Tensor y) {
        if (!g.isContiguous() || !y.isContiguous() || g.dtype() != y.dtype() || !Arrays.equals(g.shape(), y.shape())) {
            return g.mul(y.gt(0));
        }
        Tensor out = Tensor.zeros(g.dtype(), g.shape());
        Backend k = Kernels.backend();
        int n = g.numel();
        if (f32(g)) {
            k.reluBackward(n, g.storage().f32(), g.offset(), y.storage().f32(), y.offset(), out.storage().f32(), 0);
        } else {
            k.reluBackward(n, g.storage().f64(), g.offset(), y.storage().f64(), y.offset(), out.storage().f64(), 0);
        }
        return out;
    }

    /** Cross-entropy's forward over dense rows of z (see {@link Backend#crossEntropy}). */
    static void crossEntropy(Tensor z, int rows, int[] target, int ignore, double smoothing, double[] loss,
                             double[] stats) {
        int c = z.size(-1);
        Backend k = Kernels.backend();
        if (f32(z)) {
            k.crossEntropy(rows, c, z.storage().f32(), z.offset(), target, ignore, smoothing, loss, stats);
        } else {
            k.crossEntropy(rows, c, z.storage().f64(), z.offset(), target, ignore, smoothing, loss, stats);
        }
    }

    /** Cross-entropy's backward as a new tensor in z's dtype and shape ({@link Backend#crossEntropyBackward}). */
    static Tensor crossEntropyBackward(Tensor z, int rows, int[] target, int ignore, double smoothing, double[] stats,
                                       double[] w) {
        Tensor dz = Tensor.zeros(z.dtype(), z.shape());
        int c = z.size(-1);
        Backend k = Kernels.backend();
        if (f32(z)) {
            float[] out = dz.storage().f32();
            k.crossEntropyBackward(rows, c, z.storage().f32(), z.offset(), target, ignore, smoothing, stats, w, out);
        } else {
            double[] out = dz.storage().f64();
            k.crossEntropyBackward(rows, c, z.storage().f64(), z.offset(), target, ignore, smoothing, stats, w, out);
        }
        return dz;
    }
}
