package dev.jgrad.optim;

import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SOAP's laws, both checked on the authors' code: the first step only builds the eigenbasis, and with nothing to
 * rotate SOAP is Adam in Kingma &amp; Ba's form started one step late. Plus the invariance the eigenbasis rests on.
 */
class SoapLawsTest {

    /** The first step with a gradient leaves θ where it was (weight decay too), counts no step, and builds Q. */
    @Test
    void theFirstStepDoesNotMoveTheta() {
        Property.named("SOAP: step 1 keeps θ").forAll(OptimizerLaws.runs(), Gens.booleans(), Gens.doubles(0, 0.5),
                (run, oneD, decay) -> {
                    Tensor p = run.param();
                    var o = new SOAP.Options(0.1, 0.9, 0.95, -1, 1e-8, decay, 1, 10000, false, oneD, false, true);
                    SOAP opt = new SOAP(List.of(p), o);
                    p.setGrad(run.grad(0));
                    opt.step();
                    assertArrayEquals(run.theta0().data(), p.toDoubleArray());
                    ParamState s = opt.state(p).orElseThrow();
                    assertEquals(0, s.get("step"));
                    assertTrue(s.has("Q"));
                });
    }

    /**
     * With no dimension rotated (a vector with precondition_1d off, or every dimension above max_precond_dim) and
     * no decay, SOAP's steps 2, 3, ... are Adam's steps 1, 2, ... on g₂, g₃, ... in Kingma &amp; Ba's form, ε added to
     * √v before the bias correction: θ ← θ − γ·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε). Bit for bit.
     */
    @Test
    void withNothingToRotateItIsKingmaBaAdamOneStepLate() {
        Property.named("SOAP unrotated = Adam (Kingma & Ba) one step late")
                .forAll(OptimizerLaws.runs(), Gens.doubles(1e-4, 0.1), Gens.doubles(0.5, 0.999), (run, lr, beta2) -> {
                    Tensor p = run.param();
                    double beta1 = 0.9, eps = 1e-8;
                    var o = new SOAP.Options(lr, beta1, beta2, -1, eps, 0, 2, 1, false, false, false, true);
                    SOAP opt = new SOAP(List.of(p), o);
                    double[] theta = run.theta0().data().clone();
                    double[] m = new double[theta.length], v = new double[theta.length];
                    for (int k = 0; k < run.grads().size(); k++) {
                        p.setGrad(run.grad(k));
                        opt.step();
                        if (k == 0) {
                            continue;   // SOAP's first step; Adam starts with g₂
                        }
                        double[] g = run.grads().get(k);
                        int t = k;
                        double stepSize = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
                        for (int i = 0; i < theta.length; i++) {
                            m[i] = m[i] * beta1 + (1 - beta1) * g[i];
                            v[i] = v[i] * beta2 + (1 - beta2) * g[i] * g[i];
                            theta[i] = theta[i] - stepSize * (m[i] / (Math.sqrt(v[i]) + eps));
                        }
                        assertArrayEquals(theta, p.toDoubleArray(), "step " + (k + 1));
                    }
                });
    }

