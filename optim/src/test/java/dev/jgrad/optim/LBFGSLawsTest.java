package dev.jgrad.optim;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What L-BFGS is for, as properties: Newton-like speed on quadratics, a memory that stays valid, exact resumes. */
class LBFGSLawsTest {

    /** f(θ) = ½θᵀAθ − bᵀθ with A symmetric positive definite (eigenvalues in [1, 10]). */
    private record Quadratic(int n, double[][] a, double[] b) {
        static Quadratic random(int n, long seed) {
            Generator gen = new Generator(seed);
            double[][] q = new double[n][n];   // an orthogonal basis: Gram–Schmidt on Gaussian columns
            for (int j = 0; j < n; j++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = gen.nextGaussian();
                }
                for (int k = 0; k < j; k++) {
                    double p = 0;
                    for (int i = 0; i < n; i++) {
                        p += v[i] * q[i][k];
                    }
                    for (int i = 0; i < n; i++) {
                        v[i] -= p * q[i][k];
                    }
                }
                double norm = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
                for (int i = 0; i < n; i++) {
                    q[i][j] = v[i] / norm;
                }
            }
            double[][] a = new double[n][n];
            for (int k = 0; k < n; k++) {
                double lambda = 1 + 9 * gen.nextDouble();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        a[i][j] += lambda * q[i][k] * q[j][k];
                    }
                }
            }
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = 3 * gen.nextGaussian();
            }
            return new Quadratic(n, a, b);
        }

        Tensor loss(Tensor theta) {
            Tensor row = theta.reshape(1, n);
            Tensor aTheta = row.matmul(Tensor.of(flat(a), n, n));
            return aTheta.mul(row).sum().mul(0.5).sub(theta.mul(Tensor.of(b, n)).sum());
        }

        private static double[] flat(double[][] m) {
            return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
        }
    }

    private static Optimizer.Closure closure(LBFGS opt, Tensor theta, UnaryOperator<Tensor> f,
                                             int[] evaluations) {
        return () -> {
            evaluations[0]++;
            opt.zeroGrad();
            Tensor loss = f.apply(theta);
            loss.backward();
            return loss.item();
        };
    }

    /**
     * The quasi-Newton idea itself: after every iteration that stored a pair, the inverse-Hessian estimate H̃ of the
     * two-loop recursion maps the newest gradient change y onto the newest step s (the secant equation H̃y = s), and
     * the direction it gave was a descent direction (gᵀd &lt; 0, since H̃ is positive definite).
     */
    @Test
    void theEstimateSatisfiesTheSecantEquationAndDescends() {
        Property.named("LBFGS: secant equation and descent").tries(40)
                .forAll(Gens.ints(1, 6), Gens.ints(0, 7), Gens.ints(0, 1 << 20), (n, code, seed) -> {
                    int m = code / 2 + 1;   // history 1 to 4, with or without the line search
                    boolean wolfe = code % 2 == 1;
                    Quadratic f = Quadratic.random(n, seed);
                    Tensor theta = Tensor.zeros(DType.FLOAT64, n).requiresGrad(true);
                    LBFGS opt = new LBFGS(List.of(theta), new LBFGS.Options(wolfe ? 1 : 0.05, 1, null, 1e-12, 1e-14, m,
                            wolfe ? LBFGS.LineSearchFn.STRONG_WOLFE : LBFGS.LineSearchFn.NONE));
                    for (int step = 0; step < 4; step++) {
                        opt.step(closure(opt, theta, f::loss, new int[1]));
                        ParamState s = opt.state(theta).orElseThrow();
                        if (!s.has("d")) {
                            return;   // already stationary
                        }
                        double[] g = s.values("prev_flat_grad");
                        double gtd = LBFGS.dot(g, s.values("d"));
                        assertTrue(gtd < 0 || LBFGS.maxAbs(g) < 1e-12, "gᵀd = " + gtd + " at step " + step);
                        List<double[]> dirs = rows(s.values("old_dirs"), n), stps = rows(s.values("old_stps"), n);
                        if (dirs.isEmpty()) {
                            continue;
                        }
                        List<Double> ro = Arrays.stream(s.values("ro")).boxed().toList();
                        double[] y = dirs.get(dirs.size() - 1), sNew = stps.get(stps.size() - 1);
                        double[] hy = LBFGS.twoLoop(y, dirs, stps, ro, s.get("H_diag"));   // −H̃·y
                        double scale = Arrays.stream(sNew).map(Math::abs).max().orElse(0);
                        for (int i = 0; i < n; i++) {
                            assertEquals(sNew[i], -hy[i], 1e-8 * scale, "(H̃y)[" + i + "] at step " + step);
                        }
                    }
                });
    }

    private static List<double[]> rows(double[] stacked, int n) {
        List<double[]> out = new ArrayList<>();
        for (int off = 0; off < stacked.length; off += n) {
            out.add(Arrays.copyOfRange(stacked, off, off + n));
        }
        return out;
    }

    /**
     * The memory holds at most history_size pairs, and only pairs with yᵀs &gt; 1e-10, so every ρ = 1/yᵀs is
     * positive and the inverse-Hessian estimate stays positive definite: every direction d is a descent direction.
     */
    @Test
    void memoryIsBoundedAndCurvaturePositive() {
        Property.named("LBFGS: bounded, curvature-positive memory").tries(40)
                .forAll(Gens.ints(1, 6), Gens.ints(1, 4), Gens.ints(0, 1 << 20), (n, m, seed) -> {
                    Quadratic f = Quadratic.random(n, seed);
                    Tensor theta = Tensor.zeros(DType.FLOAT64, n).requiresGrad(true);
                    LBFGS opt = new LBFGS(List.of(theta), new LBFGS.Options(0.5, 3, null, 1e-12, 1e-12, m,
                            LBFGS.LineSearchFn.NONE));
                    for (int step = 0; step < 3; step++) {
                        opt.step(closure(opt, theta, f::loss, new int[1]));
                        ParamState s = opt.state(theta).orElseThrow();
                        if (!s.has("ro")) {
                            continue;   // stopped before the first iteration
                        }
                        double[] ro = s.values("ro"), y = s.values("old_dirs"), st = s.values("old_stps");
                        assertTrue(ro.length <= m, ro.length + " pairs kept, history_size " + m);
                        assertEquals(ro.length * n, y.length);
                        for (int j = 0; j < ro.length; j++) {
                            double ys = 0;
                            for (int i = 0; i < n; i++) {
                                ys += y[j * n + i] * st[j * n + i];
                            }
                            assertTrue(ro[j] > 0 && ys > 1e-10, "pair " + j + ": ρ = " + ro[j] + ", yᵀs = " + ys);
                            assertEquals(1 / ro[j], ys, 1e-9 * Math.abs(ys));
                        }
                    }
                });
    }

    /** At a stationary point the step evaluates once, returns the loss and changes nothing. */
    @Test
    void aStationaryPointIsLeftAtOnce() {
        Property.named("LBFGS: stationary point").tries(40)
                .forAll(Gens.doubleArrays(Gens.shapes(1, 2, 4), -3, 3), centre -> {
                    int n = centre.length;
                    Tensor c = Tensor.of(centre, n);
                    Tensor theta = Tensor.of(centre.clone(), n).requiresGrad(true);
                    LBFGS opt = new LBFGS(List.of(theta), LBFGS.Options.DEFAULTS);
                    int[] evaluations = {0};
                    double loss = opt.step(closure(opt, theta, t -> t.sub(c).pow(2).sum(), evaluations));
                    assertEquals(0, loss);
                    assertEquals(1, evaluations[0]);
                    assertArrayEquals(centre, theta.toDoubleArray());
                    assertEquals(0, opt.state(theta).orElseThrow().get("n_iter"));
                });
    }

    /** Without a line search a step makes at most max_iter evaluations, never more. */
    @Test
    void fixedStepsEvaluateAtMostMaxIterTimes() {
        Property.named("LBFGS: evaluations <= max_iter").tries(40)
                .forAll(Gens.ints(1, 6), Gens.ints(1, 30), Gens.ints(0, 1 << 20), (n, maxIter, seed) -> {
                    Quadratic f = Quadratic.random(n, seed);
                    Tensor theta = Tensor.zeros(DType.FLOAT64, n).requiresGrad(true);
                    LBFGS opt = new LBFGS(List.of(theta), new LBFGS.Options(0.1, maxIter, null, 1e-7, 1e-9, 5,
                            LBFGS.LineSearchFn.NONE));
                    for (int step = 0; step < 2; step++) {
                        int[] evaluations = {0};
                        opt.step(closure(opt, theta, f::loss, evaluations));
                        assertTrue(evaluations[0] >= 1 && evaluations[0] <= maxIter, evaluations[0] + " evaluations");
                    }
                });
    }

    /** Two steps, save, two more: the same bits as four steps in one go, with either line search. */
    @Test
    void stateDictResumesBitIdentically() {
        Property.named("LBFGS: resume").tries(30)
                .forAll(Gens.ints(1, 6), Gens.ints(0, 1 << 20), Gens.booleans(), (n, seed, wolfe) -> {
                    Quadratic f = Quadratic.random(n, seed);
                    LBFGS.Options o = new LBFGS.Options(1, 2, null, 1e-12, 1e-14, 3,
                            wolfe ? LBFGS.LineSearchFn.STRONG_WOLFE : LBFGS.LineSearchFn.NONE);
                    Tensor a = Tensor.zeros(DType.FLOAT64, n).requiresGrad(true);
                    LBFGS straight = new LBFGS(List.of(a), o);
                    for (int k = 0; k < 2; k++) {
                        straight.step(closure(straight, a, f::loss, new int[1]));
                    }
                    Tensor b = Tensor.of(a.toDoubleArray(), n).requiresGrad(true);
                    LBFGS resumed = new LBFGS(List.of(b), o);
                    resumed.loadStateDict(straight.stateDict());
                    for (int k = 0; k < 2; k++) {
                        straight.step(closure(straight, a, f::loss, new int[1]));
                        resumed.step(closure(resumed, b, f::loss, new int[1]));
                    }
                    assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
                    assertEquals(straight.state(a).orElseThrow(), resumed.state(b).orElseThrow());
                });
    }

    /** float32 parameters run the float64 arithmetic, rounded after each move: they end where float64 ends, to float precision. */
    @Test
    void float32ParametersFollowTheFloat64Path() {
        Quadratic f = Quadratic.random(5, 42);
        Tensor d = Tensor.zeros(DType.FLOAT64, 5).requiresGrad(true);
        Tensor s = Tensor.zeros(DType.FLOAT32, 5).requiresGrad(true);
        Tensor a = Tensor.of(Quadratic.flat(f.a()), 5, 5).to(DType.FLOAT32), b = Tensor.of(f.b(), 5).to(DType.FLOAT32);
        LBFGS od = new LBFGS(List.of(d), LBFGS.Options.DEFAULTS), os = new LBFGS(List.of(s), LBFGS.Options.DEFAULTS);
        od.step(closure(od, d, f::loss, new int[1]));
        os.step(closure(os, s, t -> t.reshape(1, 5).matmul(a).mul(t.reshape(1, 5)).sum().mul(0.5).sub(t.mul(b).sum()),
                new int[1]));
        assertEquals(DType.FLOAT32, s.dtype());
        double[] expected = d.toDoubleArray(), actual = s.toDoubleArray();
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])));
        }
    }

    @Test
    void refusesStepsWithoutAClosureAndSecondGroups() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(p), LBFGS.Options.DEFAULTS);
        assertTrue(assertThrows(IllegalStateException.class, opt::step).getMessage().startsWith(
                "LBFGS needs to re-evaluate the loss during a step: call step(closure)"));
        Tensor q = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        List<ParamGroup<LBFGS.Options>> two = List.of(new ParamGroup<>(List.of(p), LBFGS.Options.DEFAULTS),
                new ParamGroup<>(List.of(q), LBFGS.Options.DEFAULTS));
        assertEquals("LBFGS doesn't support per-parameter options (parameter groups)",
                assertThrows(IllegalArgumentException.class, () -> new LBFGS(LBFGS.Options.DEFAULTS, two)).getMessage());
        assertEquals("Invalid history_size: 0 (must be >= 1)", assertThrows(IllegalArgumentException.class,
                () -> new LBFGS.Options(1, 20, null, 1e-7, 1e-9, 0, LBFGS.LineSearchFn.NONE)).getMessage());
        assertEquals(25, LBFGS.Options.DEFAULTS.maxEvalOrDefault());
    }
}
