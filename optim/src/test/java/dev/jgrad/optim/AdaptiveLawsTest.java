package dev.jgrad.optim;

import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.optim.laws.OptimizerLaws.Run;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The idea of each of Adagrad, Adadelta, RMSprop, Rprop, Adamax and ASGD, pinned as laws on random parameters,
 * gradients and options; plus the public law base's laws every optimizer obeys.
 */
class AdaptiveLawsTest {
    /** A few ulps of a subnormal: relative tolerances mean nothing below Double.MIN_NORMAL. */
    private static final double SUBNORMAL_SLACK = 64 * Double.MIN_VALUE;

    private static final Gen<Double> LR = Gens.doubles(1e-4, 0.3);
    private static final Gen<Double> EPS = Gens.doubles(1e-10, 1e-3);
    private static final Gen<Double> DECAY = Gens.doubles(0, 0.5);
    /** Gradients bounded away from 0, where "the sign of g" and "|g|" are well defined. */
    private static final Gen<Run> AWAY_FROM_ZERO =
            OptimizerLaws.runs(Gens.doublesAvoiding(-2, 2, new double[] {0}, 1e-3));

    /** Runs {@code opt} over {@code run}, returning θ₀ and θ after every step. */
    private static List<double[]> thetas(Run run, Tensor p, Optimizer<?> opt) {
        List<double[]> out = new ArrayList<>();
        out.add(p.toDoubleArray());
        for (int k = 0; k < run.grads().size(); k++) {
            p.setGrad(run.grad(k));
            opt.step();
            out.add(p.toDoubleArray());
        }
        return out;
    }

