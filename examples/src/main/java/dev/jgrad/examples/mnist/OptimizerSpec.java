package dev.jgrad.examples.mnist;

import dev.jgrad.optim.Adam;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which optimizer to train with and its hyper-parameters, with PyTorch's names and defaults.
 * Fields that do not apply to the chosen optimizer (betas and eps for SGD, momentum and Nesterov
 * for the Adam family) are ignored.
 *
 * @param kind AdamW (default), Adam or SGD
 * @param lr learning rate
 * @param beta1 Adam's β₁
 * @param beta2 Adam's β₂
 * @param eps Adam's ε
 * @param weightDecay λ: decoupled for AdamW, an L2 term in the gradient for Adam and SGD
 * @param momentum SGD's momentum μ
 * @param nesterov SGD's Nesterov momentum
 */
public record OptimizerSpec(Kind kind, double lr, double beta1, double beta2, double eps, double weightDecay,
                            double momentum, boolean nesterov) {
    /** The optimizer family. */
    public enum Kind {
        ADAMW, ADAM, SGD;

        /** The command-line spelling: {@code adamw}, {@code adam} or {@code sgd}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the values as the optimizers themselves would, so a bad spec fails before training. */
    public OptimizerSpec {
        Objects.requireNonNull(kind, "kind");
        build(List.of(Tensor.zeros(1).requiresGrad(true)), kind, lr, beta1, beta2, eps, weightDecay, momentum, nesterov);
    }

    /** PyTorch's AdamW defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static OptimizerSpec adamW() {
        return defaults(Kind.ADAMW);
    }

    /**
     * The defaults of {@code kind}: PyTorch's for AdamW and Adam (weight decay 0.01 and 0); for SGD,
     * which has no default learning rate in PyTorch, lr 0.01 without momentum.
     */
    public static OptimizerSpec defaults(Kind kind) {
        return switch (kind) {
            case ADAMW -> new OptimizerSpec(kind, 1e-3, 0.9, 0.999, 1e-8, 1e-2, 0, false);
            case ADAM -> new OptimizerSpec(kind, 1e-3, 0.9, 0.999, 1e-8, 0, 0, false);
            case SGD -> new OptimizerSpec(kind, 1e-2, 0.9, 0.999, 1e-8, 0, 0, false);
        };
    }

    public OptimizerSpec withLr(double lr) {
        return new OptimizerSpec(kind, lr, beta1, beta2, eps, weightDecay, momentum, nesterov);
    }

    public OptimizerSpec withBetas(double beta1, double beta2) {
        return new OptimizerSpec(kind, lr, beta1, beta2, eps, weightDecay, momentum, nesterov);
    }

    public OptimizerSpec withEps(double eps) {
        return new OptimizerSpec(kind, lr, beta1, beta2, eps, weightDecay, momentum, nesterov);
    }

    public OptimizerSpec withWeightDecay(double weightDecay) {
        return new OptimizerSpec(kind, lr, beta1, beta2, eps, weightDecay, momentum, nesterov);
    }

    public OptimizerSpec withMomentum(double momentum, boolean nesterov) {
        return new OptimizerSpec(kind, lr, beta1, beta2, eps, weightDecay, momentum, nesterov);
    }

    /** A new optimizer over {@code params}, one parameter group. */
    public Optimizer<?> build(List<Tensor> params) {
        return build(params, kind, lr, beta1, beta2, eps, weightDecay, momentum, nesterov);
    }

    private static Optimizer<?> build(List<Tensor> params, Kind kind, double lr, double beta1, double beta2,
                                         double eps, double weightDecay, double momentum, boolean nesterov) {
        return switch (kind) {
            case ADAMW -> new AdamW(params, new AdamOptions(lr, beta1, beta2, eps, weightDecay, false, false));
            case ADAM -> new Adam(params, new AdamOptions(lr, beta1, beta2, eps, weightDecay, false, false));
            case SGD -> new SGD(params, new SgdOptions(lr, momentum, 0, weightDecay, nesterov, false));
        };
    }

    /** As PyTorch prints it, e.g. {@code AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)}. */
    @Override
    public String toString() {
        return switch (kind) {
            case ADAMW, ADAM -> (kind == Kind.ADAMW ? "AdamW" : "Adam") + "(lr=" + num(lr) + ", betas=(" + num(beta1)
                    + ", " + num(beta2) + "), eps=" + num(eps) + ", weight_decay=" + num(weightDecay) + ")";
            case SGD -> "SGD(lr=" + num(lr) + ", momentum=" + num(momentum) + ", nesterov="
                    + (nesterov ? "True" : "False") + ", weight_decay=" + num(weightDecay) + ")";
        };
    }

    /** Plain decimal, or PyTorch's {@code 1e-08} form below 1e-4. */
    static String num(double v) {
        if (v != 0 && Math.abs(v) < 1e-4) {
            String[] parts = String.format(Locale.ROOT, "%e", v).split("e");
            String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            return mantissa + "e" + parts[1];
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
