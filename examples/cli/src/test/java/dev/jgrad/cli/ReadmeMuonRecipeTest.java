package dev.jgrad.cli;

import dev.jgrad.docs.JavaSnippet;
import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.learn.data.Batches;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Muon;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Muon + AdamW recipe, compiled and run from README.md on 64 real digits: the loss falls. */
class ReadmeMuonRecipeTest {

    @Test
    void theRecipeTrainsTheHiddenMatrixWithMuonAndTheRestWithAdamW() throws Exception {
        Dataset train = MnistSource.bundled().train();
        int[] order = Batches.sequentialIndices(64);
        float[] pixels = new float[64 * train.pixels()];
        int[] labels = new int[64];
        Batches.normalizeBatch(train, order, 0, 64, pixels);
        Batches.labelBatch(train, order, 0, 64, labels);
        Tensor x = Tensor.of(pixels, 64, train.pixels());

        Generator fresh = new Generator(0);   // the same model as the snippet's, before training
        Sequential before = new Sequential(new Linear(784, 500, fresh), new ReLU(), new Linear(500, 10, fresh));
        double initial = new CrossEntropyLoss().apply(before.call(x), labels).item();

        JavaSnippet.Result r = JavaSnippet.of(MarkdownDoc.read("README.md").block("muon-recipe"))
                .imports("dev.jgrad.nn.*", "dev.jgrad.nn.loss.CrossEntropyLoss", "dev.jgrad.optim.*",
                        "dev.jgrad.tensor.Tensor", "java.util.List")
                .input("gen", Generator.class, new Generator(0))
                .input("x", Tensor.class, x)
                .input("labels", int[].class, labels)
                .exposing("mlp", "muon", "adamW")
                .run();
        Sequential mlp = r.get("mlp", Sequential.class);
        double trained = new CrossEntropyLoss().apply(mlp.call(x), labels).item();
        assertTrue(trained < 0.9 * initial, "20 steps on one batch (Muon and AdamW at their default rates, 1e-3): loss " + initial + " → " + trained);
        Muon muon = r.get("muon", Muon.class);
        AdamW adamW = r.get("adamW", AdamW.class);
        assertEquals(1, muon.paramGroups().get(0).params().size());
        assertEquals(2, muon.paramGroups().get(0).params().get(0).shape().length);
        assertEquals(3, adamW.paramGroups().get(0).params().size(), "a bias and the output layer's weight and bias");
        assertEquals(DType.FLOAT32, muon.state(mlp.parameters().get(0)).orElseThrow().dtype(), "Muon in float32");
    }
}