    private static double maxAbs(List<double[]> xs) {
        double m = 0;
        for (double[] x : xs) {
            for (double v : x) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    // ---- Adagrad -------------------------------------------------------------------------------------------------

    @Test
    void adagradsPerCoordinateStepSizeNeverGrows() {
        // step size of coordinate i at step t: |θₜ − θₜ₋₁| / |gₜ| = γₜ / (√sₜ + ε), with λ = 0
        Gen<Adagrad.Options> options = Gen.zip(Gen.zip(LR, Gens.doubles(0, 0.5), Gens.doubles(0, 1)), EPS,
                (a, eps) -> new Adagrad.Options(a.first(), a.second(), 0, a.third(), eps, false));
        Property.named("Adagrad: |Δθ| / |g| is non-increasing in t, per coordinate")
                .forAll(AWAY_FROM_ZERO, options, (run, o) -> {
                    Tensor p = run.param();
                    List<double[]> th = thetas(run, p, new Adagrad(List.of(p), o));
                    double slack = 8 * Math.ulp(maxAbs(th));   // rounding of θ in the observed differences
                    for (int i = 0; i < p.numel(); i++) {
                        double previous = Double.POSITIVE_INFINITY, previousError = 0;
                        for (int t = 1; t < th.size(); t++) {
                            double g = Math.abs(run.grads().get(t - 1)[i]);
                            double size = Math.abs(th.get(t)[i] - th.get(t - 1)[i]) / g;
                            assertTrue(size <= previous + previousError + slack / g, "coordinate " + i + ", step " + t
                                    + ": " + size + " > " + previous);
                            previous = size;
                            previousError = slack / g;
                        }
                    }
                });
    }

    @Test
    void adagradsLrDecayIsTheHarmonicScheduleOfPyTorch() {
        // with λ = 0 and the same gradients, each step of Adagrad(γ, η) is Adagrad(γ, 0)'s scaled by 1/(1 + (t − 1)η)
        Gen<Adagrad.Options> options = Gen.zip(LR, Gens.doubles(0, 1), EPS)
                .map(t -> new Adagrad.Options(t.first(), 0, 0, t.second(), t.third(), false));
        Property.named("Adagrad: lr_decay η divides step t by 1 + (t − 1)η")
                .forAll(AWAY_FROM_ZERO, options, Gens.doubles(0, 0.5), (run, o, eta) -> {
                    Tensor plain = Tensor.zeros(DType.FLOAT64, run.theta0().shape()).requiresGrad(true);
                    Tensor decayed = Tensor.zeros(DType.FLOAT64, run.theta0().shape()).requiresGrad(true);
                    Adagrad a = new Adagrad(List.of(plain), o);
                    Adagrad b = new Adagrad(List.of(decayed), new Adagrad.Options(o.lr(), eta, 0,
                            o.initialAccumulatorValue(), o.eps(), false));
                    double[] before = new double[plain.numel()], beforeDecayed = new double[plain.numel()];
                    for (int t = 1; t <= run.grads().size(); t++) {
                        plain.setGrad(run.grad(t - 1));
                        decayed.setGrad(run.grad(t - 1));
                        a.step();
                        b.step();
                        double[] x = plain.toDoubleArray(), y = decayed.toDoubleArray();
                        for (int i = 0; i < x.length; i++) {
                            double expected = (x[i] - before[i]) / (1 + (t - 1) * eta);
                            assertEquals(expected, y[i] - beforeDecayed[i], 1e-9 * Math.abs(expected) + 1e-15,
                                    "coordinate " + i + ", step " + t);
                        }
                        before = x;
                        beforeDecayed = y;
                    }
                });
    }

    @Test
    void adagradWithEpsAndStartZeroDoesNotSeeTheGradientsScale() {
        Adagrad.Options o = new Adagrad.Options(0.1, 0.01, 0, 0, 0, false);
        OptimizerLaws.gradientScaleDoesNotMatter("Adagrad(ε = 0, s₀ = 0)", params -> new Adagrad(params, o), 4096);
        OptimizerLaws.gradientScaleDoesNotMatter("Adagrad(ε = 0, s₀ = 0)", params -> new Adagrad(params, o), 1.0 / 32);
    }

    // ---- Adadelta ------------------------------------------------------------------------------------------------

    @Test
    void adadeltasAccDeltaIsTheRunningMeanOfTheSquaredUpdatesItApplied() {
        Gen<Adadelta.Options> options = Gen.zip(Gens.doubles(0.1, 2), Gens.doubles(0, 0.99), EPS)
                .map(t -> new Adadelta.Options(t.first(), t.second(), t.third(), 0, false));
        Property.named("Adadelta: u = running mean of (Δθ/γ)², observed from θ")
                .forAll(AWAY_FROM_ZERO, options, (run, o) -> {
                    Tensor p = Tensor.zeros(DType.FLOAT64, run.theta0().shape()).requiresGrad(true);
                    Adadelta opt = new Adadelta(List.of(p), o);
                    List<double[]> th = thetas(run, p, opt);
                    double[] u = new double[p.numel()];
                    for (int t = 1; t < th.size(); t++) {
                        for (int i = 0; i < u.length; i++) {
                            double delta = (th.get(t)[i] - th.get(t - 1)[i]) / o.lr();
                            u[i] = o.rho() * u[i] + (1 - o.rho()) * delta * delta;
                        }
                    }
                    double[] kept = opt.state(p).orElseThrow().values("acc_delta");
                    for (int i = 0; i < u.length; i++) {
                        assertEquals(u[i], kept[i], 1e-6 * u[i] + 1e-300, "coordinate " + i);
                    }
                });
    }

    @Test
    void adadeltasStepIsBoundedByThePastUpdatesNotByTheGradient() {
        // |Δθₜ| ≤ γ·√((uₜ₋₁ + ε) / (1 − ρ)) since vₜ ≥ (1 − ρ)gₜ²: a huge gradient cannot make a huge step
        Gen<Adadelta.Options> options = Gen.zip(Gens.doubles(0.1, 2), Gens.doubles(0, 0.99), EPS)
                .map(t -> new Adadelta.Options(t.first(), t.second(), t.third(), 0, false));
        Gen<Run> wild = OptimizerLaws.runs(Gens.doublesAvoiding(-1e6, 1e6, new double[] {0}, 1e-3));
        Property.named("Adadelta: |Δθ| ≤ γ√((u + ε)/(1 − ρ)), whatever g").forAll(wild, options, (run, o) -> {
            Tensor p = run.param();
            Adadelta opt = new Adadelta(List.of(p), o);
            double[] u = new double[p.numel()];
            for (int k = 0; k < run.grads().size(); k++) {
                double[] before = p.toDoubleArray();
                p.setGrad(run.grad(k));
                opt.step();
                double[] after = p.toDoubleArray();
                for (int i = 0; i < u.length; i++) {
                    double bound = o.lr() * Math.sqrt((u[i] + o.eps()) / (1 - o.rho()));
                    double step = Math.abs(after[i] - before[i]);
                    assertTrue(step <= bound * (1 + 1e-9) + 4 * Math.ulp(Math.abs(before[i])),
                            "coordinate " + i + ", step " + (k + 1) + ": " + step + " > " + bound);
                }
                u = opt.state(p).orElseThrow().values("acc_delta");
            }
        });
    }

    // ---- RMSprop -------------------------------------------------------------------------------------------------

    @Test
    void rmspropsSquareAverageApproachesItsFixedPointGSquaredAsOneMinusAlphaToTheT() {
        Gen<RMSprop.Options> options = Gen.zip(Gen.zip(LR, Gens.doubles(0, 0.999), EPS),
                Gen.zip(Gens.doubles(0, 0.9), Gens.booleans(), Gens.booleans()),
                (a, b) -> new RMSprop.Options(a.first(), a.second(), a.third(), 0, b.first(), b.second(), b.third()));
        Property.named("RMSprop: constant g for n steps ⇒ square_avg = (1 − αⁿ)g², grad_avg = (1 − αⁿ)g")
                .forAll(Gens.doubleArrays(Gens.shapes(1, 2, 4), -2, 2), options, Gens.ints(1, 40), (g, o, n) -> {
                    Tensor p = Tensor.zeros(DType.FLOAT64, g.length).requiresGrad(true);
                    RMSprop opt = new RMSprop(List.of(p), o);
                    for (int t = 0; t < n; t++) {
                        p.setGrad(Tensor.of(g, g.length));
                        opt.step();
                    }
                    ParamState s = opt.state(p).orElseThrow();
                    double w = 1 - Math.pow(o.alpha(), n);
                    double[] v = s.values("square_avg");
                    for (int i = 0; i < g.length; i++) {
                        // g² may be subnormal (g ~ 1e-156 is an edge case), where 1e-12 relative is below one ulp.
                        assertEquals(w * g[i] * g[i], v[i], 1e-12 * g[i] * g[i] + SUBNORMAL_SLACK, "square_avg " + i);
                        if (o.centered()) {
                            double gi = o.maximize() ? -g[i] : g[i];
                            assertEquals(w * gi, s.values("grad_avg")[i], 1e-12 * Math.abs(g[i]) + SUBNORMAL_SLACK,
                                    "grad_avg " + i);
                        }
                    }
                });
    }

    @Test
    void rmspropWithEpsZeroDoesNotSeeTheGradientsScale() {
        for (boolean centered : new boolean[] {false, true}) {
            for (double momentum : new double[] {0, 0.9}) {
                RMSprop.Options o = new RMSprop.Options(0.01, 0.9, 0, 0, momentum, centered, false);
                String name = "RMSprop(ε = 0, momentum " + momentum + ", centered " + centered + ")";
                OptimizerLaws.gradientScaleDoesNotMatter(name, params -> new RMSprop(params, o), 1024);
                OptimizerLaws.gradientScaleDoesNotMatter(name, params -> new RMSprop(params, o), 1.0 / 64);
            }
        }
    }

    // ---- Rprop ---------------------------------------------------------------------------------------------------

    private static final Gen<Rprop.Options> RPROP = Gen.zip(Gen.zip(LR, Gens.doubles(0.05, 0.95),
            Gens.doubles(1.05, 3)), Gen.zip(Gens.doubles(1e-6, 1e-3), Gens.doubles(1e-3, 1), Gens.booleans()),
            (a, b) -> new Rprop.Options(a.first(), a.second(), a.third(), b.first(), b.second(), b.third()));

    @Test
    void rpropsStepSizesStayInsideStepSizesAndEveryMoveIsOneOfThem() {
        Property.named("Rprop: Δmin ≤ Δ ≤ Δmax after every step, and |Δθ| ∈ {0, Δ}")
                .forAll(AWAY_FROM_ZERO, RPROP, (run, o) -> {
                    Tensor p = run.param();
                    Rprop opt = new Rprop(List.of(p), o);
                    for (int k = 0; k < run.grads().size(); k++) {
                        double[] before = p.toDoubleArray();
                        p.setGrad(run.grad(k));
                        opt.step();
                        double[] after = p.toDoubleArray(), delta = opt.state(p).orElseThrow().values("step_size");
                        for (int i = 0; i < delta.length; i++) {
                            assertTrue(o.stepSize1() <= delta[i] && delta[i] <= o.stepSize2(), "Δ = " + delta[i]);
                            double move = Math.abs(after[i] - before[i]);
                            assertTrue(move == 0 || Math.abs(move - delta[i]) <= 2 * Math.ulp(Math.abs(before[i]) + 1),
                                    "coordinate " + i + " moved " + move + " with Δ = " + delta[i]);
                        }
                    }
                });
    }

    @Test
    void rpropSeesOnlyTheSignOfEachGradientCoordinate() {
        // each gradient element scaled by its own positive factor: the trajectory is the same, bit for bit
        Property.named("Rprop(c ⊙ g) == Rprop(g) for any c > 0 elementwise")
                .forAll(AWAY_FROM_ZERO, RPROP, Gens.doubles(1e-3, 1e3), (run, o, c0) -> {
                    Tensor a = run.param(), b = run.param();
                    Rprop plain = new Rprop(List.of(a), o), scaled = new Rprop(List.of(b), o);
                    for (int k = 0; k < run.grads().size(); k++) {
                        double[] g = run.grads().get(k), cg = new double[g.length];
                        for (int i = 0; i < g.length; i++) {
                            cg[i] = g[i] * c0 * (1 + i + k);    // a different positive factor per element and step
                        }
                        a.setGrad(run.grad(k));
                        b.setGrad(Tensor.of(cg, run.theta0().shape()));
                        plain.step();
                        scaled.step();
                        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), "step " + (k + 1));
                    }
                });
    }

