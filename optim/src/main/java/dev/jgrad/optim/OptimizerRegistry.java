package dev.jgrad.optim;

import dev.jgrad.optim.engine.Kwargs;
import dev.jgrad.tensor.Tensor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The one place that knows every optimizer by name: PyTorch's class name (looked up case-insensitively) to
 * an {@link Entry}: its options built from PyTorch's keyword arguments, its factory, and what the tools ask of it
 * as typed fields (weight-decay mode, whether it steps with a closure, coupling, the algorithm box and the trace
 * columns' labels), so that no tool builds a throwaway optimizer or tests a name to find out. The command line
 * ({@code mnist --optimizer}, {@code explain}, {@code trajectories}, {@code race}, {@code lr-find}, {@code bench})
 * and the replay of recorded trajectories all go through it.
 *
 * <p>Your own optimizer joins through {@link java.util.ServiceLoader}: a public {@link OptimizerProvider} class,
 * named in your jar's {@code META-INF/services/dev.jgrad.optim.OptimizerProvider}, returns its entries; they are
 * registered at the first lookup. In code (a test, say) one line does the same:
 *
 * <pre>{@code
 * OptimizerRegistry.register(Entry.of("MyRMSprop", MyRMSprop.class, MyRMSprop.Options.class,
 *         MyRMSprop.Options.DEFAULTS, MyRMSprop::new).withBox(MyRMSprop.BOX));
 * }</pre>
 *
 * A name is one optimizer's: registering another class under a taken name is refused, naming both classes.
 */
public final class OptimizerRegistry {

    /** Builds an optimizer over parameter groups: every optimizer's {@code (defaults, groups)} constructor. */
    @FunctionalInterface
    public interface Factory<O extends OptimizerOptions<O>> {
        Optimizer<O> create(O defaults, List<ParamGroup<O>> groups);
    }

    /** What one step needs from the caller. */
    public enum Stepping {
        /** One gradient per step, computed by the caller before {@link Optimizer#step()} (every rule but LBFGS). */
        GRADIENT,
        /** Re-evaluates the loss within a step: only {@link Optimizer#step(Optimizer.Closure)} works (LBFGS). */
        CLOSURE
    }

    /** What a rule's learning rate means, for tools that give many rules one rate (trajectories, race). */
    public enum LrScale {
        /** A step length: each coordinate moves by about γ (Adam, the adaptive and the sign rules). */
        STEP_LENGTH,
        /** A multiple of the gradient: θ moves by γ·g (SGD, ASGD). */
        GRADIENT_MULTIPLE,
        /** A fraction of the rule's own step (LBFGS: of its quasi-Newton step); tools keep its default. */
        OWN_DEFAULT
    }

    /** Which parameters a rule takes. */
    public enum ParamShapes {
        /** Tensors of any shape. */
        ANY,
        /**
         * 2-D weight matrices only (Muon): a model's other parameters (biases, and by convention the output layer)
         * need a second optimizer, and the tools pair it with AdamW, the usual recipe.
         */
        MATRICES
    }

    /**
     * A number the rule reports to its {@link Probe}, labelled for a table: {@code key} as the loop puts it,
     * {@code label} the box's symbol and the box line(s) it comes from, e.g. {@code ("denom", "√v̂+ε (8)")}.
     *
     * @param key   the name passed to {@link Probe#put}
     * @param label the column header: the box's symbol and its line numbers in parentheses
     */
    public record Column(String key, String label) {
        public Column {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * One registered optimizer. Build it with {@link #of} and the {@code with...} methods.
     *
     * @param name        PyTorch's class name (or the authors'), the name every tool takes
     * @param type        the optimizer's class
     * @param optionsType its options record
     * @param defaults    PyTorch's (or the authors') defaults
     * @param factory     its {@code (defaults, groups)} constructor
     * @param required    keyword arguments without a default in PyTorch (SGD's {@code lr} in 1.13); the defaults
     *                    give them a value for the command line, {@link #checkRequired} refuses their absence
     * @param decay       how its weight decay acts with the defaults' constructor
     * @param stepping    whether a step takes one gradient or a closure
     * @param coupling    whether an element's update needs the others (per-tensor rules report per-tensor numbers)
     * @param shapes      which parameters it takes
     * @param lrScale     what its learning rate means
     * @param box         the numbered algorithm box, line by line (as the class Javadoc shows it); empty if none
     *                    was declared
     * @param columns     labels of the numbers the loop reports, in table order; numbers without one are shown
     *                    under their key
     */
    public record Entry<O extends OptimizerOptions<O>>(String name, Class<?> type, Class<O> optionsType, O defaults,
                                                      Factory<O> factory, Set<String> required, WeightDecay decay,
                                                      Stepping stepping, Coupling coupling, ParamShapes shapes,
                                                      LrScale lrScale, List<String> box, List<Column> columns) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(defaults, "defaults");
            Objects.requireNonNull(factory, "factory");
            Kwargs.names(optionsType); // fails now if the options are not a record
            required = Set.copyOf(required);
            Objects.requireNonNull(decay, "decay");
            Objects.requireNonNull(stepping, "stepping");
            Objects.requireNonNull(coupling, "coupling");
            Objects.requireNonNull(shapes, "shapes");
            Objects.requireNonNull(lrScale, "lrScale");
            box = List.copyOf(box);
            columns = List.copyOf(columns);
        }

        /**
         * An entry with the usual traits: coupled L2 decay (or none), one gradient per step, element-wise, no box,
         * no column labels; change them with the {@code with...} methods.
         */
        public static <O extends OptimizerOptions<O>> Entry<O> of(String name, Class<?> type, Class<O> optionsType,
                                                                  O defaults, Factory<O> factory) {
            return new Entry<>(name, type, optionsType, defaults, factory, Set.of(), WeightDecay.COUPLED_L2,
                    Stepping.GRADIENT, Coupling.ELEMENTWISE, ParamShapes.ANY,
                    LrScale.STEP_LENGTH, List.of(), List.of());
        }

        /** The same entry with keyword arguments PyTorch requires. */
        public Entry<O> withRequired(String... required) {
            return new Entry<>(name, type, optionsType, defaults, factory, Set.of(required), decay, stepping, coupling,
                    shapes, lrScale, box, columns);
        }

        /** The same entry with another weight-decay mode. */
        public Entry<O> withDecay(WeightDecay decay) {
            return new Entry<>(name, type, optionsType, defaults, factory, required, decay, stepping, coupling, shapes, lrScale,
                    box, columns);
        }

        /** The same entry with another stepping. */
        public Entry<O> withStepping(Stepping stepping) {
            return new Entry<>(name, type, optionsType, defaults, factory, required, decay, stepping, coupling, shapes, lrScale,
                    box, columns);
        }

        /** The same entry with another coupling. */
        public Entry<O> withCoupling(Coupling coupling) {
            return new Entry<>(name, type, optionsType, defaults, factory, required, decay, stepping, coupling, shapes, lrScale,
                    box, columns);
        }

        /** The same entry with another set of parameters it takes. */
        public Entry<O> withShapes(ParamShapes shapes) {
            return new Entry<>(name, type, optionsType, defaults, factory, required, decay, stepping, coupling, shapes, lrScale,
                    box, columns);
        }

        /** The same entry with another meaning of its learning rate. */
        public Entry<O> withLrScale(LrScale lrScale) {
            return new Entry<>(name, type, optionsType, defaults, factory, required, decay, stepping, coupling, shapes,
                    lrScale, box, columns);
        }

        /**
         * The same entry with its algorithm box, given as the text of the class Javadoc's {@code <pre>} block (a text
         * block constant of the class): blank lines dropped, trailing spaces cut, the common indentation removed.
         */
        public Entry<O> withBox(String box) {
            return new Entry<>(name, type, optionsType, defaults, factory, required, decay, stepping, coupling, shapes, lrScale,
                    boxLines(box), columns);
        }

        /** The same entry with labelled columns. */
        public Entry<O> withColumns(Column... columns) {
            return new Entry<>(name, type, optionsType, defaults, factory, required, decay, stepping, coupling, shapes, lrScale,
                    box, List.of(columns));
        }

        /** Whether a step needs a closure ({@link Stepping#CLOSURE}). */
        public boolean requiresClosure() {
            return stepping == Stepping.CLOSURE;
        }

        /** How many coefficients its {@code betas} tuple has: 0 (SGD), 2 (Adam), 3 (Adan, AdEMAMix). */
        public int betas() {
            return Kwargs.arity(optionsType, "betas");
        }

        /** The keyword arguments the options take, in their record's order. */
        public List<String> optionNames() {
            return Kwargs.names(optionsType);
        }

        /** {@code base} with the given keyword arguments replaced; unknown names and wrong types are refused by name. */
        public O options(O base, Map<String, ?> kwargs) {
            return Kwargs.read(optionsType, base, kwargs, name);
        }

        /** Refuses keyword arguments that leave out one PyTorch requires (replay files must be explicit). */
        public void checkRequired(Map<String, ?> kwargs) {
            for (String r : required) {
                if (!kwargs.containsKey(r)) {
                    throw new IllegalArgumentException(name + " needs option '" + r + "' (PyTorch 1.13 has no default for it)");
                }
            }
        }

        /** {@code options} as PyTorch's keyword arguments, in the record's order. */
        public Map<String, Object> kwargs(O options) {
            return Kwargs.of(options);
        }

        /** The defaults with the given keyword arguments replaced. */
        public O options(Map<String, ?> kwargs) {
            return options(defaults, kwargs);
        }

        /** An optimizer over one group of {@code params} with these keyword arguments. */
        public Optimizer<O> create(List<Tensor> params, Map<String, ?> kwargs) {
            O o = options(kwargs);
            return factory.create(o, List.of(new ParamGroup<>(params, o)));
        }

        /** An optimizer over one group of {@code params} with {@code options}. */
        public Optimizer<O> create(List<Tensor> params, O options) {
            return factory.create(options, List.of(new ParamGroup<>(params, options)));
        }

        /**
         * An optimizer with one group per entry of {@code groups}: group i's options are {@code kwargs}
         * overridden by {@code overrides.get(i)} (null for none), as PyTorch fills a group's missing keys.
         */
        public Optimizer<O> create(Map<String, ?> kwargs, List<List<Tensor>> groups, List<? extends Map<String, ?>> overrides) {
            O d = options(kwargs);
            List<ParamGroup<O>> gs = new ArrayList<>();
            for (int i = 0; i < groups.size(); i++) {
                Map<String, Object> merged = new LinkedHashMap<>(kwargs);
                if (overrides.get(i) != null) {
                    merged.putAll(overrides.get(i));
                }
                gs.add(new ParamGroup<>(groups.get(i), options(merged)));
            }
            return factory.create(d, gs);
        }

        /** As PyTorch prints it: {@code AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)} (false flags left out). */
        public String describe(O options) {
            return OptimizerRegistry.describe(name, options);
        }

        /** {@link #describe(OptimizerOptions)} of the defaults with these keyword arguments. */
        public String describe(Map<String, ?> kwargs) {
            return describe(options(kwargs));
        }

        /** The label of the number reported as {@code key}: its declared column's, else the key itself. */
        public String label(String key) {
            return columns.stream().filter(c -> c.key().equals(key)).map(Column::label).findFirst().orElse(key);
        }
    }

    private static final Map<String, Entry<?>> ENTRIES = new LinkedHashMap<>();
    private static final Set<Class<?>> BUILT_IN = new HashSet<>();
    private static boolean discovered;

    static {
        builtIn(Entry.of("SGD", SGD.class, SgdOptions.class, SgdOptions.of(0.01), SGD::new).withRequired("lr")
                .withLrScale(LrScale.GRADIENT_MULTIPLE).withBox(SGD.BOX)
                .withColumns(col("g", "g (1,2)"), col("b", "b (4,5)"), col("d", "d (3,6)"),
                             col("decay", "decay λθ (2)"), col("update", "update γd (7)"), col("theta", "θ (7)")));
        builtIn(Entry.of("Adam", Adam.class, AdamOptions.class, AdamOptions.defaults(), Adam::new).withBox(Adam.BOX)
                .withColumns(col("t", "t (1)"), col("g", "g (2,3)"), col("m", "m (4)"), col("v", "v (5)"),
                             col("vMax", "vMax (6)"), col("mHat", "m̂ (7)"), col("vHat", "v̂ (7)"),
                             col("denom", "√v̂+ε (8)"), col("decay", "decay λθ (3)"), col("update", "update (8)"),
                             col("theta", "θ (8)")));
        builtIn(Entry.of("AdamW", AdamW.class, AdamOptions.class, AdamOptions.adamWDefaults(), AdamW::new)
                .withDecay(WeightDecay.DECOUPLED).withBox(AdamW.BOX)
                .withColumns(col("t", "t (1)"), col("g", "g (2)"), col("m", "m (4)"), col("v", "v (5)"),
                             col("vMax", "vMax (6)"), col("mHat", "m̂ (7)"), col("vHat", "v̂ (7)"),
                             col("denom", "√v̂+ε (8)"), col("decay", "decay γλθ (3)"), col("update", "update (8)"),
                             col("theta", "θ (3,8)")));
        builtIn(Entry.of("Muon", Muon.class, Muon.Options.class, Muon.Options.DEFAULTS, Muon::new)
                .withDecay(WeightDecay.DECOUPLED).withCoupling(Coupling.PER_TENSOR)
                .withShapes(ParamShapes.MATRICES).withBox(Muon.BOX)
                .withColumns(col("adjusted_lr", "γ′ (6)"), col("o_sigma_min", "σmin(O) (4,5)"),
                             col("o_sigma_max", "σmax(O) (4,5)")));
        builtIn(Entry.of("Adafactor", Adafactor.class, Adafactor.Options.class, Adafactor.Options.DEFAULTS,
                Adafactor::new).withDecay(WeightDecay.DECOUPLED).withCoupling(Coupling.PER_TENSOR)
                .withBox(Adafactor.BOX)
                .withColumns(col("rho", "ρₜ (3)"), col("alpha", "αₜ (4)"), col("update_rms", "RMS(u) (8)"),
                             col("clip", "max(1, RMS(u)/d) (8)")));
        builtIn(Entry.of("Lion", Lion.class, Lion.Options.class, Lion.Options.DEFAULTS, Lion::new)
                .withDecay(WeightDecay.DECOUPLED).withBox(Lion.BOX)
                .withColumns(col("g", "g (1)"), col("c", "c (3)"), col("m", "m (5)"), col("theta", "θ (2,4)")));
        builtIn(Entry.of("NAdam", NAdam.class, NAdam.Options.class, NAdam.Options.DEFAULTS, NAdam::new)
                .withBox(NAdam.BOX)
                .withColumns(col("t", "t (1)"), col("mu", "μₜ (2)"), col("mu_next", "μₜ₊₁ (2)"),
                             col("mu_product", "Π (3)"), col("g", "g (1)"), col("m", "m (4)"), col("v", "v (5)"),
                             col("denom", "denom (6)"), col("theta", "θ (7)")));
        builtIn(Entry.of("RAdam", RAdam.class, RAdam.Options.class, RAdam.Options.DEFAULTS, RAdam::new)
                .withBox(RAdam.BOX)
                .withColumns(col("t", "t (1)"), col("rho_t", "ρₜ (4)"), col("rect", "r (5)"), col("g", "g (1)"),
                             col("m", "m (2)"), col("v", "v (2)"), col("mHat", "m̂ (3)"), col("theta", "θ (5,6)")));
        builtIn(Entry.of("LAMB", LAMB.class, LAMB.Options.class, LAMB.Options.DEFAULTS, LAMB::new)
                .withDecay(WeightDecay.DECOUPLED).withCoupling(Coupling.PER_TENSOR).withBox(LAMB.BOX)
                .withColumns(col("t", "t (1)"), col("trust_ratio", "r (4)"), col("param_norm", "‖θ‖ (4)"),
                             col("update_norm", "‖u‖ (4)")));
        builtIn(Entry.of("Adagrad", Adagrad.class, Adagrad.Options.class, Adagrad.Options.DEFAULTS, Adagrad::new)
                .withBox(Adagrad.BOX)
                .withColumns(col("t", "t (1)"), col("clr", "γₜ (4)"), col("g", "g (2,3)"), col("sum", "s (5)"),
                             col("std", "√s+ε (6)"), col("theta", "θ (6)")));
        builtIn(Entry.of("Adadelta", Adadelta.class, Adadelta.Options.class, Adadelta.Options.DEFAULTS, Adadelta::new)
                .withBox(Adadelta.BOX)
                .withColumns(col("t", "t (1)"), col("g", "g (2,3)"), col("square_avg", "v (4)"), col("delta", "Δ (5)"),
                             col("acc_delta", "u (6)"), col("theta", "θ (7)")));
        builtIn(Entry.of("RMSprop", RMSprop.class, RMSprop.Options.class, RMSprop.Options.DEFAULTS, RMSprop::new)
                .withBox(RMSprop.BOX)
                .withColumns(col("t", "t (1)"), col("g", "g (2,3)"), col("square_avg", "v (4)"),
                             col("grad_avg", "ḡ (5)"), col("avg", "avg (5)"), col("momentum_buffer", "b (6)"),
                             col("theta", "θ (6,7)")));
        builtIn(Entry.of("Rprop", Rprop.class, Rprop.Options.class, Rprop.Options.DEFAULTS, Rprop::new)
                .withBox(Rprop.BOX)
                .withColumns(col("t", "t (1)"), col("g", "g (2,6)"), col("eta", "η (4)"), col("step_size", "Δ (5)"),
                             col("theta", "θ (7)")));
        builtIn(Entry.of("Adamax", Adamax.class, Adamax.Options.class, Adamax.Options.DEFAULTS, Adamax::new)
                .withBox(Adamax.BOX)
                .withColumns(col("t", "t (1)"), col("clr", "γₜ (6)"), col("g", "g (2,3)"), col("exp_avg", "m (4)"),
                             col("exp_inf", "u (5)"), col("theta", "θ (7)")));
        builtIn(Entry.of("ASGD", ASGD.class, ASGD.Options.class, ASGD.Options.DEFAULTS, ASGD::new)
                .withLrScale(LrScale.GRADIENT_MULTIPLE).withBox(ASGD.BOX)
                .withColumns(col("t", "t (1)"), col("eta", "η (7)"), col("mu", "μ (8)"), col("g", "g (2,3)"),
                             col("theta", "θ (4,5)"), col("ax", "ax (6)")));
        builtIn(Entry.of("LBFGS", LBFGS.class, LBFGS.Options.class, LBFGS.Options.DEFAULTS, LBFGS::new)
                .withStepping(Stepping.CLOSURE).withLrScale(LrScale.OWN_DEFAULT).withBox(LBFGS.BOX));
        builtIn(Entry.of("AdamWScheduleFree", AdamWScheduleFree.class, AdamWScheduleFree.Options.class,
                AdamWScheduleFree.Options.DEFAULTS, AdamWScheduleFree::new).withDecay(WeightDecay.DECOUPLED)
                .withBox(AdamWScheduleFree.BOX)
                .withColumns(col("lr_t", "γₜ (1)"), col("weight_sum", "Σw (4)"), col("c", "c (5)"), col("g", "g (6)"),
                        col("v", "v (8)"), col("denom", "denom (9)"), col("z", "z (11)"), col("x", "x (12)"),
                        col("y", "y (13)")));
        builtIn(Entry.of("SGDScheduleFree", SGDScheduleFree.class, SGDScheduleFree.Options.class,
                SGDScheduleFree.Options.DEFAULTS, SGDScheduleFree::new).withBox(SGDScheduleFree.BOX)
                .withColumns(col("lr_t", "γₜ (1)"), col("weight_sum", "Σw (4)"), col("c", "c (5)"), col("g", "g (7)"),
                        col("z", "z (8)"), col("x", "x (9)"), col("y", "y (10)")));
        builtIn(Entry.of("Prodigy", Prodigy.class, Prodigy.Options.class, Prodigy.Options.DEFAULTS, Prodigy::new)
                .withDecay(WeightDecay.DECOUPLED).withBox(Prodigy.BOX)
                .withColumns(col("dlr", "dγ (1)"), col("d_hat", "d̂ (8)"), col("d", "d (10)"), col("g", "g (2)"),
                        col("m", "m (4)"), col("v", "v (4)"), col("denom", "denom (11)"), col("theta", "θ (13)")));
        builtIn(Entry.of("AdEMAMix", AdEMAMix.class, AdEMAMix.Options.class, AdEMAMix.Options.DEFAULTS, AdEMAMix::new)
                .withDecay(WeightDecay.DECOUPLED).withBox(AdEMAMix.BOX)
                .withColumns(col("alpha_t", "αₜ (2)"), col("beta3_t", "β₃ₜ (3)"), col("g", "g (1)"), col("m1", "m₁ (4)"),
                        col("m2", "m₂ (5)"), col("v", "v (6)"), col("denom", "denom (7)"), col("u", "u (8)"),
                        col("theta", "θ (9)")));
        builtIn(Entry.of("Adan", Adan.class, Adan.Options.class, Adan.Options.DEFAULTS, Adan::new)
                .withDecay(WeightDecay.DECOUPLED).withBox(Adan.BOX)
                .withColumns(col("kappa", "κ (1)"), col("g", "g (3)"), col("diff", "Δ (5)"), col("m", "m (6)"),
                        col("d", "d (7)"), col("n", "n (8)"), col("denom", "denom (9)"), col("theta", "θ (12)")));
        builtIn(Entry.of("SOAP", SOAP.class, SOAP.Options.class, SOAP.Options.DEFAULTS, SOAP::new)
                .withDecay(WeightDecay.DECOUPLED).withCoupling(Coupling.PER_TENSOR).withBox(SOAP.BOX)
                .withColumns(col("adam_t", "t (4)"), col("step_size", "γₜ (6)"), col("refresh", "refresh (2), (13)")));
        builtIn(Entry.of("SophiaG", SophiaG.class, SophiaG.Options.class, SophiaG.Options.DEFAULTS, SophiaG::new)
                .withDecay(WeightDecay.DECOUPLED).withCoupling(Coupling.PER_TENSOR).withBox(SophiaG.BOX)
                .withColumns(col("clip_fraction", "clipped (4)")));
    }

    private OptimizerRegistry() {}

    private static Column col(String key, String label) {
        return new Column(key, label);
    }

    private static void builtIn(Entry<?> e) {
        BUILT_IN.add(e.type());
        ENTRIES.put(key(e.name()), e);
    }

    /**
     * Registers {@code entry} under its name (any case) and returns it. The same class under the same name again
     * replaces the entry (a test re-registering with other traits); another class under a taken name is refused.
     *
     * @throws IllegalArgumentException naming both classes, if the name is another class's
     */
    public static synchronized <O extends OptimizerOptions<O>> Entry<O> register(Entry<O> entry) {
        discover();
        return put(entry);
    }

    private static <O extends OptimizerOptions<O>> Entry<O> put(Entry<O> entry) {
        Entry<?> old = ENTRIES.get(key(entry.name()));
        if (old != null && old.type() != entry.type()) {
            throw new IllegalArgumentException("optimizer name '" + entry.name() + "' is taken: "
                    + entry.type().getName() + " clashes with " + (BUILT_IN.contains(old.type()) ? "built-in " : "")
                    + old.type().getName() + " (register it under another name)");
        }
        ENTRIES.put(key(entry.name()), entry);
        return entry;
    }

    /**
     * Registers an optimizer with the usual traits ({@link Entry#of}) and the keyword arguments PyTorch requires;
     * returns its entry.
     */
    public static synchronized <O extends OptimizerOptions<O>> Entry<O> register(String name, Class<?> type,
                                                                                 Class<O> optionsType, O defaults,
                                                                                 Factory<O> factory, String... required) {
        return register(Entry.of(name, type, optionsType, defaults, factory).withRequired(required));
    }

    /** Forgets {@code name} (any case), e.g. after a test registered it; returns whether it was registered. */
    public static synchronized boolean unregister(String name) {
        return ENTRIES.remove(key(name)) != null;
    }

    /** The entry of {@code name}, any case; an unknown name is refused with the list of known ones. */
    public static synchronized Entry<?> get(String name) {
        discover();
        Entry<?> e = ENTRIES.get(key(name));
        if (e == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return e;
    }

    /** Whether {@code name} (any case) is registered. */
    public static synchronized boolean has(String name) {
        discover();
        return ENTRIES.containsKey(key(name));
    }

    /** The registered names, in registration order: the built-ins, then those of the providers on the class path. */
    public static synchronized List<String> names() {
        discover();
        return ENTRIES.values().stream().map(Entry::name).toList();
    }

    /** {@code name(key=value, ...)} of {@code options}' keyword arguments, as PyTorch prints them (false flags left out). */
    static String describe(String name, OptimizerOptions<?> options) {
        StringBuilder sb = new StringBuilder(name).append('(');
        String sep = "";
        for (var e : Kwargs.of(options).entrySet()) {
            if (Boolean.FALSE.equals(e.getValue())) {
                continue;
            }
            sb.append(sep).append(e.getKey()).append('=').append(python(e.getValue()));
            sep = ", ";
        }
        return sb.append(')').toString();
    }

    /**
     * Registers the entries of every {@link OptimizerProvider} on the class path, once. A provider that fails, or
     * whose name clashes, fails every lookup with the same one-line message, so a broken plugin is never silently
     * left out.
     */
    private static void discover() {
        if (discovered) {
            return;
        }
        discovered = true;
        List<Entry<?>> found = new ArrayList<>();
        try {
            for (OptimizerProvider provider : ServiceLoader.load(OptimizerProvider.class)) {
                found.addAll(provider.optimizers());
            }
        } catch (ServiceConfigurationError e) {
            discovered = false;
            throw new IllegalArgumentException("cannot load an optimizer provider: " + e.getMessage(), e);
        }
        for (Entry<?> e : found) {
            try {
                put(e);
            } catch (IllegalArgumentException clash) {
                discovered = false;
                ENTRIES.values().removeIf(found::contains);
                throw clash;
            }
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String python(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(python(x)));
            return "(" + String.join(", ", parts) + ")";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        return v.toString();
    }

    /**
     * The shortest digits that read back as {@code v}, laid out as Python's {@code repr} does: plain
     * decimal for exponents -4 to 15, else {@code 1e-08} or {@code 1e+308} (not a 309-digit number).
     */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (v == 0 || (exponent >= -4 && exponent < 16)) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + String.format(Locale.ROOT, "e%+03d", exponent);
    }

    /** The lines of a box given as text: blank lines dropped, trailing spaces cut, the common indentation removed. */
    static List<String> boxLines(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).map(String::stripTrailing).toList();
        int indent = lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.substring(indent)).toList();
    }
}
