package dev.jgrad.ops;

import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

/**
 * log-sum-exp, softmax and log-softmax, composed from primitives so their gradients come for free.
 * Stability: each subtracts the row maximum m before exponentiating, so exp never overflows; m is
 * detached because the result does not depend on it mathematically (its gradient would cancel).
 */
public final class Softmax {
    private Softmax() {}

    /**
     * log Σ exp(x) along {@code dim}, computed as m + log Σ exp(x − m). Over a dimension of size 0
     * the sum is empty: log 0 = −∞, as in PyTorch.
     */
    public static Tensor logsumexp(Tensor x, int dim, KeepDim keep) {
        Tensor m = shift(x, dim);
        Tensor out = x.sub(m).exp().sum(dim, KeepDim.KEEP).log().add(m);
        return keep == KeepDim.KEEP ? out : out.squeeze(dim);
    }

    /** exp(x − m) / Σ exp(x − m) along {@code dim}. */
    public static Tensor softmax(Tensor x, int dim) {
        Tensor e = x.sub(shift(x, dim)).exp();
        return e.div(e.sum(dim, KeepDim.KEEP));
    }

    /** x − logsumexp(x) along {@code dim}: never takes the log of a rounded-to-zero probability. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.sub(logsumexp(x, dim, KeepDim.KEEP));
    }

    /**
     * The detached row maximum m to subtract. An empty tensor has no maximum (and no row whose
     * exponentials could overflow): it is shifted by 0, so softmax of it is empty and logsumexp over
     * an empty dimension is −∞.
     */
    private static Tensor shift(Tensor x, int dim) {
        if (x.numel() == 0) {
            int[] kept = x.shape();
            if (kept.length > 0) kept[Shape.dim("softmax", dim, kept.length)] = 1;
            return Tensor.zeros(x.dtype(), kept);
        }
        return finiteOrZero(x.amax(dim, KeepDim.KEEP).detach());
    }

    /** A row of all −∞ has maximum −∞, and x − m would be NaN; shifting by 0 keeps the answer (−∞). */
    private static Tensor finiteOrZero(Tensor m) {
        double[] v = m.toDoubleArray();
        boolean allFinite = true;
        for (double d : v) allFinite &= Double.isFinite(d);
        if (allFinite) return m;
        for (int i = 0; i < v.length; i++) if (!Double.isFinite(v[i])) v[i] = 0;
        return Tensor.of(v, m.dtype(), m.shape());
    }
}
