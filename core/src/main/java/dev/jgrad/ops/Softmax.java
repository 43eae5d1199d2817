package dev.jgrad.ops;

import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

/**
 * log-sum-exp, softmax and log-softmax, composed from primitives so their gradients come for free.
 * Stability: each subtracts the row maximum m before exponentiating, so exp never overflows; m is
 * detached because the result does not depend on it mathematically (its gradient would cancel).
 * Over an empty dimension there is no maximum and the shift is 0, which gives PyTorch's answers:
 * log Σ over nothing is log 0 = −∞, and softmax of an empty row is empty.
 */
public final class Softmax {
    private Softmax() {}

    /**
     * log Σ exp(x) along {@code dim}, computed as m + log Σ exp(x − m). Over a dimension of size 0
     * the sum is empty: log 0 = −∞, as in PyTorch.
     */
    public static Tensor logsumexp(Tensor x, int dim, KeepDim keep) {
        Tensor m = shift("logsumexp", x, dim);
        Tensor out = x.sub(m).exp().sum(dim, KeepDim.KEEP).log().add(m);
        return keep == KeepDim.KEEP ? out : out.squeeze(dim);
    }

    /** exp(x − m) / Σ exp(x − m) along {@code dim}. */
    public static Tensor softmax(Tensor x, int dim) {
        Tensor e = x.sub(shift("softmax", x, dim)).exp();
        return e.div(e.sum(dim, KeepDim.KEEP));
    }

    /** x − logsumexp(x) along {@code dim}: never takes the log of a rounded-to-zero probability. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.sub(logsumexp(x, dim, KeepDim.KEEP));
    }

    /** The detached row maxima to subtract, kept as a dimension of size 1; zeros over an empty dimension. */
    private static Tensor shift(String op, Tensor x, int dim) {
        int d = x.dim() == 0 ? 0 : Shape.dim(op, dim, x.dim());
        if (x.dim() > 0 && x.size(d) == 0) {
            int[] kept = x.shape();
            kept[d] = 1;
            return Tensor.zeros(x.dtype(), kept);
        }
        return finiteOrZero(x.amax(dim, KeepDim.KEEP).detach());
    }

    /** A row of all −∞ has maximum −∞, and x − m would be NaN; shifting by 0 keeps the answer (−∞). */
    private static Tensor finiteOrZero(Tensor m) {
        double[] v = m.toDoubleArray();
        boolean allFinite = true;
        for (double d : v) {
            allFinite &= Double.isFinite(d);
        }
        if (allFinite) {
            return m;
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                v[i] = 0;
            }
        }
        return Tensor.of(v, m.dtype(), m.shape());
    }
}
