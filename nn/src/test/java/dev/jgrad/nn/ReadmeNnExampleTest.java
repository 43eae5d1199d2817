package dev.jgrad.nn;

import dev.jgrad.nn.io.StateDicts;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The README's nn example, verbatim apart from the temp directory. */
class ReadmeNnExampleTest {

    @Test
    void readmeModelExampleRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mlp.safetensors");
        // --- README example start
        Generator gen = new Generator(0);
        Sequential model = new Sequential(new Linear(784, 500, gen), new ReLU(), new Linear(500, 10, gen));
        System.out.println(model);                          // structure and parameter counts
        System.out.println(model.parameterCount());         // 784·500 + 500 + 500·10 + 10 = 397510

        Tensor x = Tensor.rand(gen, 64, 784);               // a batch of 64 flattened images
        int[] labels = new int[64];
        Tensor loss = new CrossEntropyLoss().apply(model.forward(x), labels);
        loss.backward();                                    // grads for 0.weight, 0.bias, 2.weight, 2.bias

        StateDicts.save(model, file);                       // safetensors, written atomically
        Sequential copy = new Sequential(new Linear(784, 500, gen), new ReLU(), new Linear(500, 10, gen));
        StateDicts.load(copy, file, Strictness.STRICT);     // every key present, every shape right
        // --- README example end
        assertEquals(397_510, model.parameterCount());
        assertEquals(java.util.List.of("0.weight", "0.bias", "2.weight", "2.bias"), java.util.List.copyOf(model.namedParameters().keySet()));
        for (String k : model.namedParameters().keySet()) {
            assertArrayEquals(model.namedParameters().get(k).toDoubleArray(), copy.namedParameters().get(k).toDoubleArray(), k);
            assertNotNull(model.namedParameters().get(k).grad(), k);
        }
        assertTrue(model.toString().contains("Linear(in_features=784, out_features=500, bias=True)"), model.toString());
    }
}
