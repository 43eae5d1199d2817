package dev.jgrad.ops;

import dev.jgrad.kernel.BinaryOp;
import dev.jgrad.kernel.Fused;
import dev.jgrad.kernel.Gemm;
import dev.jgrad.kernel.Pointwise;
import dev.jgrad.kernel.Reductions;
import dev.jgrad.kernel.Strided;
import dev.jgrad.kernel.UnaryOp;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

/**
 * The one place where ops meet kernels: picks the float or double loop, allocates the output and
 * expresses broadcasting as stride-0 layouts. Ops above it only speak tensors.
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
        Strided so = out.layout();
        if (f32(a)) Pointwise.unary(op, p, q, a.storage().f32(), a.layout(), out.storage().f32(), so);
        else Pointwise.unary(op, p, q, a.storage().f64(), a.layout(), out.storage().f64(), so);
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
        if (f32(out)) Pointwise.binary(op, a.storage().f32(), sa, b.storage().f32(), sb, out.storage().f32(), so);
        else Pointwise.binary(op, a.storage().f64(), sa, b.storage().f64(), sb, out.storage().f64(), so);
    }

    static void unaryInto(UnaryOp op, double p, double q, Tensor a, Tensor out) {
        Strided sa = broadcastLayout(a, out.shape()), so = out.layout();
        if (f32(out)) Pointwise.unary(op, p, q, a.storage().f32(), sa, out.storage().f32(), so);
        else Pointwise.unary(op, p, q, a.storage().f64(), sa, out.storage().f64(), so);
    }

    /** Copies {@code src} broadcast to {@code dst}'s shape, converting the dtype if they differ. */
    static void copyInto(Tensor src, Tensor dst) {
        Strided ss = broadcastLayout(src, dst.shape()), sd = dst.layout();
        if (f32(src) && f32(dst)) Pointwise.copy(src.storage().f32(), ss, dst.storage().f32(), sd);
        else if (f32(src)) Pointwise.copy(src.storage().f32(), ss, dst.storage().f64(), sd);
        else if (f32(dst)) Pointwise.copy(src.storage().f64(), ss, dst.storage().f32(), sd);
        else Pointwise.copy(src.storage().f64(), ss, dst.storage().f64(), sd);
    }

    /** Reduces to {@code keptShape} (same rank, 1 where reduced), dense. */
    static Tensor reduce(Reductions.ReduceOp op, Tensor a, int[] keptShape) {
        Tensor out = Tensor.zeros(a.dtype(), keptShape);
        if (f32(a)) Reductions.reduce(op, a.storage().f32(), a.layout(), keptShape, out.storage().f32());
        else Reductions.reduce(op, a.storage().f64(), a.layout(), keptShape, out.storage().f64());
        return out;
    }

    /** out[m×n] = a[m×k]·b[k×n] for rank-2 tensors with any strides; out dense, offset {@code cOff}. */
    static void gemm(Tensor a, Tensor b, Tensor out, int cOff) {
        int m = a.size(0), k = a.size(1), n = b.size(1);
        int[] as = a.strides(), bs = b.strides();
        if (f32(a)) {
            Gemm.gemm(m, n, k, a.storage().f32(), a.offset(), as[0], as[1],
                    b.storage().f32(), b.offset(), bs[0], bs[1], out.storage().f32(), cOff, Gemm.Output.OVERWRITE);
        } else {
            Gemm.gemm(m, n, k, a.storage().f64(), a.offset(), as[0], as[1],
                    b.storage().f64(), b.offset(), bs[0], bs[1], out.storage().f64(), cOff, Gemm.Output.OVERWRITE);
        }
    }

    /**
     * out[m×n] = x[m×k]·Wᵀ + b (then max(·, 0) with {@code relu}) for rank-2 x, W [n×k] with any
     * strides and b [n] or null; out dense.
     */
    static void linear(Tensor x, Tensor w, Tensor b, Tensor out, boolean relu) {
        int m = x.size(0), k = x.size(1), n = w.size(0);
        int[] xs = x.strides(), ws = w.strides();
        Tensor bias = b == null || b.isContiguous() ? b : b.contiguous();
        if (f32(x)) {
            Fused.linear(m, n, k, x.storage().f32(), x.offset(), xs[0], xs[1], w.storage().f32(), w.offset(), ws[0], ws[1],
                    bias == null ? null : bias.storage().f32(), bias == null ? 0 : bias.offset(), out.storage().f32(), 0, relu);
        } else {
            Fused.linear(m, n, k, x.storage().f64(), x.offset(), xs[0], xs[1], w.storage().f64(), w.offset(), ws[0], ws[1],
                    bias == null ? null : bias.storage().f64(), bias == null ? 0 : bias.offset(), out.storage().f64(), 0, relu);
        }
    }

    /**
     * g where y &gt; 0, else 0 (ReLU's backward from its output y), as a new dense tensor: one fused pass
     * when both are dense, else {@code g·[y > 0]} with the pointwise kernels (the same values, except
     * that an infinite or NaN g gives 0 rather than NaN where y ≤ 0, as in PyTorch).
     */
    static Tensor reluBackward(Tensor g, Tensor y) {
        if (!g.isContiguous() || !y.isContiguous() || g.dtype() != y.dtype() || !java.util.Arrays.equals(g.shape(), y.shape())) {
            return g.mul(y.gt(0));
        }
        Tensor out = Tensor.zeros(g.dtype(), g.shape());
        if (f32(g)) Fused.reluBackward(g.numel(), g.storage().f32(), g.offset(), y.storage().f32(), y.offset(), out.storage().f32(), 0);
        else Fused.reluBackward(g.numel(), g.storage().f64(), g.offset(), y.storage().f64(), y.offset(), out.storage().f64(), 0);
        return out;
    }
}
