package dev.jgrad.cli.options;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.OptimizerRegistry.Entry;
import dev.jgrad.optim.OptimizerRegistry;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.jgrad.cli.options.CliCommand.usage;

/**
 * The optimizer flags every command that steps an optimizer takes ({@code mnist}, {@code bench}, {@code explain},
 * {@code lr-find}), and the one parser from them to an {@link OptimizerSpec}: {@code --optimizer NAME}, the named
 * flags ({@code --lr}, {@code --weight-decay}, {@code --momentum}, {@code --dampening}, {@code --nesterov},
 * {@code --betas B1,B2[,B3]} or {@code --beta1}/{@code --beta2}, {@code --eps}, {@code --amsgrad},
 * {@code --maximize}) and {@code --option KEY=VALUE} for any other keyword, by PyTorch's name.
 *
 * <p>Each keyword is checked in turn and refused in one line that names the flag: a flag the optimizer has no
 * keyword for (with the ones it has), a keyword set twice (by a flag and by {@code --option}, say), a value that is
 * not finite (PyTorch takes {@code lr=inf} and diverges at once), then the value the optimizer's own checks refuse,
 * in PyTorch's words.
 */
public final class OptimizerFlags {
    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adamw", order = 12,
            description = "Any optimizer of the registry, PyTorch's class name in any case: adamw, adam, sgd, "
                    + "rmsprop, ... (an unknown name lists the known ones). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", order = 13,
            description = "Learning rate. Default: the optimizer's (0.001 for adamw and adam, 0.01 for sgd).")
    Double lr;

    @Option(names = "--weight-decay", paramLabel = "L", order = 13,
            description = "Weight decay: decoupled for adamw, L2 in the gradient for adam and sgd. "
                    + "Default: 0.01 (adamw), 0 (adam, sgd).")
    Double weightDecay;

    @Option(names = "--momentum", paramLabel = "M", order = 13, description = "Momentum (sgd). Default: 0.")
    Double momentum;

    @Option(names = "--dampening", paramLabel = "D", order = 13,
            description = "Dampening of momentum (sgd). Default: 0.")
    Double dampening;

    @Option(names = "--nesterov", order = 13, description = "Nesterov momentum (sgd; needs --momentum > 0).")
    boolean nesterov;

    @Option(names = "--betas", paramLabel = "B1,B2", split = ",", hideParamSyntax = true, order = 13,
            description = "The optimizer's betas, as many as it has (adamw, adam: two, default 0.9,0.999; adan, "
                    + "ademamix: three).")
    double[] betas;

    @Option(names = "--beta1", paramLabel = "B1", order = 13, description = "β₁ alone, the other betas as default.")
    Double beta1;

    @Option(names = "--beta2", paramLabel = "B2", order = 13, description = "β₂ alone, the other betas as default.")
    Double beta2;

    @Option(names = "--eps", paramLabel = "EPS", order = 13,
            description = "The denominator's epsilon (adamw, adam, ...). Default: 1e-8.")
    Double eps;

    @Option(names = "--amsgrad", order = 13, description = "AMSGrad: divide by the running maximum of v (adamw, adam).")
    boolean amsgrad;

    @Option(names = "--maximize", order = 13, description = "Ascend instead of descend.")
    boolean maximize;

    @Option(names = "--option", paramLabel = "KEY=VALUE", order = 14,
            description = "Any other keyword argument of the optimizer, by PyTorch's name, e.g. --option amsgrad=true, "
                    + "--option momentum_decay=0.004, --option betas=0.9,0.99 (repeatable).")
    List<String> extra = new ArrayList<>();

    /** The spec for a command that takes one gradient per step ({@code what} says which, for LBFGS's refusal). */
    public OptimizerSpec parse(String what) {
        return parse(what, null, null);
    }

    /**
     * As {@link #parse(String)}, for a command that sets keyword {@code fixed} itself: giving it is refused with
     * {@code why}.
     */
    public OptimizerSpec parse(String what, String fixed, String why) {
        if (!OptimizerRegistry.has(optimizer.trim())) {
            throw usage("--optimizer: unknown optimizer '" + optimizer + "' (known: "
                    + String.join(", ", OptimizerRegistry.names()) + ")");
        }
        Kwargs kwargs = new Kwargs(OptimizerRegistry.get(optimizer.trim()), fixed, why);
        kwargs.put("--lr", "lr", lr);
        kwargs.put("--weight-decay", "weight_decay", weightDecay);
        kwargs.put("--momentum", "momentum", momentum);
        kwargs.put("--dampening", "dampening", dampening);
        kwargs.put("--nesterov", "nesterov", nesterov ? Boolean.TRUE : null);
        kwargs.betas();
        kwargs.put("--eps", "eps", eps);
        kwargs.put("--amsgrad", "amsgrad", amsgrad ? Boolean.TRUE : null);
        kwargs.put("--maximize", "maximize", maximize ? Boolean.TRUE : null);
        for (String kv : extra) {
            kwargs.option(kv);
        }
        OptimizerSpec s = kwargs.spec();
        if (s.requiresClosure()) {
            throw usage("--optimizer: " + s.closureRefusal(what));
        }
        return s;
    }

    /** The keyword arguments read so far, and the flag that gave each. */
    private final class Kwargs {
        private final Entry<?> entry;
        private final String fixed;
        private final String why;
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, String> flags = new LinkedHashMap<>();

        Kwargs(Entry<?> entry, String fixed, String why) {
            this.entry = entry;
            this.fixed = fixed;
            this.why = why;
        }

        /** Keyword {@code key} from {@code flag}, unless {@code v} is null (not given). */
        void put(String flag, String key, Object v) {
            put(flag, key, v, String.valueOf(v));
        }

        /** As {@link #put(String, String, Object)}; {@code shown} is the value as a refusal quotes it. */
        void put(String flag, String key, Object v, String shown) {
            if (v == null) {
                return;
            }
            if (key.equals(fixed)) {
                throw usage(flag + ": " + why);
            }
            if (values.containsKey(key)) {
                throw usage(flag + " sets " + key + " a second time (also given as " + flags.get(key)
                        + "); give it once");
            }
            if (!entry.optionNames().contains(key)) {
                throw usage(flag + " does not apply to " + entry.name() + " (its options: "
                        + String.join(", ", entry.optionNames()) + ")");
            }
            // PyTorch takes lr=inf and diverges at once; a non-finite option is a typo, refused before training.
            if (!finite(v)) {
                throw usage(flag + " must be a finite number, got " + shown);
            }
            values.put(key, v == None.NONE ? null : v);
            flags.put(key, flag);
        }

        /** --betas, as many as the optimizer's own tuple; or --beta1/--beta2 over its default tuple. */
        void betas() {
            int arity = entry.betas();
            if (betas != null && arity > 0 && betas.length != arity) {
                List<String> names = List.of("B1", "B2", "B3", "B4").subList(0, Math.min(arity, 4));
                throw usage("--betas takes " + (arity == 2 ? "two" : arity == 3 ? "three" : Integer.toString(arity))
                        + " values, " + String.join(",", names) + " (e.g. " + defaultBetas().stream()
                        .map(String::valueOf).collect(Collectors.joining(",")) + "), got " + betas.length);
            }
            put("--betas", "betas", betas == null ? null : Arrays.stream(betas).boxed().toList());
            if (arity < 2) { // no tuple: a lone beta1 is a keyword of its own, else the flag is refused by name
                put("--beta1", "beta1", beta1);
                put("--beta2", "beta2", beta2);
            } else if (beta1 != null || beta2 != null) {
                List<Object> tuple = new ArrayList<>(defaultBetas());
                if (beta1 != null) {
                    tuple.set(0, beta1);
                }
                if (beta2 != null) {
                    tuple.set(1, beta2);
                }
                put(beta1 != null ? "--beta1" : "--beta2", "betas", tuple);
            }
        }

        private List<?> defaultBetas() {
            return (List<?>) OptimizerSpec.of(entry.name()).get("betas");
        }

        /** One --option KEY=VALUE. */
        void option(String kv) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw usage("--option takes KEY=VALUE (e.g. --option amsgrad=true), got '" + kv + "'");
            }
            String key = kv.substring(0, eq).trim();
            String text = kv.substring(eq + 1);
            Object value = parseValue(text);
            put("--option " + (values.containsKey(key) ? kv : key), key, value == null ? None.NONE : value, text);
        }

        /** The spec; a value the optimizer refuses is named by the flag that gave it. */
        OptimizerSpec spec() {
            try {
                return OptimizerSpec.of(entry.name(), values);
            } catch (IllegalArgumentException e) {
                throw usage(culprit() + e.getMessage());
            }
        }

        /** "--lr: " for the first keyword the optimizer refuses, adding them one at a time. */
        private String culprit() {
            Map<String, Object> some = new LinkedHashMap<>();
            for (var e : values.entrySet()) {
                some.put(e.getKey(), e.getValue());
                try {
                    OptimizerSpec.of(entry.name(), some);
                } catch (IllegalArgumentException refused) {
                    return flags.get(e.getKey()) + ": ";
                }
            }
            return "";
        }
    }

    /** Stands for Python's None while a keyword's flag is checked (a null value means "not given" there). */
    private enum None { NONE }

    /** Whether {@code v} is a finite number, or a list of them; any other value (a flag, None) counts as finite. */
    static boolean finite(Object v) {
        if (v instanceof Number n) {
            return Double.isFinite(n.doubleValue());
        }
        return !(v instanceof List<?> list) || list.stream().allMatch(OptimizerFlags::finite);
    }

    /**
     * An {@code --option KEY=VALUE} value as the Python literal would be: {@code 0.9,0.99} is a tuple;
     * {@code true}/{@code True}, {@code none}/{@code None}; numbers; quoted or bare text.
     */
    static Object parseValue(String text) {
        if (text.contains(",")) {
            List<Object> parts = new ArrayList<>();
            for (String p : text.split(",", -1)) {
                parts.add(parseValue(p.strip()));
            }
            return parts;
        }
        String t = text.strip();
        switch (t.toLowerCase(Locale.ROOT)) {
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
            boolean quoted = t.length() >= 2
                    && (t.startsWith("'") && t.endsWith("'") || t.startsWith("\"") && t.endsWith("\""));
            return quoted ? t.substring(1, t.length() - 1) : t;
        }
    }
}
