package dev.jgrad.learn.train;

import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.WeightDecay;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which optimizer to use and its hyper-parameters as PyTorch's keyword arguments: a name the
 * {@link OptimizerRegistry} knows (any case) and the keywords that differ from its defaults. Every command
 * that trains (mnist, bench, explain, trajectories, wd-sweep) describes its optimizer this way, so a new
 * optimizer in the registry is usable everywhere at once.
 *
 * @param name    the registry's name, in PyTorch's spelling
 * @param options keyword arguments over the defaults, e.g. {@code {lr=0.1, betas=[0.9, 0.99]}}
 * @param decay   AdamW's decay mode: {@link WeightDecay#DECOUPLED} (PyTorch) or DECOUPLED_SCHEDULE_ONLY (the
 *                paper); null for every other optimizer
 */
public record OptimizerSpec(String name, Map<String, Object> options, WeightDecay decay) {

    /** Checks the name and every keyword as the optimizer itself would, so a bad spec fails before training. */
    public OptimizerSpec {
        name = OptimizerRegistry.get(name).name();
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        if (decay != null && (OptimizerRegistry.get(name).type() != AdamW.class || decay == WeightDecay.COUPLED_L2)) {
            throw new IllegalArgumentException("a decay mode other than PyTorch's is an AdamW option (DECOUPLED or "
                    + "DECOUPLED_SCHEDULE_ONLY)");
        }
        OptimizerRegistry.get(name).options(options);
    }

    /** {@code name}'s defaults (SGD, which has no default rate in PyTorch, gets 0.01). */
    public static OptimizerSpec of(String name) {
        return new OptimizerSpec(name, Map.of(), null);
    }

    /** PyTorch's AdamW defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static OptimizerSpec adamW() {
        return of("AdamW");
    }

    /** {@code name} (a registry name) with every keyword of {@code options}. */
    public static <O extends dev.jgrad.optim.OptimizerOptions<O>> OptimizerSpec from(String name, O options) {
        @SuppressWarnings("unchecked") // the caller names the optimizer whose options these are
        OptimizerRegistry.Entry<O> e = (OptimizerRegistry.Entry<O>) OptimizerRegistry.get(name);
        if (!e.optionsType().isInstance(options)) {
            throw new IllegalArgumentException(name + " takes " + e.optionsType().getSimpleName() + ", not "
                    + options.getClass().getSimpleName());
        }
        return new OptimizerSpec(name, e.kwargs(options), null);
    }

    /** The same spec with keyword {@code key} set (validated). */
    public OptimizerSpec with(String key, Object value) {
        Map<String, Object> o = new LinkedHashMap<>(options);
        o.put(key, value);
        return new OptimizerSpec(name, o, decay);
    }

    public OptimizerSpec withLr(double lr) {
        return with("lr", lr);
    }

    public OptimizerSpec withWeightDecay(double weightDecay) {
        return with("weight_decay", weightDecay);
    }

    /** AdamW with the paper's decay (by the schedule multiplier only) when {@code paper}. */
    public OptimizerSpec withPaperDecay(boolean paper) {
        return new OptimizerSpec(name, options, paper ? WeightDecay.DECOUPLED_SCHEDULE_ONLY : null);
    }

    /** Whether the decay is the paper's. */
    public boolean paperDecay() {
        return decay == WeightDecay.DECOUPLED_SCHEDULE_ONLY;
    }

    /** Every keyword with its value: the defaults overridden by {@link #options()}. */
    public Map<String, Object> kwargs() {
        return kwargs(OptimizerRegistry.get(name));
    }

    private <O extends dev.jgrad.optim.OptimizerOptions<O>> Map<String, Object> kwargs(OptimizerRegistry.Entry<O> e) {
        return e.kwargs(e.options(options));
    }

    /**
     * The spec for training in batches of {@code batch}: SophiaG's {@code bs}, the batch size B of its Hessian
     * estimator ({@link GaussNewtonBartlett}, which uses the training batch), is {@code batch} unless given. Any other
     * spec is returned as it is.
     */
    public OptimizerSpec forBatch(int batch) {
        return get("bs") != null && !options.containsKey("bs") ? with("bs", (double) batch) : this;
    }

    /** The value of keyword {@code key} (default or given), or null if the optimizer has no such keyword. */
    public Object get(String key) {
        return kwargs().get(key);
    }

    /** The learning rate. */
    public double lr() {
        return ((Number) get("lr")).doubleValue();
    }

