package dev.jgrad.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Module#loadStateDict} could not match: keys the model has but the state dict lacks,
 * keys the state dict has but the model lacks, and keys present in both with different shapes.
 */
public record LoadReport(List<String> missingKeys, List<String> unexpectedKeys, List<ShapeMismatch> shapeMismatches) {

    /** A key whose value has another shape than the parameter it would be loaded into. */
    public record ShapeMismatch(String key, List<Integer> modelShape, List<Integer> stateShape) {
        public ShapeMismatch {
            modelShape = List.copyOf(modelShape);
            stateShape = List.copyOf(stateShape);
        }
    }

    public LoadReport {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
        shapeMismatches = List.copyOf(shapeMismatches);
    }

    /** True when every key matched in name and shape. */
    public boolean isClean() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && shapeMismatches.isEmpty();
    }

    /** One line per kind of problem, every offending key listed (PyTorch's wording where it has one). */
    public String describe() {
        if (isClean()) {
            return "all keys matched";
        }
        List<String> lines = new ArrayList<>();
        if (!missingKeys.isEmpty()) {
            lines.add("missing key(s) in state dict: " + quoted(missingKeys));
        }
        if (!unexpectedKeys.isEmpty()) {
            lines.add("unexpected key(s) in state dict: " + quoted(unexpectedKeys));
        }
        for (ShapeMismatch m : shapeMismatches) {
            lines.add("size mismatch for " + m.key() + ": copying a value of shape " + m.stateShape()
                    + " from the state dict, the shape in the current model is " + m.modelShape());
        }
        return String.join("\n", lines);
    }

    private static String quoted(List<String> keys) {
        List<String> q = new ArrayList<>(keys.size());
        for (String k : keys) {
            q.add('"' + k + '"');
        }
        return String.join(", ", q);
    }
}
