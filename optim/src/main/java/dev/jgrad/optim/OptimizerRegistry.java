package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one place that knows every optimizer by name: PyTorch's class name (looked up case-insensitively) to
 * its options built from PyTorch's keyword arguments, its factory, its algorithm box and its trace columns.
 * The command line ({@code mnist --optimizer}, {@code explain}, {@code trajectories}, {@code wd-sweep},
 * {@code bench}) and the replay of recorded trajectories all go through it. Your own optimizer joins with
 * one line:
 *
 * <pre>{@code
 * OptimizerRegistry.register("RMSprop", MyRMSprop.class, MyRMSprop.Options.class, MyRMSprop.Options.DEFAULTS, MyRMSprop::new);
 * }</pre>
 */
public final class OptimizerRegistry {

    /** Builds an optimizer over parameter groups: every optimizer's {@code (defaults, groups)} constructor. */
    @FunctionalInterface
    public interface Factory<O extends OptimizerOptions<O>> {
        Optimizer<O> create(O defaults, List<ParamGroup<O>> groups);
    }

    /**
     * One registered optimizer.
     *
     * @param name        PyTorch's class name
     * @param type        the optimizer's class (its Javadoc holds the box)
     * @param optionsType its options record
     * @param defaults    PyTorch's defaults
     * @param factory     its {@code (defaults, groups)} constructor
     * @param required    keyword arguments without a default in PyTorch (SGD's {@code lr} in 1.13); the defaults
     *                    give them a value for the command line, {@link #checkRequired} refuses their absence
     */
    public record Entry<O extends OptimizerOptions<O>>(String name, Class<?> type, Class<O> optionsType, O defaults,
                                                      Factory<O> factory, Set<String> required) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Kwargs.names(optionsType); // fails now if the options are not a record
            required = Set.copyOf(required);
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

        /** {@link #describe(OptimizerOptions)} of the defaults with these keyword arguments. */
        public String describe(Map<String, ?> kwargs) {
            return describe(options(kwargs));
        }

        /** The numbered algorithm box of the optimizer's Javadoc, line by line (empty if its source is not on the class path). */
        public List<String> box() {
            return Boxes.of(type);
        }
    }

    private static final Map<String, Entry<?>> ENTRIES = new LinkedHashMap<>();

    static {
        register("SGD", SGD.class, SgdOptions.class, SgdOptions.of(0.01), SGD::new, "lr");
        register("Adam", Adam.class, AdamOptions.class, AdamOptions.defaults(), Adam::new);
        register("AdamW", AdamW.class, AdamOptions.class, AdamOptions.adamWDefaults(), AdamW::new);
        register("Muon", Muon.class, Muon.Options.class, Muon.Options.DEFAULTS, Muon::new);
        register("Adafactor", Adafactor.class, Adafactor.Options.class, Adafactor.Options.DEFAULTS, Adafactor::new);
        register("Lion", Lion.class, Lion.Options.class, Lion.Options.DEFAULTS, Lion::new);
        register("NAdam", NAdam.class, NAdam.Options.class, NAdam.Options.DEFAULTS, NAdam::new);
        register("RAdam", RAdam.class, RAdam.Options.class, RAdam.Options.DEFAULTS, RAdam::new);
        register("LAMB", LAMB.class, LAMB.Options.class, LAMB.Options.DEFAULTS, LAMB::new);
        register("Adagrad", Adagrad.class, Adagrad.Options.class, Adagrad.Options.DEFAULTS, Adagrad::new);
        register("Adadelta", Adadelta.class, Adadelta.Options.class, Adadelta.Options.DEFAULTS, Adadelta::new);
        register("RMSprop", RMSprop.class, RMSprop.Options.class, RMSprop.Options.DEFAULTS, RMSprop::new);
        register("Rprop", Rprop.class, Rprop.Options.class, Rprop.Options.DEFAULTS, Rprop::new);
        register("Adamax", Adamax.class, Adamax.Options.class, Adamax.Options.DEFAULTS, Adamax::new);
        register("ASGD", ASGD.class, ASGD.Options.class, ASGD.Options.DEFAULTS, ASGD::new);
        register("LBFGS", LBFGS.class, LBFGS.Options.class, LBFGS.Options.DEFAULTS, LBFGS::new);
        register("SOAP", SOAP.class, SOAP.Options.class, SOAP.Options.DEFAULTS, SOAP::new);
        register("SophiaG", SophiaG.class, SophiaG.Options.class, SophiaG.Options.DEFAULTS, SophiaG::new);
    }

    private OptimizerRegistry() {}

    /** Registers an optimizer (replacing one of the same name); returns its entry. */
    public static synchronized <O extends OptimizerOptions<O>> Entry<O> register(String name, Class<?> type,
                                                                                 Class<O> optionsType, O defaults,
                                                                                 Factory<O> factory, String... required) {
        Entry<O> e = new Entry<>(name, type, optionsType, defaults, factory, Set.of(required));
        ENTRIES.put(name.toLowerCase(Locale.ROOT), e);
        return e;
    }

    /** Forgets {@code name} (any case), e.g. after a test registered it; returns whether it was registered. */
    public static synchronized boolean unregister(String name) {
        return ENTRIES.remove(name.toLowerCase(Locale.ROOT)) != null;
    }

    /** The entry of {@code name}, any case; an unknown name is refused with the list of known ones. */
    public static synchronized Entry<?> get(String name) {
        Entry<?> e = ENTRIES.get(name.toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return e;
    }

    /** Whether {@code name} (any case) is registered. */
    public static synchronized boolean has(String name) {
        return ENTRIES.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The registered names, in registration order. */
    public static synchronized List<String> names() {
        return ENTRIES.values().stream().map(Entry::name).toList();
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

    /** Plain decimal, or Python's {@code 1e-08} form below 1e-4. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        if (v != 0 && Math.abs(v) < 1e-4) {
            String[] parts = String.format(Locale.ROOT, "%e", v).split("e");
            String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
            return mantissa + "e" + parts[1];
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Reads the box from the optimizer's source, which optim's jar carries next to its classes. */
    static final class Boxes {
        private Boxes() {}

        static List<String> of(Class<?> type) {
            try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".java")) {
                if (in == null) {
                    return List.of();
                }
                String src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int decl = src.indexOf("class " + type.getSimpleName());
                int doc = src.lastIndexOf("/**", decl), pre = src.indexOf("<pre>", doc), end = src.indexOf("</pre>", pre);
                if (decl < 0 || doc < 0 || pre < 0 || end < 0 || end > decl) {
                    return List.of();
                }
                List<String> lines = new ArrayList<>();
                for (String line : src.substring(pre + 5, end).split("\n")) {
                    String l = line.replaceFirst("^\\s*\\* ?", "")   // Javadoc's HTML escapes, as the page shows them
                            .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
                    if (!l.isBlank()) {
                        lines.add(l.stripTrailing());
                    }
                }
                return lines;
            } catch (IOException e) {
                return List.of();
            }
        }
    }
}