    /**
     * Rotating every gradient of a square matrix by fixed orthogonal U, V (G ↦ U·G·Vᵀ) rotates SOAP's whole
     * trajectory alike: θₜ − θ₀ ↦ U·(θₜ − θ₀)·Vᵀ, because the eigenbases rotate with the Gram matrices and Adam runs
     * in their coordinates. (Adam alone has no such law: its per-coordinate v is tied to the parameter's axes.)
     */
    @Test
    void rotatingTheGradientsRotatesTheTrajectory() {
        Property.named("SOAP: equivariant under G ↦ UGVᵀ").tries(40)
                .forAll(Gens.ints(2, 4), Gens.ints(0, 1 << 20), (n, seed) -> {
            Generator gen = new Generator(seed);
            double[] u = orthogonal(n, gen), w = orthogonal(n, gen);
            Tensor a = Tensor.zeros(DType.FLOAT64, n, n).requiresGrad(true);
            Tensor b = Tensor.zeros(DType.FLOAT64, n, n).requiresGrad(true);
            var o = new SOAP.Options(0.01, 0.9, 0.95, -1, 0, 0, 3, 10000, false, false, false, true);
            SOAP plain = new SOAP(List.of(a), o), rotated = new SOAP(List.of(b), o);
            for (int k = 0; k < 8; k++) {
                double[] g = new double[n * n];
                for (int i = 0; i < g.length; i++) {
                    g[i] = gen.nextGaussian() * (1 + i);   // distinct scales keep the spectrum well separated
                }
                a.setGrad(Tensor.of(g, n, n));
                b.setGrad(Tensor.of(times(times(u, g, n, false), w, n, true), n, n));
                plain.step();
                rotated.step();
            }
            double[] expected = times(times(u, a.toDoubleArray(), n, false), w, n, true), actual = b.toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-8 * (1 + Math.abs(expected[i])), "θ[" + i + "]");
            }
        });
    }

    @Test
    void savedStatesResumeAndNullGradientsChangeNothing() {
        var o = new SOAP.Options(0.01, 0.9, 0.95, 0.9, 1e-8, 0.01, 2, 10000, false, true, false, true);
        OptimizerLaws.stateDictResumesBitIdentically("SOAP", ps -> new SOAP(ps, o));
        OptimizerLaws.nullGradientsChangeNothing("SOAP", ps -> new SOAP(ps, o));
    }

    /** Two groups, one with its gradient absent on a step; float32 parameters (float32 state) track float64. */
    @Test
    void groupsAndFloat32Parameters() {
        double[] t0 = {0.5, -1.25, 2, 0.75, -0.5, 1}, g = {0.3, -0.2, 0.1, 0.5, -0.7, 0.2};
        Tensor a = Tensor.of(t0, 2, 3).requiresGrad(true), b = Tensor.of(t0, 2, 3).requiresGrad(true);
        Tensor f = Tensor.of(t0, 2, 3).to(DType.FLOAT32).requiresGrad(true);
        var o = SOAP.Options.DEFAULTS.withLr(0.01);
        SOAP opt = new SOAP(o, List.of(new ParamGroup<>(List.of(a), o), new ParamGroup<>(List.of(b), o.withLr(0.02))));
        SOAP single = new SOAP(List.of(f), o);
        for (int k = 0; k < 5; k++) {
            double[] gk = g.clone();
            gk[k] += 1;
            a.setGrad(Tensor.of(gk, 2, 3));
            b.setGrad(k == 2 ? null : Tensor.of(gk, 2, 3));
            f.setGrad(Tensor.of(gk, 2, 3).to(DType.FLOAT32));
            opt.step();
            single.step();
        }
        assertEquals(4, opt.state(a).orElseThrow().get("step"));
        assertEquals(3, opt.state(b).orElseThrow().get("step"));
        assertEquals(DType.FLOAT32, f.dtype());
        for (int i = 0; i < 6; i++) {
            assertEquals(a.toDoubleArray()[i], f.toDoubleArray()[i], 1e-6);
        }
        assertFalse(Arrays.equals(a.toDoubleArray(), b.toDoubleArray()));
    }

    @Test
    void mergeDimsMergesNeighboursUpToTheLimitAsTheAuthorsDo() {
        assertArrayEquals(new int[] {576, 64}, SOAP.Basis.merged(new int[] {3, 3, 64, 64}, 10000));
        assertArrayEquals(new int[] {4, 4}, SOAP.Basis.merged(new int[] {2, 2, 4}, 4));
        assertArrayEquals(new int[] {20000, 3}, SOAP.Basis.merged(new int[] {20000, 3}, 10000));
    }

    @Test
    void invalidOptionsAreRefusedByName() {
        assertEquals("Invalid precondition_frequency: 0 (must be >= 1)", assertThrows(IllegalArgumentException.class,
                () -> new SOAP.Options(3e-3, 0.95, 0.95, -1, 1e-8, 0.01, 0, 10000, false, false, false, true))
                .getMessage());
        assertEquals("Invalid beta parameter at index 0: 1.0 (must be in [0, 1))",
                assertThrows(IllegalArgumentException.class,
                        () -> new SOAP.Options(3e-3, 1, 0.95, -1, 1e-8, 0.01, 10, 10000, false, false, false, true))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SOAP.Options(3e-3, 0.95, 0.95, 1, 1e-8, 0.01,
                10, 10000, false, false, false, true)).getMessage().startsWith("Invalid shampoo_beta: 1.0"));
    }

    @Test
    void theRegistryKnowsTheAuthorsKeywords() {
        assertEquals(List.of("lr", "betas", "shampoo_beta", "eps", "weight_decay", "precondition_frequency",
                "max_precond_dim", "merge_dims", "precondition_1d", "normalize_grads", "correct_bias"),
                OptimizerRegistry.get("soap").optionNames());
        assertEquals(List.of("lr", "betas", "rho", "weight_decay", "maximize", "bs"),
                OptimizerRegistry.get("sophiag").optionNames());
    }

    private static double[] orthogonal(int n, Generator gen) {
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = gen.nextGaussian();
        }
        return Decompositions.qrQ(a, n);
    }

    /** a·b (or a·bᵀ), n × n row-major. */
    private static double[] times(double[] a, double[] b, int n, boolean transposeB) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * (transposeB ? b[j * n + k] : b[k * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }
}
