package dev.jgrad.nn.loss;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossEntropyLossTest {
    private static final double TOL = 1e-12;

    private final Generator gen = new Generator(5);

    /**
     * PyTorch's definition written out with plain loops (the oracle): per row
     * (1 − ε)·(lse − x_y) + ε/C·Σₖ(lse − xₖ), ignored rows 0; mean divides by the rows kept.
     */
    static double[] perRow(double[] x, int rows, int c, int[] y, int ignore, double eps) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            if (y[i] == ignore) {
                continue;
            }
            double m = Double.NEGATIVE_INFINITY, s = 0, sumX = 0;
            for (int k = 0; k < c; k++) {
                m = Math.max(m, x[i * c + k]);
            }
            for (int k = 0; k < c; k++) {
                s += Math.exp(x[i * c + k] - m);
                sumX += x[i * c + k];
            }
            double lse = m + Math.log(s);
            out[i] = (1 - eps) * (lse - x[i * c + y[i]]) + eps / c * (c * lse - sumX);
        }
        return out;
    }

    @Test
    void meanSumAndNoneMatchTheDefinition() {
        Tensor x = Tensor.normal(gen, 0, 3, DType.FLOAT64, 6, 4);
        int[] y = {0, 3, 1, 1, 2, 3};
        double[] rows = perRow(x.toDoubleArray(), 6, 4, y, -100, 0);
        double sum = 0;
        for (double r : rows) {
            sum += r;
        }
        CrossEntropyLoss ce = new CrossEntropyLoss();
        assertEquals(sum / 6, ce.apply(x, y).item(), TOL);
        assertEquals(sum, ce.withReduction(Reduction.SUM).apply(x, y).item(), TOL);
        Tensor none = ce.withReduction(Reduction.NONE).apply(x, y);
        assertArrayEquals(new int[] {6}, none.shape());
        assertArrayEquals(rows, none.toDoubleArray(), TOL);
    }

    @Test
    void labelSmoothingFollowsPyTorchsFormula() {
        Tensor x = Tensor.normal(gen, 0, 2, DType.FLOAT64, 5, 7);
        int[] y = {6, 0, 3, 3, 1};
        for (double eps : new double[] {0.1, 0.5, 1.0}) {
            double[] rows = perRow(x.toDoubleArray(), 5, 7, y, -100, eps);
            double mean = 0;
            for (double r : rows) {
                mean += r / 5;
            }
            assertEquals(mean, new CrossEntropyLoss().withLabelSmoothing(eps).apply(x, y).item(), TOL, "eps " + eps);
        }
    }

    @Test
    void ignoredRowsContributeNothingAndTheMeanDividesByTheRowsKept() {
        Tensor x = Tensor.normal(gen, 0, 1, DType.FLOAT64, 5, 3).requiresGrad(true);
        int[] y = {2, -1, 0, -1, 1};
        double[] rows = perRow(x.toDoubleArray(), 5, 3, y, -1, 0.2);
        CrossEntropyLoss ce = new CrossEntropyLoss().withIgnoreIndex(-1).withLabelSmoothing(0.2);
        Tensor loss = ce.apply(x, y);
        assertEquals((rows[0] + rows[2] + rows[4]) / 3, loss.item(), TOL);
        loss.backward();
        double[] g = x.grad().toDoubleArray();
        for (int k = 0; k < 3; k++) {
            assertEquals(0.0, g[3 + k], "ignored row 1 gets no gradient");
            assertEquals(0.0, g[9 + k], "ignored row 3 gets no gradient");
        }
        assertArrayEquals(new double[] {rows[0], 0, rows[2], 0, rows[4]},
                ce.withReduction(Reduction.NONE).apply(x.detach(), y).toDoubleArray(), TOL);
    }

    @Test
    void anIgnoreIndexThatIsAValidClassIsStillIgnored() {
        Tensor x = Tensor.normal(gen, 0, 1, DType.FLOAT64, 3, 3);
        int[] y = {0, 1, 2};
        double[] rows = perRow(x.toDoubleArray(), 3, 3, y, 0, 0);
        assertEquals((rows[1] + rows[2]) / 2, new CrossEntropyLoss().withIgnoreIndex(0).apply(x, y).item(), TOL);
    }

    @Test
    void everyRowIgnoredGivesNanMeanAndZeroSumAsInPyTorch() {
        Tensor x = Tensor.normal(gen, 0, 1, DType.FLOAT64, 2, 3);
        assertTrue(Double.isNaN(new CrossEntropyLoss().apply(x, -100, -100).item()));
        assertEquals(0.0, new CrossEntropyLoss().withReduction(Reduction.SUM).apply(x, -100, -100).item());
    }

    @Test
    void gradientIsSoftmaxMinusTheSmoothedOneHotOverN() {
        double eps = 0.3;
        Tensor x = Tensor.normal(gen, 0, 2, DType.FLOAT64, 4, 5).requiresGrad(true);
        int[] y = {4, 0, 2, 2};
        new CrossEntropyLoss().withLabelSmoothing(eps).apply(x, y).backward();
        double[] xv = x.toDoubleArray(), g = x.grad().toDoubleArray();
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int k = 0; k < 5; k++) {
                s += Math.exp(xv[i * 5 + k]);
            }
            for (int k = 0; k < 5; k++) {
                double target = (k == y[i] ? 1 - eps : 0) + eps / 5;
                assertEquals((Math.exp(xv[i * 5 + k]) / s - target) / 4, g[i * 5 + k], TOL);
            }
        }
    }

    @Test
    void tensorTargetsAndUnbatchedInputsWork() {
        Tensor x = Tensor.normal(gen, 0, 1, DType.FLOAT64, 3, 4);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        assertEquals(ce.apply(x, 1, 3, 0).item(), ce.apply(x, Tensor.of(new double[] {1, 3, 0}, 3)).item(), 0.0);
        Tensor row = x.rows(1, 2).reshape(4);
        Tensor one = ce.apply(row, Tensor.scalar(3, DType.FLOAT64));
        assertEquals(0, one.dim());
        assertEquals(perRow(row.toDoubleArray(), 1, 4, new int[] {3}, -100, 0)[0], one.item(), TOL);
        assertEquals(0, ce.withReduction(Reduction.NONE).apply(row, 3).dim(), "unbatched NONE is a scalar, as in PyTorch");
    }

    @Test
    void float32IsSupportedAndStaysFloat32() {
        Tensor x = Tensor.normal(gen, 0, 1, DType.FLOAT32, 3, 4).requiresGrad(true);
        Tensor loss = new CrossEntropyLoss().apply(x, 0, 1, 2);
        assertEquals(DType.FLOAT32, loss.dtype());
        double expected = 0;
        for (double r : perRow(x.toDoubleArray(), 3, 4, new int[] {0, 1, 2}, -100, 0)) {
            expected += r / 3;
        }
        assertEquals(expected, loss.item(), 1e-6);
        loss.backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
    }

    @Test
    void extremeLogitsStayFiniteWhereLogOfSoftmaxDoesNot() {
        // Class 1's probability is e^-1000, which rounds to 0: log(softmax) gives +inf loss and NaN gradients.
        Tensor x = Tensor.of(new float[] {1000f, 0f, -1000f}, 1, 3).requiresGrad(true);
        assertEquals(Double.POSITIVE_INFINITY, -x.softmax(1).log().detach().toDoubleArray()[1]);
        Tensor loss = new CrossEntropyLoss().apply(x, 1);
        assertEquals(1000.0, loss.item(), 1e-3);
        loss.backward();
        assertArrayEquals(new float[] {1f, -1f, 0f}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void badTargetsAndInputsAreReportedClearly() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 3, 10);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        assertMessage("CrossEntropyLoss: target 10 at position 2 is out of bounds for 10 classes (valid: 0 to 9, or the ignore index -100)",
                () -> ce.apply(x, 1, 2, 10));
        assertMessage("CrossEntropyLoss: target -1 at position 0 is out of bounds for 10 classes (valid: 0 to 9, or the ignore index -100)",
                () -> ce.apply(x, -1, 2, 3));
        assertMessage("CrossEntropyLoss: expected input batch_size (3) to match target batch_size (2)", () -> ce.apply(x, 1, 2));
        assertMessage("CrossEntropyLoss: target values must be integral class indices, got 1.5 at position 1 "
                + "(class probabilities as targets are not supported)", () -> ce.apply(x, Tensor.of(new double[] {0, 1.5, 2}, 3)));
        assertMessage("CrossEntropyLoss: for input of shape [3, 10] the target must have shape [N] of class indices, got shape [3, 1]",
                () -> ce.apply(x, Tensor.zeros(3, 1)));
        assertMessage("CrossEntropyLoss: expected input of shape [N, C] (a batch) or [C] (one sample), got shape [2, 3, 4]",
                () -> ce.apply(Tensor.zeros(2, 3, 4), 0, 1));
        assertMessage("CrossEntropyLoss: label smoothing must be between 0.0 and 1.0, got 1.5", () -> ce.withLabelSmoothing(1.5));
        assertMessage("CrossEntropyLoss: label smoothing must be between 0.0 and 1.0, got NaN", () -> ce.withLabelSmoothing(Double.NaN));
    }

    static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
