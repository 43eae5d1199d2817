package dev.jgrad.learn.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerOptions;
import dev.jgrad.optim.OptimizerRegistry.Entry;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.WeightDecay;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which optimizer to use and its hyper-parameters: the {@link OptimizerRegistry} entry and its typed options
 * record, checked by the record's own constructor when the spec is made. Every tool that trains (mnist, bench,
 * explain, trajectories, wd-sweep, race, lr-find) describes its optimizer this way, so a new optimizer in the
 * registry is usable everywhere at once. Two specs are equal when they build the same optimizer: the same entry,
 * equal options records and the same decay mode (whichever keywords were spelled out).
 *
 * @param entry   the registry's entry (its name is PyTorch's spelling)
 * @param options the entry's options record
 * @param given   the keywords set explicitly, in the order given: what a checkpoint's manifest records over the
 *                defaults, and what {@link #forBatch} leaves alone
 * @param decay   AdamW's decay mode: {@link WeightDecay#DECOUPLED} (PyTorch) or DECOUPLED_SCHEDULE_ONLY (the
 *                paper); null for every other optimizer
 */
public record OptimizerSpec(Entry<?> entry, OptimizerOptions<?> options, List<String> given, WeightDecay decay) {

    /** Checks that the options are the entry's and that a decay mode is AdamW's. */
    public OptimizerSpec {
        Objects.requireNonNull(entry, "entry");
        if (!entry.optionsType().isInstance(options)) {
            throw new IllegalArgumentException(entry.name() + " takes " + entry.optionsType().getSimpleName() + ", not "
                    + (options == null ? "null" : options.getClass().getSimpleName()));
        }
        given = List.copyOf(given);
        if (decay != null && (entry.type() != AdamW.class || decay == WeightDecay.COUPLED_L2)) {
            throw new IllegalArgumentException("a decay mode other than PyTorch's is an AdamW option (DECOUPLED or "
                    + "DECOUPLED_SCHEDULE_ONLY)");
        }
    }

    /**
     * {@code name} (a registry name, any case) with the given keyword arguments over its defaults, each checked as
     * the optimizer checks it.
     *
     * @throws IllegalArgumentException for an unknown name or keyword, or a value the optimizer refuses
     */
    public static OptimizerSpec of(String name, Map<String, ?> kwargs) {
        Entry<?> e = OptimizerRegistry.get(name);
        return new OptimizerSpec(e, e.options(kwargs), new ArrayList<>(kwargs.keySet()), null);
    }

    /** {@code name}'s defaults (SGD, which has no default rate in PyTorch, gets 0.01). */
    public static OptimizerSpec of(String name) {
        return of(name, Map.of());
    }

    /** PyTorch's AdamW defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static OptimizerSpec adamW() {
        return of("AdamW");
    }

    /** {@code name} (a registry name) with every keyword of {@code options}. */
    public static <O extends OptimizerOptions<O>> OptimizerSpec from(String name, O options) {
        Entry<?> e = OptimizerRegistry.get(name);
        return new OptimizerSpec(e, options, e.optionNames(), null);
    }

    /** The registry's name, in PyTorch's spelling. */
    public String name() {
        return entry.name();
    }

    /** The same spec with keyword {@code key} set (validated). */
    public OptimizerSpec with(String key, Object value) {
        List<String> keys = new ArrayList<>(given);
        if (!keys.contains(key)) {
            keys.add(key);
        }
        return new OptimizerSpec(entry, replaced(entry, options, Map.of(key, value)), keys, decay);
    }

    public OptimizerSpec withLr(double lr) {
        return with("lr", lr);
    }

    public OptimizerSpec withWeightDecay(double weightDecay) {
        return with("weight_decay", weightDecay);
    }

    /** AdamW with the paper's decay (by the schedule multiplier only) when {@code paper}. */
    public OptimizerSpec withPaperDecay(boolean paper) {
        return new OptimizerSpec(entry, options, given, paper ? WeightDecay.DECOUPLED_SCHEDULE_ONLY : null);
    }

    /** Whether the decay is the paper's. */
    public boolean paperDecay() {
        return decay == WeightDecay.DECOUPLED_SCHEDULE_ONLY;
    }

    /** Every keyword with its value, as PyTorch's keyword arguments. */
    public Map<String, Object> kwargs() {
        return kwargs(entry, options);
    }

    /**
     * The spec for training in batches of {@code batch}: SophiaG's {@code bs}, the batch size B of its Hessian
     * estimator ({@link GaussNewtonBartlett}, which uses the training batch), is {@code batch} unless given. Any other
     * spec is returned as it is.
     */
    public OptimizerSpec forBatch(int batch) {
        return entry.optionNames().contains("bs") && !given.contains("bs") ? with("bs", (double) batch) : this;
    }

    /** The value of keyword {@code key} (default or given), or null if the optimizer has no such keyword. */
    public Object get(String key) {
        return kwargs().get(key);
    }

    /** The learning rate. */
    public double lr() {
        return options.lr();
    }

