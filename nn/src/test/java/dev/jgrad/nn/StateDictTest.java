package dev.jgrad.nn;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateDictTest {
    private static Sequential mlp(long seed) {
        Generator gen = new Generator(seed);
        return new Sequential(new Linear(6, 4, gen), new ReLU(), new Linear(4, 3, gen));
    }

    @Test
    void loadingCopiesValuesIntoTheExistingParameters() {
        Sequential source = mlp(1), target = mlp(2);
        Tensor weightBefore = ((Linear) target.get(0)).weight();
        LoadReport report = target.loadStateDict(source.stateDict(), Strictness.STRICT);
        assertTrue(report.isClean());
        assertEquals("all keys matched", report.describe());
        source.stateDict().forEach((k, v) -> assertArrayEquals(v.toFloatArray(), target.stateDict().get(k).toFloatArray(), k));
        assertTrue(weightBefore == ((Linear) target.get(0)).weight(), "parameters are updated in place, so optimizers keep working");
    }

    @Test
    void valuesOfAnotherDtypeAreConverted() {
        Sequential target = mlp(2);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        mlp(1).stateDict().forEach((k, v) -> sd.put(k, v.to(DType.FLOAT64)));
        target.loadStateDict(sd, Strictness.STRICT);
        assertEquals(DType.FLOAT32, target.parameters().get(0).dtype());
        assertArrayEquals(sd.get("0.weight").toFloatArray(), target.parameters().get(0).toFloatArray());
    }

    @Test
    void strictLoadListsEveryProblemInOneMessageAndLoadsNothing() {
        Sequential target = mlp(2);
        float[] before = target.parameters().get(1).toFloatArray();
        Map<String, Tensor> sd = new LinkedHashMap<>(mlp(1).stateDict());
        sd.remove("2.bias");
        sd.remove("2.weight");
        sd.put("0.weight", Tensor.zeros(4, 5));
        sd.put("1.weight", Tensor.zeros(1));
        sd.put("extra", Tensor.zeros(1));

        StateDictMismatchException e = assertThrows(StateDictMismatchException.class, () -> target.loadStateDict(sd, Strictness.STRICT));
        assertEquals(String.join("\n",
                "Error(s) in loading state dict for Sequential:",
                "  missing key(s) in state dict: \"2.weight\", \"2.bias\"",
                "  unexpected key(s) in state dict: \"1.weight\", \"extra\"",
                "  size mismatch for 0.weight: copying a value of shape [4, 5] from the state dict, the shape in the current model is [4, 6]"),
                e.getMessage());
        assertEquals(List.of("2.weight", "2.bias"), e.report().missingKeys());
        assertArrayEquals(before, target.parameters().get(1).toFloatArray(), "0.bias matched but nothing may be loaded");
    }

    @Test
    void lenientLoadCopiesWhatMatchesAndReportsTheRest() {
        Sequential source = mlp(1), target = mlp(2);
        Map<String, Tensor> sd = new LinkedHashMap<>(source.stateDict());
        sd.remove("2.bias");
        sd.put("0.weight", Tensor.zeros(4, 5));
        sd.put("extra", Tensor.zeros(1));
        float[] weightBefore = target.parameters().get(0).toFloatArray();

        LoadReport report = target.loadStateDict(sd, Strictness.LENIENT);
        assertFalse(report.isClean());
        assertEquals(List.of("2.bias"), report.missingKeys());
        assertEquals(List.of("extra"), report.unexpectedKeys());
        assertEquals(List.of(new LoadReport.ShapeMismatch("0.weight", List.of(4, 6), List.of(4, 5))), report.shapeMismatches());
        assertArrayEquals(weightBefore, target.parameters().get(0).toFloatArray(), "a wrongly shaped value is not loaded");
        assertArrayEquals(source.parameters().get(1).toFloatArray(), target.parameters().get(1).toFloatArray(), "0.bias is loaded");
        assertArrayEquals(source.parameters().get(2).toFloatArray(), target.parameters().get(2).toFloatArray(), "2.weight is loaded");
    }

    @Test
    void nullValuesAreRefused() {
        Map<String, Tensor> sd = new LinkedHashMap<>(mlp(1).stateDict());
        sd.put("0.bias", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mlp(2).loadStateDict(sd, Strictness.LENIENT));
        assertEquals("loadStateDict: the value for key '0.bias' is null", e.getMessage());
    }
}
