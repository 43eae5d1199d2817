package dev.jgrad.learn.train;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.optim.HessianFed;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * SophiaG's curvature estimate in training: the Gauss–Newton–Bartlett estimator of the authors' code, every
 * {@link #EVERY} steps (their k = 10), right after the step, on the same batch. Labels ŷ are sampled from the model's
 * own softmax, the mean cross-entropy at ŷ is differentiated, and its gradient ĝ goes to
 * {@link HessianFed#updateHessian()} (h ← β₂h + (1 − β₂)ĝ⊙ĝ; SophiaG's bs, the batch size B, turns that into
 * B·ĝ⊙ĝ in its step).
 *
 * <p>Why this estimator and not Hutchinson's (uᵀ∇²L·u through a Hessian-vector product): for a softmax
 * cross-entropy loss, E_ŷ[ĝĝᵀ] is exactly the Gauss–Newton matrix (Bartlett's second identity), which is positive
 * semi-definite, so the estimate is never negative and the clip never faces a negative curvature; it costs one
 * forward and one backward pass, where Hutchinson's needs a double backward and can come out negative (the
 * authors' SophiaH clips it at zero). GNB is what makes SophiaG "G"; it is what the recorded runs use.
 *
 * <p>The labels come from the run's generator, so a seed fixes the estimates too and a resumed run draws the same ones.
 */
public final class GaussNewtonBartlett {
    /** k: steps between estimates, as the authors' GPT-2 runs. */
    public static final int EVERY = 10;

    private static final CrossEntropyLoss MEAN_LOSS = new CrossEntropyLoss();

    private GaussNewtonBartlett() {}

    /**
     * After the optimizer step numbered {@code step} (0-based over the whole run): on steps k − 1, 2k − 1, ..., if an
     * optimizer takes a Hessian estimate, computes ĝ on batch {@code x} and hands it over; clears the gradients after.
     * Returns whether it did.
     */
    public static boolean afterStep(long step, List<Optimizer<?>> optimizers, Module model, Tensor x, Generator gen) {
        if (step % EVERY != EVERY - 1 || optimizers.stream().noneMatch(o -> o instanceof HessianFed)) {
            return false;
        }
        for (Optimizer<?> o : optimizers) {
            o.zeroGrad();
        }
        Tensor logits = model.forward(x);
        int[] sampled = sample(logits, gen);
        MEAN_LOSS.apply(logits, sampled).backward();                 // ĝ: the gradient at the model's own labels
        for (Optimizer<?> o : optimizers) {
            if (o instanceof HessianFed h) {
                h.updateHessian();
            }
            o.zeroGrad();
        }
        return true;
    }

    /** One label per row, drawn from softmax(row) by inverse transform sampling. */
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    static int[] sample(Tensor logits, Generator gen) {
        int rows = logits.shape()[0], classes = logits.shape()[1];
        double[] p;
        try (var noGrad = Autograd.noGrad()) {
            p = logits.softmax(1).toDoubleArray();
        }
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            double u = gen.nextDouble(), cumulative = 0;
            int c = 0;
            for (; c < classes - 1; c++) {
                cumulative += p[r * classes + c];
                if (u < cumulative) {
                    break;
                }
            }
            out[r] = c;
        }
        return out;
    }
}