    // ---- Adamax --------------------------------------------------------------------------------------------------

    @Test
    void adamaxsDenominatorIsTheRunningMaxOfDecayedAbsGPlusEps() {
        Gen<Adamax.Options> options = Gen.zip(Gen.zip(LR, Gens.doubles(0, 0.99), Gens.doubles(0.5, 0.999)),
                Gen.zip(EPS, Gens.booleans()),
                (a, b) -> new Adamax.Options(a.first(), a.second(), a.third(), b.first(), 0, b.second()));
        Property.named("Adamax: exp_inf_t = max over k ≤ t of β₂^(t−k)·(|g_k| + ε)")
                .forAll(OptimizerLaws.runs(), options, (run, o) -> {
                    Tensor p = run.param();
                    Adamax opt = new Adamax(List.of(p), o);
                    int n = run.grads().size();
                    for (int k = 0; k < n; k++) {
                        p.setGrad(run.grad(k));
                        opt.step();
                    }
                    double[] u = opt.state(p).orElseThrow().values("exp_inf");
                    for (int i = 0; i < u.length; i++) {
                        double max = 0;
                        for (int k = 0; k < n; k++) {
                            double absG = Math.abs(run.grads().get(k)[i]);
                            double decayed = Math.pow(o.beta2(), n - 1 - k) * (absG + o.eps());
                            max = Math.max(max, decayed);
                        }
                        assertEquals(max, u[i], 1e-13 * max, "coordinate " + i);
                    }
                });
    }

