package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds jgrad optimizers from a file's optimizer name and PyTorch keyword arguments, via {@link OptimizerRegistry}. */
final class Optimizers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Optimizers() {}

    /** Fails with the list of known names unless {@code name} is registered (in PyTorch's spelling). */
    static String checkName(Json optimizer) {
        String name = optimizer.text();
        if (!OptimizerRegistry.has(name) || !OptimizerRegistry.get(name).name().equals(name)) {
            throw optimizer.error("unknown optimizer '" + name + "' (known: "
                    + String.join(", ", OptimizerRegistry.names()) + ")");
        }
        return name;
    }

    /** The option names a group entry may carry besides its own fields. */
    static Set<String> optionKeys(String name) {
        return Set.copyOf(OptimizerRegistry.get(name).optionNames());
    }

    /**
     * An optimizer over one group per entry of {@code params}; group i's options are {@code defaults}
     * overridden by {@code overrides.get(i)} (which may be null), as PyTorch fills missing group keys.
     */
    static Optimizer<?> create(String name, Json defaults, List<Json> overrides, List<Tensor> params) {
        Map<String, Object> kwargs = kwargs(defaults);
        List<Map<String, Object>> groupKwargs = new ArrayList<>();
        List<List<Tensor>> groups = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            groupKwargs.add(overrides.get(i) == null ? null : kwargs(overrides.get(i)));
            groups.add(List.of(params.get(i)));
        }
        OptimizerRegistry.Entry<?> entry = OptimizerRegistry.get(name);
        valid(defaults, () -> {
            entry.checkRequired(kwargs);
            entry.options(kwargs);
        });
        for (int i = 0; i < params.size(); i++) {
            if (groupKwargs.get(i) != null) {
                Map<String, Object> merged = new LinkedHashMap<>(kwargs);
                merged.putAll(groupKwargs.get(i));
                valid(overrides.get(i), () -> entry.options(merged));
            }
        }
        return entry.create(kwargs, groups, groupKwargs);
    }

    /** Runs {@code check}, reporting what it refuses at {@code at}'s place in the file. */
    private static void valid(Json at, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw at.error(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked") // a JSON object converts to a map
    private static Map<String, Object> kwargs(Json options) {
        if (!options.node.isObject()) {
            throw options.error("expected an object of options");
        }
        return JSON.convertValue(options.node, Map.class);
    }
}
