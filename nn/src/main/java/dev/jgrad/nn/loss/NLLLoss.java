package dev.jgrad.nn.loss;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Objects;

/**
 * Negative log-likelihood of log-probabilities against class indices, PyTorch's {@code nn.NLLLoss}:
 * loss = −input[y] per row. Pair it with {@code logSoftmax}; {@link CrossEntropyLoss} does both
 * in one stable op. Rows whose target equals {@code ignoreIndex} contribute nothing, and a mean
 * divides by the rows that are not ignored.
 *
 * <p>Implemented as its own op rather than a gather times a mask: the mask would multiply the
 * placeholder entries of ignored rows by 0, and a log-probability of −∞ there would give NaN.
 */
public record NLLLoss(Reduction reduction, int ignoreIndex) implements Loss {
    public NLLLoss {
        Objects.requireNonNull(reduction, "reduction");
    }

    /** Mean reduction, ignore index −100: PyTorch's defaults. */
    public NLLLoss() {
        this(Reduction.MEAN, CrossEntropyLoss.DEFAULT_IGNORE_INDEX);
    }

    public NLLLoss withReduction(Reduction r) {
        return new NLLLoss(r, ignoreIndex);
    }

    public NLLLoss withIgnoreIndex(int index) {
        return new NLLLoss(reduction, index);
    }

    /** The loss of {@code logProbs} ({@code [N, C]} or {@code [C]}) against one class index per row. */
    public Tensor apply(Tensor logProbs, int... target) {
        return nll(logProbs, ClassTargets.of("NLLLoss", logProbs, target, ignoreIndex));
    }

    @Override
    public Tensor apply(Tensor logProbs, Tensor target) {
        return nll(logProbs, ClassTargets.of("NLLLoss", logProbs, target, ignoreIndex));
    }

    private Tensor nll(Tensor logProbs, ClassTargets t) {
        double[] x = logProbs.toDoubleArray();
        int c = t.classCount();
        double[] rowLoss = new double[t.rows()];
        for (int i = 0; i < t.rows(); i++) {
            if (!t.ignored(i)) {
                rowLoss[i] = -x[i * c + t.classes()[i]];
            }
        }
        Tensor out = RowReduction.output(rowLoss, t, reduction, logProbs.dtype());
        return Autograd.record("nllLoss", out, List.of(), Edge.of(logProbs, g -> {
            if (Autograd.isGradEnabled()) {
                return recordedBackward(g, t, logProbs);
            }
            double[] w = RowReduction.rowWeights(g, t, reduction);
            double[] dx = new double[x.length];
            for (int i = 0; i < t.rows(); i++) {
                if (!t.ignored(i)) {
                    dx[i * c + t.classes()[i]] = -w[i];
                }
            }
            return Tensor.of(dx, logProbs.dtype(), logProbs.shape());
        }));
    }

    /**
     * The same gradient made of ops, for a backward pass that is itself recorded ({@code CreateGraph.YES}):
     * −[k = yᵢ]·g (per row for {@code NONE}), divided by the kept rows for {@code MEAN}; linear in g,
     * so forward mode (a vjp of this vjp) sees it.
     */
    private Tensor recordedBackward(Tensor g, ClassTargets t, Tensor logProbs) {
        int c = t.classCount();
        double[] mask = new double[logProbs.numel()];
        for (int i = 0; i < t.rows(); i++) {
            if (!t.ignored(i)) {
                mask[i * c + t.classes()[i]] = -1;
            }
        }
        Tensor m = Tensor.of(mask, logProbs.dtype(), logProbs.shape());
        Tensor perRow = reduction == Reduction.NONE && t.batched() ? g.unsqueeze(1) : g;
        Tensor dx = m.mul(perRow);
        return reduction == Reduction.MEAN ? dx.div(t.keptRows()) : dx;
    }
}