    /** The weight decay λ, or 0 if the optimizer has none. */
    public double weightDecay() {
        Object v = get("weight_decay");
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    /** How λ acts in the optimizer this builds: the paper's mode if chosen, else the registry entry's. */
    public WeightDecay decayMode() {
        return decay != null ? decay : OptimizerRegistry.get(name).decay();
    }

    /** Whether the optimizer needs a closure to step (LBFGS), so that it cannot train on one mini-batch per step. */
    public boolean requiresClosure() {
        return OptimizerRegistry.get(name).requiresClosure();
    }

    /**
     * The one-line reason a command that takes one gradient per step ({@code what}) gives for refusing an optimizer
     * that {@link #requiresClosure() requires a closure}.
     */
    public String closureRefusal(String what) {
        return name + " re-evaluates the loss up to max_iter times within one step, which " + what
                + " does not do; see it work with 'jgrad trajectories --optimizers " + name.toLowerCase(java.util.Locale.ROOT)
                + "' or 'jgrad replay'";
    }

    /**
     * The optimizers that train a model's {@code params} (in the model's order, output layer last): this one, or,
     * for Muon, which takes matrices only, the usual recipe: Muon for the hidden weight matrices and AdamW with
     * PyTorch's defaults for the rest (biases and the output layer, whose rows are classes, not directions).
     *
     * @throws IllegalArgumentException for Muon on a model without a hidden weight matrix
     */
    public List<Optimizer<?>> buildAll(List<Tensor> params) {
        if (OptimizerRegistry.get(name).shapes() != OptimizerRegistry.ParamShapes.MATRICES) {
            return List.of(build(params));
        }
        int output = -1;
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).shape().length == 2) output = i;
        }
        List<Tensor> hidden = new java.util.ArrayList<>(), rest = new java.util.ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            (params.get(i).shape().length == 2 && i != output ? hidden : rest).add(params.get(i));
        }
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException(name + " trains hidden weight matrices, and this model has none (its only "
                    + "matrix is the output layer); use a model with a hidden layer, or AdamW");
        }
        return List.of(build(hidden), new AdamW(rest, dev.jgrad.optim.AdamOptions.adamWDefaults()));
    }

    /** A new optimizer over {@code params}, one parameter group. */
    public Optimizer<?> build(List<Tensor> params) {
        if (decay != null && decay != WeightDecay.DECOUPLED) {
            return new AdamW(params, (dev.jgrad.optim.AdamOptions) OptimizerRegistry.get(name).options(options), decay);
        }
        return OptimizerRegistry.get(name).create(params, options);
    }

    /** As PyTorch prints it, e.g. {@code AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)}. */
    @Override
    public String toString() {
        String d = describe(OptimizerRegistry.get(name));
        return paperDecay() ? d.substring(0, d.length() - 1) + ", decay=paper)" : d;
    }

    private <O extends dev.jgrad.optim.OptimizerOptions<O>> String describe(OptimizerRegistry.Entry<O> e) {
        return e.describe(e.options(options));
    }

    /** Whether {@code v} is a finite number, or a list of them; any other value (a flag, None) counts as finite. */
    public static boolean finite(Object v) {
        if (v instanceof Number n) {
            return Double.isFinite(n.doubleValue());
        }
        return !(v instanceof List<?> list) || list.stream().allMatch(OptimizerSpec::finite);
    }

    /** As Python prints it: plain decimal, or {@code 1e-08} and {@code 1e+308} outside 1e-4 to 1e16. */
    public static String num(double v) {
        return OptimizerRegistry.number(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptimizerSpec s && s.name.equals(name) && s.kwargs().equals(kwargs())
                && Objects.equals(s.decay, decay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kwargs(), decay);
    }

    /**
     * A command line's {@code --option KEY=VALUE} value as the Python literal would be: {@code 0.9,0.99} is a tuple; {@code true}/{@code True}, {@code none}/{@code None}; numbers; else the text.
     */
    public static Object parseValue(String text) {
        if (text.contains(",")) {
            List<Object> parts = new ArrayList<>();
            for (String p : text.split(",", -1)) {
                parts.add(parseValue(p.strip()));
            }
            return parts;
        }
        String t = text.strip();
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "none":
            case "null":
                return null;
            default:
                break;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return t.length() >= 2 && (t.startsWith("'") && t.endsWith("'") || t.startsWith("\"") && t.endsWith("\""))
                    ? t.substring(1, t.length() - 1) : t;
        }
    }
}
