package dev.jgrad.optim.replay;

import dev.jgrad.optim.Adam;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds jgrad optimizers from a file's optimizer name and PyTorch-style option objects. */
final class Optimizers {
    static final List<String> NAMES = List.of("SGD", "Adam", "AdamW");
    private static final Set<String> SGD_KEYS = Set.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize");
    private static final Set<String> ADAM_KEYS = Set.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize");

    private Optimizers() {}

    /** Fails with the list of known names unless {@code name} is one of them. */
    static String checkName(Json optimizer) {
        String name = optimizer.text();
        if (!NAMES.contains(name)) {
            throw optimizer.error("unknown optimizer '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        }
        return name;
    }

    /** The option names a group entry may carry besides its own fields. */
    static Set<String> optionKeys(String name) {
        return name.equals("SGD") ? SGD_KEYS : ADAM_KEYS;
    }

    /**
     * An optimizer over one group per entry of {@code params}; group i's options are {@code defaults}
     * overridden by {@code overrides.get(i)} (which may be null), as PyTorch fills missing group keys.
     */
    static Optimizer<?, ?> create(String name, Json defaults, List<Json> overrides, List<Tensor> params) {
        if (name.equals("SGD")) {
            List<ParamGroup<SgdOptions>> groups = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                groups.add(new ParamGroup<>(List.of(params.get(i)), sgd(defaults, overrides.get(i))));
            }
            return new SGD(groups.get(0).options(), groups);
        }
        List<ParamGroup<AdamOptions>> groups = new ArrayList<>();
        AdamOptions base = name.equals("Adam") ? AdamOptions.defaults() : AdamOptions.adamWDefaults();
        for (int i = 0; i < params.size(); i++) {
            groups.add(new ParamGroup<>(List.of(params.get(i)), adam(name, base, defaults, overrides.get(i))));
        }
        AdamOptions d = adam(name, base, defaults, null);
        return name.equals("Adam") ? new Adam(d, groups) : new AdamW(d, groups);
    }

    private static SgdOptions sgd(Json defaults, Json override) {
        List<Json> layers = layers(defaults, override, SGD_KEYS, "SGD");
        Json lr = find(layers, "lr");
        if (lr == null) throw defaults.error("SGD needs option 'lr' (PyTorch 1.13 has no default for it)");
        SgdOptions d = SgdOptions.of(0);
        Json momentum = find(layers, "momentum"), dampening = find(layers, "dampening");
        Json weightDecay = find(layers, "weight_decay"), nesterov = find(layers, "nesterov");
        Json maximize = find(layers, "maximize");
        // Nesterov's condition spans several options, so the record is built once from the final values.
        return valid(override != null ? override : defaults, () -> new SgdOptions(lr.number(),
                momentum == null ? d.momentum() : momentum.number(),
                dampening == null ? d.dampening() : dampening.number(),
                weightDecay == null ? d.weightDecay() : weightDecay.number(),
                nesterov == null ? d.nesterov() : nesterov.bool(),
                maximize == null ? d.maximize() : maximize.bool()));
    }

    private static AdamOptions adam(String name, AdamOptions base, Json defaults, Json override) {
        List<Json> layers = layers(defaults, override, ADAM_KEYS, name);
        Json lr = find(layers, "lr"), betas = find(layers, "betas"), eps = find(layers, "eps");
        Json weightDecay = find(layers, "weight_decay"), amsgrad = find(layers, "amsgrad");
        Json maximize = find(layers, "maximize");
        double[] b = betas == null ? new double[] {base.beta1(), base.beta2()} : betas.numbers(2);
        return valid(override != null ? override : defaults, () -> new AdamOptions(
                lr == null ? base.lr() : lr.number(), b[0], b[1],
                eps == null ? base.eps() : eps.number(),
                weightDecay == null ? base.weightDecay() : weightDecay.number(),
                amsgrad == null ? base.amsgrad() : amsgrad.bool(),
                maximize == null ? base.maximize() : maximize.bool()));
    }

    /** The option objects to apply in order (defaults, then the group's), with unknown keys rejected. */
    private static List<Json> layers(Json defaults, Json override, Set<String> known, String optimizer) {
        List<Json> out = new ArrayList<>();
        for (Json layer : new Json[] {defaults, override}) {
            if (layer == null) continue;
            if (!layer.node.isObject()) throw layer.error("expected an object of options");
            for (String key : layer.fieldNames()) {
                if (!known.contains(key)) {
                    throw layer.error("unknown option '" + key + "' for " + optimizer + " (known: "
                            + String.join(", ", sorted(known)) + ")");
                }
            }
            out.add(layer);
        }
        return out;
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }

    private static Json find(List<Json> layers, String key) {
        Json found = null;
        for (Json l : layers) if (l.has(key)) found = l.field(key);
        return found;
    }

    private static <T> T valid(Json at, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw at.error(e.getMessage());
        }
    }
}
