package dev.jgrad.examples.learn;

import dev.jgrad.optim.Adam;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.optim.WeightDecay;
import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One of jgrad's three optimizers with every option it has, so that a learning tool can run any
 * configuration. Options that the kind does not have are ignored (betas for SGD, momentum for Adam).
 *
 * @param kind        SGD, Adam or AdamW
 * @param sgd         SGD's options (lr, momentum, dampening, weight decay, nesterov, maximize)
 * @param adam        Adam's and AdamW's options (lr, betas, eps, weight decay, amsgrad, maximize)
 * @param paperDecay  AdamW only: decay by the schedule multiplier (the paper), not by lr (PyTorch)
 */
public record OptimizerConfig(Kind kind, SgdOptions sgd, AdamOptions adam, boolean paperDecay) {

    /** The optimizer families; the names are the command-line spellings. */
    public enum Kind {
        SGD, ADAM, ADAMW;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public OptimizerConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sgd, "sgd");
        Objects.requireNonNull(adam, "adam");
        if (paperDecay && kind != Kind.ADAMW) {
            throw new IllegalArgumentException("the paper's decay (schedule multiplier only) is an AdamW option");
        }
    }

    /** PyTorch's defaults for {@code kind} (SGD, which has no default rate there, gets lr 0.01). */
    public static OptimizerConfig defaults(Kind kind) {
        return new OptimizerConfig(kind, SgdOptions.of(0.01),
                kind == Kind.ADAMW ? AdamOptions.adamWDefaults() : AdamOptions.defaults(), false);
    }

    public static OptimizerConfig sgd(SgdOptions options) {
        return new OptimizerConfig(Kind.SGD, options, AdamOptions.defaults(), false);
    }

    public static OptimizerConfig adam(AdamOptions options) {
        return new OptimizerConfig(Kind.ADAM, SgdOptions.of(options.lr()), options, false);
    }

    public static OptimizerConfig adamW(AdamOptions options) {
        return new OptimizerConfig(Kind.ADAMW, SgdOptions.of(options.lr()), options, false);
    }

    public OptimizerConfig withPaperDecay(boolean paperDecay) {
        return new OptimizerConfig(kind, sgd, adam, paperDecay);
    }

    /** The learning rate of the chosen kind. */
    public double lr() {
        return kind == Kind.SGD ? sgd.lr() : adam.lr();
    }

    /** The weight decay λ of the chosen kind. */
    public double weightDecay() {
        return kind == Kind.SGD ? sgd.weightDecay() : adam.weightDecay();
    }

    /** How λ acts: coupled for SGD and Adam, decoupled for AdamW. */
    public WeightDecay decayMode() {
        return switch (kind) {
            case SGD, ADAM -> WeightDecay.COUPLED_L2;
            case ADAMW -> paperDecay ? WeightDecay.DECOUPLED_SCHEDULE_ONLY : WeightDecay.DECOUPLED;
        };
    }

    /** A new optimizer over {@code params}, one parameter group. */
    public Optimizer<?> build(List<Tensor> params) {
        return switch (kind) {
            case SGD -> new SGD(params, sgd);
            case ADAM -> new Adam(params, adam);
            case ADAMW -> new AdamW(params, adam, decayMode());
        };
    }

    /** As PyTorch prints the optimizer, e.g. {@code AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)}. */
    public String describe() {
        if (kind == Kind.SGD) {
            return "SGD(lr=" + num(sgd.lr()) + ", momentum=" + num(sgd.momentum()) + ", dampening=" + num(sgd.dampening())
                    + ", weight_decay=" + num(sgd.weightDecay()) + ", nesterov=" + py(sgd.nesterov())
                    + (sgd.maximize() ? ", maximize=True" : "") + ")";
        }
        return (kind == Kind.ADAM ? "Adam" : "AdamW") + "(lr=" + num(adam.lr()) + ", betas=(" + num(adam.beta1()) + ", "
                + num(adam.beta2()) + "), eps=" + num(adam.eps()) + ", weight_decay=" + num(adam.weightDecay())
                + (adam.amsgrad() ? ", amsgrad=True" : "") + (adam.maximize() ? ", maximize=True" : "")
                + (paperDecay ? ", decay=paper" : "") + ")";
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }

    /** Plain decimal, or Python's {@code 1e-08} form below 1e-4. */
    static String num(double v) {
        if (v != 0 && Math.abs(v) < 1e-4) {
            String[] parts = String.format(Locale.ROOT, "%e", v).split("e");
            String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
            return mantissa + "e" + parts[1];
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
