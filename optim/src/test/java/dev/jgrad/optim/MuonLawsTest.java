package dev.jgrad.optim;

import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MuonLawsTest {

    /**
     * Five Newton–Schulz steps with the default coefficients put every singular value of the update at or below 1.5,
     * and every one that started at 1% of the Frobenius norm or more in [0.5, 1.5] (Commons Math's SVD as the oracle).
     * A direction far smaller than that is only multiplied by about a⁵ ≈ 484 in five steps, so it stays small.
     */
    @Test
    void theOrthogonalisedUpdateHasSingularValuesNearOne() {
        Property.named("Muon: singular values of O in [0.5, 1.5]").tries(60)
                .forAll(Gens.ints(1, 7), Gens.ints(1, 7), Gens.ints(0, 1 << 20), (n, p, seed) -> {
                    var gen = new Generator(seed);
                    double[] u = new double[n * p];
                    for (int i = 0; i < u.length; i++) {
                        u[i] = gen.nextGaussian() * Math.pow(10, (i % 3) - 1);
                    }
                    double[] o = Muon.NewtonSchulz.orthogonalise(u, n, p, Muon.Options.DEFAULTS);
                    double[] in = singularValues(u, n, p), out = singularValues(o, n, p);
                    double frobenius = Math.sqrt(Arrays.stream(in).map(s -> s * s).sum());
                    long large = Arrays.stream(in).filter(s -> s >= 0.01 * frobenius).count();
                    long near1 = Arrays.stream(out).filter(s -> s >= 0.5 && s <= 1.5).count();
                    for (double s : out) {
                        assertTrue(s <= 1.5, "singular value " + s + " of a " + n + "×" + p + " update");
                    }
                    assertTrue(near1 >= large, "only " + near1 + " singular values in [0.5, 1.5] for " + large
                            + " directions of at least 1% of the norm: " + Arrays.toString(out));
                });
    }

    /** The traced singular values (what explain shows for Muon) are Commons Math's, to 1e-9 of the largest. */
    @Test
    void tracedSingularValuesAreTheOraclesValues() {
        Property.named("Muon: Jacobi singular values").tries(60)
                .forAll(Gens.ints(1, 7), Gens.ints(1, 7), Gens.ints(0, 1 << 20), (n, p, seed) -> {
                    var gen = new Generator(seed);
                    double[] a = new double[n * p];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = gen.nextGaussian();
                    }
                    double[] expected = singularValues(a, n, p).clone(), actual = Muon.NewtonSchulz.singularValues(a, n, p);
                    Arrays.sort(expected);
                    assertEquals(Math.min(n, p), actual.length);
                    for (int i = 0; i < actual.length; i++) {
                        assertEquals(expected[i], actual[i], 1e-9 * (1 + expected[expected.length - 1]), "σ" + i);
                    }
                });
    }

    /** float32 parameters keep float32 state and run in float32 (on the float32 kernels); they track float64 closely. */
    @Test
    void float32ParametersRunInFloat32AndTrackFloat64() {
        Property.named("Muon: float32 tracks float64").tries(30)
                .forAll(Gens.ints(1, 9), Gens.ints(1, 9), Gens.ints(0, 1 << 20), (n, p, seed) -> {
                    var gen = new Generator(seed);
                    double[] theta0 = new double[n * p];
                    for (int i = 0; i < theta0.length; i++) {
                        theta0[i] = gen.nextGaussian();
                    }
                    Tensor d = Tensor.of(theta0.clone(), n, p).requiresGrad(true);
                    Tensor f = Tensor.of(theta0.clone(), n, p).to(DType.FLOAT32).requiresGrad(true);
                    Muon.Options o = new Muon.Options(0.02, 0.1, 0.95, true, 3.4445, -4.7750, 2.0315, 1e-7, 5,
                            Muon.AdjustLrFn.NONE);
                    Muon md = new Muon(List.of(d), o), mf = new Muon(List.of(f), o);
                    for (int k = 0; k < 4; k++) {
                        double[] g = new double[n * p];
                        for (int i = 0; i < g.length; i++) {
                            g[i] = gen.nextGaussian();
                        }
                        d.setGrad(Tensor.of(g, n, p));
                        f.setGrad(Tensor.of(g, n, p).to(DType.FLOAT32));
                        md.step();
                        mf.step();
                    }
                    assertEquals(DType.FLOAT32, f.dtype());
                    assertEquals(DType.FLOAT32, mf.state(f).orElseThrow().dtype());
                    double[] expected = d.toDoubleArray(), actual = f.toDoubleArray();
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])), "element " + i);
                    }
                });
    }

    private static double[] singularValues(double[] a, int n, int p) {
        double[][] m = new double[n][p];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * p, m[i], 0, p);
        }
        return new SingularValueDecomposition(new Array2DRowRealMatrix(m)).getSingularValues();
    }

    @Test
    void refusesParametersThatAreNotMatrices() {
        Tensor bias = Tensor.zeros(3).requiresGrad(true);
        assertEquals("Muon only supports 2-D parameters, but parameter 0 has shape [3]: give biases and other non-matrix "
                        + "parameters to AdamW in a second optimizer",
                assertThrows(IllegalArgumentException.class, () -> new Muon(List.of(bias), Muon.Options.DEFAULTS)).getMessage());
    }

    /** A saved state resumes bit for bit, and a parameter without a gradient is left alone. */
    @Test
    void resumesBitIdenticallyAndSkipsNullGradients() {
        Property.named("Muon: resume and null gradients").tries(30)
                .forAll(Gens.ints(1, 5), Gens.ints(1, 5), Gens.ints(0, 1 << 20), (n, p, seed) -> {
                    var gen = new Generator(seed);
                    double[] theta0 = new double[n * p];
                    for (int i = 0; i < theta0.length; i++) {
                        theta0[i] = gen.nextGaussian();
                    }
                    Tensor a = Tensor.of(theta0.clone(), n, p).requiresGrad(true);
                    Muon first = new Muon(List.of(a), Muon.Options.DEFAULTS.withLr(0.02));
                    double[][] grads = new double[4][n * p];
                    for (double[] g : grads) {
                        for (int i = 0; i < g.length; i++) {
                            g[i] = gen.nextGaussian();
                        }
                    }
                    for (int k = 0; k < 2; k++) {
                        a.setGrad(Tensor.of(grads[k], n, p));
                        first.step();
                    }
                    Tensor b = Tensor.of(a.toDoubleArray(), n, p).requiresGrad(true);
                    Muon second = new Muon(List.of(b), Muon.Options.DEFAULTS.withLr(0.02));
                    second.loadStateDict(StateFiles.fromJson(StateFiles.toJson(first.stateDict()), OptimizerState.class));
                    double[] before = a.toDoubleArray();
                    a.setGrad(null);
                    first.step();
                    assertArrayEquals(before, a.toDoubleArray(), "no gradient, no step (not even the decay)");
                    for (int k = 2; k < 4; k++) {
                        a.setGrad(Tensor.of(grads[k], n, p));
                        b.setGrad(Tensor.of(grads[k], n, p));
                        first.step();
                        second.step();
                    }
                    assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
                });
    }
}
