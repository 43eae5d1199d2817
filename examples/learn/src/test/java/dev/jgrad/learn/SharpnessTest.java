package dev.jgrad.learn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradOptions;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.nn.Bias;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharpnessTest {
    /** Power iteration on hvp against Commons Math's eigenvalues of the Hessian built by finite differences of gradients. */
    @Test
    void powerIterationFindsTheTopEigenvalueOfTheDenseHessian() {
        Generator gen = new Generator(3);
        Module model = new Sequential(new Linear(3, 4, Bias.WITH, DType.FLOAT64, gen), new ReLU(),
                new Linear(4, 3, Bias.WITH, DType.FLOAT64, gen));
        Tensor x = Tensor.normal(new Generator(4), 0, 1, DType.FLOAT64, 6, 3);
        int[] labels = {0, 2, 1, 1, 0, 2};
        CrossEntropyLoss loss = new CrossEntropyLoss();
        List<Tensor> params = model.parameters();
        int n = params.stream().mapToInt(Tensor::numel).sum();
        double[][] h = new double[n][];
        double eps = 1e-6;
        for (int i = 0; i < n; i++) {
            nudge(params, i, eps);
            double[] plus = gradient(model, loss, x, labels, params);
            nudge(params, i, -2 * eps);
            double[] minus = gradient(model, loss, x, labels, params);
            nudge(params, i, eps);
            h[i] = new double[n];
            for (int j = 0; j < n; j++) {
                h[i][j] = (plus[j] - minus[j]) / (2 * eps);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                h[i][j] = h[j][i] = (h[i][j] + h[j][i]) / 2;
            }
        }
        double[] eig = new EigenDecomposition(new Array2DRowRealMatrix(h)).getRealEigenvalues();
        double top = Arrays.stream(eig).map(Math::abs).max().orElseThrow();
        List<Tensor> v = new ArrayList<>();
        for (Tensor p : params) {
            v.add(Tensor.normal(new Generator(p.numel()), 0, 1, DType.FLOAT64, p.shape()));
        }
        double[] lambda = new double[1];
        Sharpness.topEigenvector(model, loss, x, labels, params, v, 300, lambda);
        assertEquals(top, Math.abs(lambda[0]), 1e-4 * top, "power iteration vs eigenvalues " + Arrays.toString(eig));
        assertTrue(top > 0.01, "a non-trivial Hessian");
    }

    private static void nudge(List<Tensor> params, int flat, double by) {
        for (Tensor p : params) {
            if (flat < p.numel()) {
                double[] v = p.toDoubleArray();
                v[flat] += by;
                Autograd.noGrad(() -> p.copyFrom(v));
                return;
            }
            flat -= p.numel();
        }
    }

    private static double[] gradient(Module model, CrossEntropyLoss loss, Tensor x, int[] labels, List<Tensor> params) {
        List<Tensor> g = Autograd.grad(List.of(loss.apply(model.forward(x), labels)), params, null,
                GradOptions.DEFAULT);
        return g.stream().flatMapToDouble(t -> Arrays.stream(t.toDoubleArray())).toArray();
    }

    @Test
    void aShortRunRecordsEveryMeasurementAndTrains() {
        Sharpness s = new Sharpness(64, 8, 10, 5, 4, 0);
        Sharpness.Run r = s.run(MnistSource.bundled().train(), 0.2);
        assertEquals(List.of(0, 5, 10), r.points().stream().map(Sharpness.Point::step).toList());
        assertEquals(10, r.threshold(), 1e-12);
        assertTrue(r.points().get(2).loss() < r.points().get(0).loss(), r.toString());
        for (Sharpness.Point p : r.points()) {
            assertTrue(p.sharpness() > 0 && Double.isFinite(p.sharpness()), r.toString());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new Sharpness(64, 8, 10, 0, 4, 0));
        assertEquals("every must be >= 1, got 0", e.getMessage());
    }
}
