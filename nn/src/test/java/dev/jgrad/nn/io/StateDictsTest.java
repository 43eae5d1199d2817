package dev.jgrad.nn.io;

import dev.jgrad.nn.Bias;
import dev.jgrad.nn.LoadReport;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.StateDictMismatchException;
import dev.jgrad.nn.Strictness;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateDictsTest {
    @TempDir
    Path dir;

    private static Sequential mlp(long seed, int hidden) {
        Generator gen = new Generator(seed);
        return new Sequential(new Linear(784, hidden, gen), new ReLU(), new Linear(hidden, 10, gen));
    }

    @Test
    void aSavedModelLoadsIntoAFreshOneWithIdenticalOutputs() throws Exception {
        Sequential trained = mlp(1, 16), fresh = mlp(2, 16);
        Path file = dir.resolve("mlp.safetensors");
        StateDicts.save(trained, file);

        SafeTensors.Contents raw = SafeTensors.load(file);
        assertEquals(Map.of("format", "pt"), raw.metadata());
        assertEquals(List.of("0.bias", "0.weight", "2.bias", "2.weight"), List.copyOf(raw.tensors().keySet()), "file order: by name");

        assertTrue(StateDicts.load(fresh, file, Strictness.STRICT).isClean());
        Tensor x = Tensor.rand(new Generator(5), 3, 784);
        assertArrayEquals(trained.forward(x).toFloatArray(), fresh.forward(x).toFloatArray());
    }

    @Test
    void float64ModelsKeepTheirPrecision() throws Exception {
        Generator gen = new Generator(4);
        Linear a = new Linear(3, 2, Bias.WITH, DType.FLOAT64, gen), b = new Linear(3, 2, Bias.WITH, DType.FLOAT64, gen);
        Path file = dir.resolve("f64.safetensors");
        StateDicts.save(a, file);
        assertEquals(DType.FLOAT64, SafeTensors.load(file).tensors().get("weight").dtype());
        StateDicts.load(b, file, Strictness.STRICT);
        assertArrayEquals(a.weight().toDoubleArray(), b.weight().toDoubleArray(), 0.0);
    }

    @Test
    void aFileFromAnotherArchitectureIsRefusedWithEveryMismatch() throws Exception {
        Path file = dir.resolve("wide.safetensors");
        StateDicts.save(mlp(1, 32), file);
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                () -> StateDicts.load(mlp(2, 16), file, Strictness.STRICT));
        assertEquals(List.of("0.weight", "0.bias", "2.weight"), e.report().shapeMismatches().stream().map(LoadReport.ShapeMismatch::key).toList());
        assertTrue(e.getMessage().contains("size mismatch for 0.weight: copying a value of shape [32, 784] from the state dict, "
                + "the shape in the current model is [16, 784]"), e.getMessage());
    }
}
