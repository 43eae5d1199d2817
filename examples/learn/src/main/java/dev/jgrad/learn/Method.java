package dev.jgrad.learn;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.OptimizerOptions;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.SgdOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The optimizers the trajectory pictures compare. The presets are fixed configurations of SGD, Adam or AdamW
 * that differ from their neighbour in one idea: momentum, Nesterov's look-ahead, adaptive scaling, AMSGrad's
 * running maximum, and the two ways of adding weight decay to Adam; then Newton's method, which is not an
 * optimizer of jgrad.optim. Any other optimizer of the {@link OptimizerRegistry} takes part by its name, with
 * its PyTorch defaults and the adaptive rate.
 */
public final class Method {
    /** How a method's rate is read: a multiple of the gradient (SGD), a step length (adaptive), or none (Newton). */
    private enum Rate { SGD, ADAPTIVE, NONE, OWN }

    public static final Method SGD = preset("sgd", "SGD", Rate.SGD, false, (lr, wd) -> OptimizerSpec.from("SGD", SgdOptions.of(lr)));
    public static final Method MOMENTUM = preset("momentum", "SGD, momentum 0.9", Rate.SGD, false,
            (lr, wd) -> OptimizerSpec.from("SGD", SgdOptions.of(lr).withMomentum(0.9)));
    public static final Method NESTEROV = preset("nesterov", "SGD, Nesterov 0.9", Rate.SGD, false,
            (lr, wd) -> OptimizerSpec.from("SGD", SgdOptions.of(lr).withMomentum(0.9).withNesterov(true)));
    public static final Method ADAM = preset("adam", "Adam", Rate.ADAPTIVE, false,
            (lr, wd) -> OptimizerSpec.from("Adam", AdamOptions.defaults().withLr(lr)));
    public static final Method AMSGRAD = preset("amsgrad", "AMSGrad", Rate.ADAPTIVE, false,
            (lr, wd) -> OptimizerSpec.from("Adam", AdamOptions.defaults().withLr(lr).withAmsgrad(true)));
    public static final Method ADAM_L2 = preset("adam-l2", "Adam + L2", Rate.ADAPTIVE, true,
            (lr, wd) -> OptimizerSpec.from("Adam", AdamOptions.defaults().withLr(lr).withWeightDecay(wd)));
    public static final Method ADAMW = preset("adamw", "AdamW", Rate.ADAPTIVE, true,
            (lr, wd) -> OptimizerSpec.from("AdamW", AdamOptions.defaults().withLr(lr).withWeightDecay(wd)));
    /** θ ← θ − H⁻¹∇f: the minimum of the local quadratic model, one step on a quadratic. Not an optimizer of jgrad.optim. */
    public static final Method NEWTON = preset("newton", "Newton", Rate.NONE, false, null);
    /** θ ← θ − ½·H⁻¹∇f: half of Newton's step, so the path to the model's stationary point is visible. */
    public static final Method DAMPED_NEWTON = preset("damped-newton", "damped Newton (½ step)", Rate.NONE, false, null);

    private static final List<Method> PRESETS = List.of(SGD, MOMENTUM, NESTEROV, ADAM, AMSGRAD, ADAM_L2, ADAMW, NEWTON,
            DAMPED_NEWTON);

    /** The fraction of Newton's step that {@link #DAMPED_NEWTON} takes. */
    public static final double DAMPING = 0.5;

    private final String id;
    private final String label;
    private final Rate rate;
    private final boolean decays;
    private final BiFunction<Double, Double, OptimizerSpec> config;

    private Method(String id, String label, Rate rate, boolean decays, BiFunction<Double, Double, OptimizerSpec> config) {
        this.id = id;
        this.label = label;
        this.rate = rate;
        this.decays = decays;
        this.config = config;
    }

    private static Method preset(String id, String label, Rate rate, boolean decays,
                                 BiFunction<Double, Double, OptimizerSpec> config) {
        return new Method(id, label, rate, decays, config);
    }

    /** A registered optimizer with its PyTorch defaults and the given rate. */
    static Method registered(String name) {
        OptimizerRegistry.Entry<?> entry = OptimizerRegistry.get(name);
        String pytorch = entry.name();
        Rate rate = switch (entry.lrScale()) {   // what the entry says its lr means
            case GRADIENT_MULTIPLE -> Rate.SGD;
            case OWN_DEFAULT -> Rate.OWN;
            case STEP_LENGTH -> Rate.ADAPTIVE;
        };
        return new Method(pytorch.toLowerCase(Locale.ROOT), pytorch, rate, false,
                (lr, wd) -> OptimizerSpec.of(pytorch).withLr(lr));
    }

    /** The presets, in the pictures' order. */
    public static Method[] values() {
        return PRESETS.toArray(new Method[0]);
    }

    /** The command-line name, e.g. {@code adam-l2} or {@code rmsprop}. */
    public String id() {
        return id;
    }

    /** The legend's name. */
    public String label() {
        return label;
    }

    /** A stable position for colours: the preset's, else after the presets in registration order. */
    public int ordinal() {
        int i = PRESETS.indexOf(this);
        return i >= 0 ? i : PRESETS.size() + OptimizerRegistry.names().indexOf(label);
    }

    /** Whether the rate is an SGD rate (a multiple of the gradient) rather than an adaptive step size. */
    public boolean isSgd() {
        return rate == Rate.SGD;
    }

    /** The rate this method runs at: the SGD rate, the adaptive rate, or its own default (LBFGS: 1). */
    public double lr(double sgdLr, double adaptiveLr) {
        if (rate == Rate.OWN) {
            return defaultLr(OptimizerRegistry.get(label));
        }
        return isSgd() ? sgdLr : adaptiveLr;
    }

    private static <O extends OptimizerOptions<O>> double defaultLr(OptimizerRegistry.Entry<O> e) {
        return ((Number) e.kwargs(e.defaults()).get("lr")).doubleValue();
    }

    /** Whether {@code weightDecay} means anything for this method. */
    public boolean decays() {
        return decays;
    }

    /** Whether this is a Newton method (curvature from the Hessian by autograd, no rate, no optimizer). */
    public boolean isNewton() {
        return rate == Rate.NONE;
    }

    /** The configuration with learning rate {@code lr} and, for Adam + L2 and AdamW, weight decay λ. */
    public OptimizerSpec config(double lr, double weightDecay) {
        if (config == null) {
            throw new IllegalStateException(id + " is not an optimizer of jgrad.optim: Trajectories steps it itself");
        }
        return config.apply(lr, weightDecay);
    }

    /** The preset named {@code id}, else the registered optimizer of that name (both case-insensitive). */
    public static Method byId(String id) {
        for (Method m : PRESETS) {
            if (m.id.equalsIgnoreCase(id.trim())) {
                return m;
            }
        }
        if (OptimizerRegistry.has(id.trim())) {
            return registered(id.trim());
        }
        throw new IllegalArgumentException("unknown optimizer '" + id + "' (valid: " + String.join(", ", ids())
                + ", or any registered optimizer: " + String.join(", ", OptimizerRegistry.names()) + ")");
    }

    /** The presets and every registered optimizer not among them. */
    public static List<Method> all() {
        List<Method> out = new ArrayList<>(PRESETS);
        for (String name : OptimizerRegistry.names()) {
            if (!List.of("SGD", "Adam", "AdamW").contains(name)) {
                out.add(registered(name));
            }
        }
        return out;
    }

    public static List<String> ids() {
        return PRESETS.stream().map(Method::id).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Method m && m.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id;
    }
}