    @Test
    void adamaxWithEpsZeroDoesNotSeeTheGradientsScale() {
        Adamax.Options o = new Adamax.Options(0.01, 0.9, 0.99, 0, 0, false);
        OptimizerLaws.gradientScaleDoesNotMatter("Adamax(ε = 0)", params -> new Adamax(params, o), 512);
        OptimizerLaws.gradientScaleDoesNotMatter("Adamax(ε = 0)", params -> new Adamax(params, o), 1.0 / 256);
    }

    // ---- ASGD ----------------------------------------------------------------------------------------------------

    @Test
    void asgdsAxIsTheRunningAverageOfThetaFromStepT0PlusTwo() {
        Gen<ASGD.Options> options = Gen.zip(Gen.zip(LR, Gens.doubles(0, 0.1), Gens.doubles(0, 1)),
                Gen.zip(Gens.ints(0, 4), DECAY, Gens.booleans()), (a, b) ->
                        new ASGD.Options(a.first(), a.second(), a.third(), b.first(), b.second(), b.third()));
        Gen<Run> longRuns = Gens.shapedArrays(Gens.shapes(1, 2, 4), -3, 3).flatMap(theta0 -> Gen.listOf(
                Gens.doubleArrays(theta0.shape(), -2, 2), 1, 12).map(grads -> new Run(theta0, grads)));
        Property.named("ASGD: ax_t = θ_t for t ≤ t₀ + 2, else the mean of θ over steps t₀ + 2 .. t")
                .forAll(longRuns, options, (run, o) -> {
                    Tensor p = run.param();
                    ASGD opt = new ASGD(List.of(p), o);
                    List<double[]> th = new ArrayList<>();
                    for (int t = 1; t <= run.grads().size(); t++) {
                        p.setGrad(run.grad(t - 1));
                        opt.step();
                        th.add(p.toDoubleArray());
                        double[] ax = opt.state(p).orElseThrow().values("ax");
                        int first = (int) o.t0() + 2;
                        for (int i = 0; i < ax.length; i++) {
                            double expected = th.get(t - 1)[i];
                            if (t > first) {
                                double sum = 0;
                                for (int k = first; k <= t; k++) {
                                    sum += th.get(k - 1)[i];
                                }
                                expected = sum / (t - first + 1);
                            }
                            assertEquals(expected, ax[i], 1e-12 * (1 + maxAbs(th)), "coordinate " + i + ", step " + t);
                        }
                    }
                });
    }

