package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.nn.loss.BCELoss;
import dev.jgrad.nn.loss.BCEWithLogitsLoss;
import dev.jgrad.ops.Gelu;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of the new layers beyond their gradients: modes, seeding, buffers, errors, printing. */
class NewLayersTest {
    @Test
    void erfMatchesCommonsMath() {
        for (double z = -7; z <= 7; z += 0.013) {
            assertEquals(Erf.erf(z), Gelu.erf(z), 2e-16 + 1e-15 * Math.abs(Erf.erf(z)), "erf(" + z + ")");
        }
    }

    @Test
    void dropoutIsSeededScaledAndTheIdentityInEval() {
        Tensor x = Tensor.ones(DType.FLOAT64, 100, 100);
        double[] a = new Dropout(0.3, new Generator(7)).forward(x).toDoubleArray();
        double[] b = new Dropout(0.3, new Generator(7)).forward(x).toDoubleArray();
        assertArrayEquals(a, b);
        long zeros = Arrays.stream(a).filter(v -> v == 0).count();
        assertEquals(3000, zeros, 200, "about p of the elements are dropped");
        Arrays.stream(a).filter(v -> v != 0).forEach(v -> assertEquals(1 / 0.7, v, 1e-12));
        Dropout d = new Dropout(0.3, new Generator(7));
        d.eval();
        assertSame(x, d.forward(x));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, new Generator(1)));
    }

    @Test
    void batchNormRejectsOneValuePerChannelInTrainingOnly() {
        BatchNorm1d bn = new BatchNorm1d(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.ones(1, 3)));
        assertTrue(e.getMessage().contains("Expected more than 1 value per channel when training"), e.getMessage());
        bn.eval();
        assertArrayEquals(new int[] {1, 3}, bn.forward(Tensor.ones(1, 3)).shape());
    }

    @Test
    void batchNormBuffersTravelWithTheStateDictButNotToTheOptimizer() {
        BatchNorm1d trained = new BatchNorm1d(2, 1e-5, 0.1, Affine.WITH, DType.FLOAT64);
        trained.forward(Tensor.of(new double[] {1, 2, 3, 6}, DType.FLOAT64, 2, 2));
        assertEquals(2, trained.parameters().size());
        BatchNorm1d fresh = new BatchNorm1d(2, 1e-5, 0.1, Affine.WITH, DType.FLOAT64);
        fresh.loadStateDict(trained.stateDict(), Strictness.STRICT);
        assertArrayEquals(trained.runningMean().toDoubleArray(), fresh.runningMean().toDoubleArray());
        assertArrayEquals(new double[] {0.2, 0.4}, fresh.runningMean().toDoubleArray(), 1e-15);
        assertEquals(1, fresh.numBatchesTracked());
        Map<String, Tensor> state = new Sequential(new Linear(2, 2, new Generator(1)), new BatchNorm1d(2)).stateDict();
        assertEquals("[0.weight, 0.bias, 1.weight, 1.bias, 1.running_mean, 1.running_var, 1.num_batches_tracked]",
                state.keySet().toString());
    }

    @Test
    void printsAsPyTorch() {
        assertTrue(new Sequential(new Tanh(), new GELU(), new LeakyReLU(0.2), new LayerNorm(4)).toString()
                .contains("(1): GELU(approximate='none')"));
        assertTrue(new BatchNorm1d(8).toString()
                .contains("BatchNorm1d(8, eps=1.0E-5, momentum=0.1, affine=True, track_running_stats=True)")
                || new BatchNorm1d(8).toString().contains("BatchNorm1d(8, eps=1e-05"), new BatchNorm1d(8).toString());
    }

    @Test
    void binaryCrossEntropyRejectsTargetsOutsideTheUnitInterval() {
        Tensor x = Tensor.of(new double[] {0.5, 0.5}, DType.FLOAT64, 2);
        Tensor bad = Tensor.of(new double[] {0.5, 1.5}, DType.FLOAT64, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BCELoss().apply(x, bad));
        assertEquals("BCELoss: every target must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BCEWithLogitsLoss().apply(x, bad));
        assertThrows(IllegalArgumentException.class, () -> new BCELoss().apply(bad, x));
    }

    @Test
    void bceWithLogitsStaysFiniteForHugeLogits() {
        Tensor x = Tensor.of(new double[] {1000, -1000}, DType.FLOAT64, 2).requiresGrad(true);
        Tensor loss = new BCEWithLogitsLoss().apply(x, Tensor.of(new double[] {0, 1}, DType.FLOAT64, 2));
        assertEquals(1000, loss.item(), 1e-9);
        loss.backward();
        assertArrayEquals(new double[] {0.5, -0.5}, x.grad().toDoubleArray(), 1e-12);
        Autograd.noGrad(() -> assertTrue(Double.isFinite(loss.item())));
    }
}
