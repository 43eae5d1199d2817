package dev.jgrad.examples.learn;

import dev.jgrad.examples.mnist.OptimizerSpec;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.SgdOptions;

import java.util.Arrays;
import java.util.List;

/**
 * The optimizers the trajectory pictures compare, each a fixed configuration of SGD, Adam or AdamW
 * that differs from its neighbour in one idea: momentum, Nesterov's look-ahead, adaptive scaling,
 * AMSGrad's running maximum, and the two ways of adding weight decay to Adam.
 */
public enum Method {
    SGD("sgd", "SGD"),
    MOMENTUM("momentum", "SGD, momentum 0.9"),
    NESTEROV("nesterov", "SGD, Nesterov 0.9"),
    ADAM("adam", "Adam"),
    AMSGRAD("amsgrad", "AMSGrad"),
    ADAM_L2("adam-l2", "Adam + L2"),
    ADAMW("adamw", "AdamW"),
    /** θ ← θ − H⁻¹∇f: the minimum of the local quadratic model, one step on a quadratic. Not an optimizer of jgrad.optim. */
    NEWTON("newton", "Newton"),
    /** θ ← θ − ½·H⁻¹∇f: half of Newton's step, so the path to the model's stationary point is visible. */
    DAMPED_NEWTON("damped-newton", "damped Newton (½ step)");

    /** The fraction of Newton's step that {@link #DAMPED_NEWTON} takes. */
    public static final double DAMPING = 0.5;

    private final String id;
    private final String label;

    Method(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The command-line name, e.g. {@code adam-l2}. */
    public String id() {
        return id;
    }

    /** The legend's name. */
    public String label() {
        return label;
    }

    /** Whether the rate is an SGD rate (a multiple of the gradient) rather than an Adam step size. */
    public boolean isSgd() {
        return this == SGD || this == MOMENTUM || this == NESTEROV;
    }

    /** Whether {@code weightDecay} means anything for this method. */
    public boolean decays() {
        return this == ADAM_L2 || this == ADAMW;
    }

    /** Whether this is a Newton method (curvature from the Hessian by autograd, no rate, no optimizer). */
    public boolean isNewton() {
        return this == NEWTON || this == DAMPED_NEWTON;
    }

    /** The configuration with learning rate {@code lr} and, for Adam + L2 and AdamW, weight decay λ. */
    public OptimizerSpec config(double lr, double weightDecay) {
        AdamOptions adam = AdamOptions.defaults().withLr(lr);
        return switch (this) {
            case NEWTON, DAMPED_NEWTON -> throw new IllegalStateException(id + " is not an optimizer of jgrad.optim: "
                    + "Trajectories steps it itself");
            case SGD -> OptimizerSpec.from("SGD", SgdOptions.of(lr));
            case MOMENTUM -> OptimizerSpec.from("SGD", SgdOptions.of(lr).withMomentum(0.9));
            case NESTEROV -> OptimizerSpec.from("SGD", SgdOptions.of(lr).withMomentum(0.9).withNesterov(true));
            case ADAM -> OptimizerSpec.from("Adam", adam);
            case AMSGRAD -> OptimizerSpec.from("Adam", adam.withAmsgrad(true));
            case ADAM_L2 -> OptimizerSpec.from("Adam", adam.withWeightDecay(weightDecay));
            case ADAMW -> OptimizerSpec.from("AdamW", adam.withWeightDecay(weightDecay));
        };
    }

    /** The method named {@code id} (case-insensitive). */
    public static Method byId(String id) {
        for (Method m : values()) {
            if (m.id.equalsIgnoreCase(id.trim())) return m;
        }
        throw new IllegalArgumentException("unknown optimizer '" + id + "' (valid: " + String.join(", ", ids()) + ")");
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Method::id).toList();
    }
}
