package dev.jgrad.nn.loss;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.jgrad.nn.loss.CrossEntropyLossTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NLLAndMSELossTest {
    private final Generator gen = new Generator(11);

    @Test
    void nllPicksMinusTheTargetEntryAndMeansOverKeptRows() {
        Tensor lp = Tensor.normal(gen, 0, 1, DType.FLOAT64, 4, 3);
        double[] v = lp.toDoubleArray();
        int[] y = {2, 7, 0, 1};
        NLLLoss nll = new NLLLoss().withIgnoreIndex(7);
        assertEquals(-(v[2] + v[6] + v[10]) / 3, nll.apply(lp, y).item(), 1e-15);
        assertEquals(-(v[2] + v[6] + v[10]), nll.withReduction(Reduction.SUM).apply(lp, y).item(), 1e-15);
        assertArrayEquals(new double[] {-v[2], 0, -v[6], -v[10]}, nll.withReduction(Reduction.NONE).apply(lp, y).toDoubleArray(), 0.0);
    }

    @Test
    void nllOfLogSoftmaxEqualsCrossEntropy() {
        Tensor x = Tensor.normal(gen, 0, 2, DType.FLOAT64, 5, 6);
        int[] y = {0, 5, 2, 2, 3};
        assertEquals(new CrossEntropyLoss().apply(x, y).item(), new NLLLoss().apply(x.logSoftmax(1), y).item(), 1e-14);
    }

    @Test
    void nllIgnoredRowWithMinusInfinityDoesNotPoisonTheLoss() {
        Tensor lp = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, -0.5, -1, -2}, 2, 2);
        assertEquals(1.0, new NLLLoss().apply(lp, -100, 0).item());
    }

    @Test
    void nllErrorsNameTheLoss() {
        assertMessage("NLLLoss: target 3 at position 0 is out of bounds for 3 classes (valid: 0 to 2, or the ignore index -100)",
                () -> new NLLLoss().apply(Tensor.zeros(1, 3), 3));
    }

    @Test
    void mseIsTheReducedSquaredDifference() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2), b = Tensor.of(new double[] {0, 2, 5, 1}, 2, 2);
        assertEquals((1 + 0 + 4 + 9) / 4.0, new MSELoss().apply(a, b).item(), 0.0);
        assertEquals(14.0, new MSELoss(Reduction.SUM).apply(a, b).item(), 0.0);
        assertArrayEquals(new double[] {1, 0, 4, 9}, new MSELoss(Reduction.NONE).apply(a, b).toDoubleArray(), 0.0);
    }

    @Test
    void mseRefusesShapesThatWouldBroadcast() {
        assertMessage("MSELoss: input shape [3] and target shape [3, 1] differ; reshape one so they match element for element",
                () -> new MSELoss().apply(Tensor.zeros(3), Tensor.zeros(3, 1)));
    }
}