    @Test
    void asgdWithoutGradientsOnlyDecaysThetaByOneMinusLambdaEtaOnItsSchedule() {
        Gen<ASGD.Options> options = Gen.zip(LR, Gens.doubles(0, 0.5), Gens.doubles(0, 1))
                .map(t -> new ASGD.Options(t.first(), t.second(), t.third(), 1e6, 0, false));
        Property.named("ASGD, g = 0: θₜ = θₜ₋₁(1 − ληₜ₋₁), η_t = γ / (1 + λγt)^α")
                .forAll(Gens.shapedArrays(Gens.shapes(1, 2, 4), -3, 3), options, Gens.ints(1, 10), (theta0, o, n) -> {
                    Tensor p = Tensor.of(theta0.data(), theta0.shape()).requiresGrad(true);
                    ASGD opt = new ASGD(List.of(p), o);
                    double[] expected = theta0.data();
                    double eta = o.lr();
                    for (int t = 1; t <= n; t++) {
                        p.setGrad(Tensor.zeros(p.dtype(), p.shape()));
                        opt.step();
                        for (int i = 0; i < expected.length; i++) {
                            expected[i] = expected[i] * (1 - o.lambd() * eta);
                        }
                        eta = o.lr() / Math.pow(1 + o.lambd() * o.lr() * t, o.alpha());
                        assertArrayEquals(expected, p.toDoubleArray(), "θ at step " + t);
                        assertEquals(eta, opt.state(p).orElseThrow().get("eta"), "η after step " + t);
                    }
                });
    }

    // ---- what every one of them obeys (the public law base) ------------------------------------------------------

    /** Each of the six with non-default options (decay off where θ would move by design). */
    private static List<OptimizerLaws.Factory> all(boolean withDecay) {
        double wd = withDecay ? 0.05 : 0;
        return List.of(
                p -> new Adagrad(p, new Adagrad.Options(0.1, 0.01, wd, 0.1, 1e-8, false)),
                p -> new Adadelta(p, new Adadelta.Options(0.5, 0.8, 1e-5, wd, true)),
                p -> new RMSprop(p, new RMSprop.Options(0.01, 0.9, 1e-6, wd, 0.8, true, false)),
                p -> new Rprop(p, new Rprop.Options(0.05, 0.3, 1.5, 1e-4, 1, true)),
                p -> new Adamax(p, new Adamax.Options(0.02, 0.8, 0.99, 1e-6, wd, false)),
                p -> new ASGD(p, new ASGD.Options(0.05, withDecay ? 1e-3 : 0, 0.6, 2, wd, false)));
    }

    @Test
    void nullGradientsChangeNothingAndSavedStatesResumeBitForBit() {
        String[] names = {"Adagrad", "Adadelta", "RMSprop", "Rprop", "Adamax", "ASGD"};
        for (int i = 0; i < names.length; i++) {
            OptimizerLaws.nullGradientsChangeNothing(names[i], all(true).get(i));
            OptimizerLaws.stateDictResumesBitIdentically(names[i], all(true).get(i));
            OptimizerLaws.zeroGradientsKeepThetaStill(names[i], all(false).get(i));
        }
    }
}
