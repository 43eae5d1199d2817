package dev.jgrad.ops;

import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Tensor;

/**
 * log-sum-exp, softmax and log-softmax, composed from primitives so their gradients come for free.
 * Stability: each subtracts the row maximum m before exponentiating, so exp never overflows; m is
 * detached because the result does not depend on it mathematically (its gradient would cancel).
 */
public final class Softmax {
    private Softmax() {}

    /** log Σ exp(x) along {@code dim}, computed as m + log Σ exp(x − m). */
    public static Tensor logsumexp(Tensor x, int dim, KeepDim keep) {
        Tensor m = finiteOrZero(x.amax(dim, KeepDim.KEEP).detach());
        Tensor out = x.sub(m).exp().sum(dim, KeepDim.KEEP).log().add(m);
        return keep == KeepDim.KEEP ? out : out.squeeze(dim);
    }

    /** exp(x − m) / Σ exp(x − m) along {@code dim}. */
    public static Tensor softmax(Tensor x, int dim) {
        Tensor e = x.sub(finiteOrZero(x.amax(dim, KeepDim.KEEP).detach())).exp();
        return e.div(e.sum(dim, KeepDim.KEEP));
    }

    /** x − logsumexp(x) along {@code dim}: never takes the log of a rounded-to-zero probability. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.sub(logsumexp(x, dim, KeepDim.KEEP));
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