    /** The weight decay λ, or 0 if the optimizer has none. */
    public double weightDecay() {
        return get("weight_decay") instanceof Number n ? n.doubleValue() : 0;
    }

    /** How λ acts in the optimizer this builds: the paper's mode if chosen, else the registry entry's. */
    public WeightDecay decayMode() {
        return decay != null ? decay : entry.decay();
    }

    /** Whether the optimizer needs a closure to step (LBFGS), so that it cannot train on one mini-batch per step. */
    public boolean requiresClosure() {
        return entry.requiresClosure();
    }

    /**
     * The one-line reason a command that takes one gradient per step ({@code what}) gives for refusing an optimizer
     * that {@link #requiresClosure() requires a closure}.
     */
    public String closureRefusal(String what) {
        return name() + " re-evaluates the loss up to max_iter times within one step, which " + what
                + " does not do; see it work with 'java -jar examples/target/jgrad.jar trajectories --optimizers "
                + name().toLowerCase(Locale.ROOT) + "' or 'java -jar examples/target/jgrad.jar replay'";
    }

    /**
     * The optimizers that train a model's {@code params} (in the model's order, output layer last): this one, or,
     * for Muon, which takes matrices only, the usual recipe: Muon for the hidden weight matrices and AdamW with
     * PyTorch's defaults for the rest (biases and the output layer, whose rows are classes, not directions).
     *
     * @throws IllegalArgumentException for Muon on a model without a hidden weight matrix
     */
    public List<Optimizer<?>> buildAll(List<Tensor> params) {
        if (entry.shapes() != OptimizerRegistry.ParamShapes.MATRICES) {
            return List.of(build(params));
        }
        int output = -1;
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).shape().length == 2) {
                output = i;
            }
        }
        List<Tensor> hidden = new ArrayList<>();
        List<Tensor> rest = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            (params.get(i).shape().length == 2 && i != output ? hidden : rest).add(params.get(i));
        }
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException(name() + " trains hidden weight matrices, and this model has none (its "
                    + "only matrix is the output layer); use a model with a hidden layer, or AdamW");
        }
        return List.of(build(hidden), new AdamW(rest, AdamOptions.adamWDefaults()));
    }

    /** A new optimizer over {@code params}, one parameter group. */
    public Optimizer<?> build(List<Tensor> params) {
        if (decay != null && decay != WeightDecay.DECOUPLED) {
            return new AdamW(params, (AdamOptions) options, decay);
        }
        return create(entry, options, params);
    }

    /** As PyTorch prints it, e.g. {@code AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)}. */
    @Override
    public String toString() {
        String d = describe(entry, options);
        return paperDecay() ? d.substring(0, d.length() - 1) + ", decay=paper)" : d;
    }

    /** As Python prints it: plain decimal, or {@code 1e-08} and {@code 1e+308} outside 1e-4 to 1e16. */
    public static String num(double v) {
        return OptimizerRegistry.number(v);
    }

    /** The same optimizer: entry, options record and decay mode; no keyword maps, no reflection. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OptimizerSpec s && s.entry.name().equals(entry.name()) && s.entry.type() == entry.type()
                && s.options.equals(options) && Objects.equals(s.decay, decay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entry.name(), options, decay);
    }

    // ---------------------------------------------------------------- the checkpoint manifest's form

    /**
     * How a checkpoint's manifest writes a spec: the name, the keywords given with their values, and the decay mode
     * ({@code {"name":"AdamW","options":{"lr":0.01},"decay":null}}).
     */
    record Json(@JsonProperty("name") String name, @JsonProperty("options") Map<String, Object> options,
                @JsonProperty("decay") WeightDecay decay) {
    }

    @JsonValue
    Json json() {
        Map<String, Object> all = kwargs();
        Map<String, Object> set = new LinkedHashMap<>();
        for (String key : given) {
            set.put(key, all.get(key));
        }
        return new Json(name(), set, decay);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static OptimizerSpec fromJson(Json json) {
        OptimizerSpec spec = of(json.name(), json.options() == null ? Map.of() : json.options());
        return json.decay() == null ? spec : new OptimizerSpec(spec.entry, spec.options, spec.given, json.decay());
    }

    // ---------------------------------------------------------------- the entry's type, recovered once

    private static <O extends OptimizerOptions<O>> O replaced(Entry<O> e, Object options, Map<String, ?> kwargs) {
        return e.options(e.optionsType().cast(options), kwargs);
    }

    private static <O extends OptimizerOptions<O>> Map<String, Object> kwargs(Entry<O> e, Object options) {
        return e.kwargs(e.optionsType().cast(options));
    }

    private static <O extends OptimizerOptions<O>> String describe(Entry<O> e, Object options) {
        return e.describe(e.optionsType().cast(options));
    }

    private static <O extends OptimizerOptions<O>> Optimizer<O> create(Entry<O> e, Object options,
                                                                       List<Tensor> params) {
        return e.create(params, e.optionsType().cast(options));
    }
}
