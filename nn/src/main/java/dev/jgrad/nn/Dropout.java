package dev.jgrad.nn;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.util.Objects;

/**
 * Inverted dropout (PyTorch's {@code nn.Dropout}): in training each element is zeroed with
 * probability p and the survivors are scaled by 1/(1 − p), so the expected output equals the input
 * and evaluation is the identity. The mask comes from the explicit {@link Generator}, so a seeded
 * run drops the same elements every time.
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator gen;

    public Dropout(double p, Generator gen) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.gen = Objects.requireNonNull(gen, "gen");
    }

    @Override
    public Tensor forward(Tensor x) {
        if (mode() == Mode.EVAL || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        Tensor keep = Tensor.uniform(gen, 0, 1, x.dtype(), x.shape()).ge(Tensor.scalar(p, x.dtype()));
        return x.mul(keep.to(x.dtype()).mul(1 / (1 - p)));
    }

    public double p() {
        return p;
    }

    /** The generator the masks are drawn from (its state is part of a resumable run, see {@link Generator#setState}). */
    public Generator generator() {
        return gen;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p + ", inplace=False";
    }
}
