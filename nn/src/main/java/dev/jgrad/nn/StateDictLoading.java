package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link Module#loadStateDict}: compare every key first, then copy, so a strict failure changes nothing. */
final class StateDictLoading {
    private StateDictLoading() {}

    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    static LoadReport load(Module module, Map<String, Tensor> state, Strictness strictness) {
        Objects.requireNonNull(state, "loadStateDict: state dict must not be null");
        Objects.requireNonNull(strictness, "loadStateDict: strictness must not be null");
        Map<String, Tensor> targets = module.allState();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<LoadReport.ShapeMismatch> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("loadStateDict: the value for key '" + e.getKey() + "' is null");
            }
            if (!targets.containsKey(e.getKey())) {
                unexpected.add(e.getKey());
            }
        }
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor value = state.get(e.getKey());
            if (value == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(value.shape(), e.getValue().shape())) {
                mismatched.add(new LoadReport.ShapeMismatch(e.getKey(), boxed(e.getValue().shape()), boxed(value.shape())));
            }
        }
        LoadReport report = new LoadReport(missing, unexpected, mismatched);
        if (strictness == Strictness.STRICT && !report.isClean()) {
            throw new StateDictMismatchException(module.getClass().getSimpleName(), report);
        }
        try (GradMode ignored = Autograd.noGrad()) {
            for (Map.Entry<String, Tensor> e : targets.entrySet()) {
                Tensor value = state.get(e.getKey());
                if (value != null && Arrays.equals(value.shape(), e.getValue().shape())) {
                    e.getValue().copyFrom(value);
                }
            }
        }
        return report;
    }

    private static List<Integer> boxed(int[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }
}
