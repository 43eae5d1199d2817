package dev.jgrad.learn.train;

import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.loss.MSELoss;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link HealthMonitor}: it observes without perturbing, and what it records is what the step did. */
class HealthMonitorTest {
    private static MnistData small;

    @BeforeAll
    static void load() {
        MnistData b = MnistSource.bundled();
        small = new MnistData(TrainerTest.slice(b.train(), 640), TrainerTest.slice(b.test(), 300), "small");
    }

    /** Losses of every step, as a listener hears them. */
    private static final class Losses implements TrainingListener {
        final List<Double> losses = new ArrayList<>();

        @Override
        public void stepLoss(int epoch, int step, double loss) {
            losses.add(loss);
        }
    }

    private static void assertSameRun(TrainConfig config) {
        Trainer plain = new Trainer(small, config);
        Losses plainLosses = new Losses();
        List<EpochMetrics> a = plain.train(plainLosses);
        Trainer watched = new Trainer(small, config);
        Losses watchedLosses = new Losses();
        List<EpochMetrics> b;
        try (HealthMonitor monitor = HealthMonitor.attach(watched, 1)) { // every step: the most it can do
            b = watched.train(TrainingListener.both(watchedLosses, monitor));
            assertEquals(plainLosses.losses.size(), monitor.records().size());
        }
        assertEquals(plainLosses.losses, watchedLosses.losses, "every step's loss, bit for bit");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss());
            assertEquals(a.get(i).testLoss(), b.get(i).testLoss());
        }
        TrainerTest.assertBitIdentical(TrainerTest.weights(plain), TrainerTest.weights(watched));
    }

    @Test
    void aWatchedRunIsBitForBitTheUnwatchedOne() {
        assertSameRun(TrainerTest.quick().withEpochs(2));
        // dropout draws masks and batch norm keeps running statistics: neither may notice the monitor
        assertSameRun(TrainerTest.quick().withEpochs(1).withModel(new MlpSpec(new int[] {784, 24, 16, 10},
                Activation.LEAKY_RELU, InitScheme.DEFAULT, 0.2, MlpSpec.Norm.BATCH)));
    }

    @Test
    void recordsStepsOneAndEveryNthAfterOverEpochsAndNotTheEvaluation() {
        Trainer t = new Trainer(small, TrainerTest.quick().withEpochs(2)); // 13 steps per epoch (batch 50)
        try (HealthMonitor m = HealthMonitor.attach(t, 5)) {
            t.train(m);
            assertEquals(List.of(1L, 6L, 11L, 16L, 21L, 26L), m.records().stream().map(HealthRecord::step).toList());
            assertEquals(List.of(1, 1, 1, 2, 2, 2), m.records().stream().map(HealthRecord::epoch).toList());
            HealthRecord r = m.records().get(0);
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"),
                    r.params().stream().map(HealthRecord.Param::name).toList());
            assertEquals(1, r.activations().size());
            assertEquals("1", r.activations().get(0).name());
            assertEquals("ReLU", r.activations().get(0).type());
            assertTrue(r.loss() > 2 && r.loss() < 2.5, "first loss near ln 10: " + r.loss());
        }
    }

    /** A tiny regression model and one step of {@code optimizer} on it, watched, with its gradients kept. */
    private record Stepped(HealthRecord record, Map<String, double[]> grads, Map<String, double[]> before,
                           Optimizer<?> optimizer, Module model) {
    }

    private static Stepped oneStep(String optimizer, Map<String, ?> kwargs) {
        Generator gen = new Generator(3);
        Module model = new Sequential(new Linear(5, 7, gen), new ReLU(), new Linear(7, 3, gen), new LeakyReLU(),
                new Linear(3, 2, gen));
        Optimizer<?> opt = OptimizerRegistry.get(optimizer).create(model.parameters(), kwargs);
        HealthMonitor m = HealthMonitor.attach(model, opt, 1);
        Tensor x = Tensor.randn(gen, 6, 5);
        Tensor y = Tensor.randn(gen, 6, 2);
        m.epochStarted(1, 4, 6);
        Map<String, double[]> before = new LinkedHashMap<>();
        model.namedParameters().forEach((k, v) -> before.put(k, v.toDoubleArray()));
        opt.zeroGrad();
        Tensor loss = new MSELoss().apply(model.call(x), y);
        loss.backward();
        Map<String, double[]> grads = new LinkedHashMap<>();
        model.namedParameters().forEach((k, v) -> grads.put(k, v.grad().toDoubleArray()));
        opt.step();
        m.stepLoss(1, 1, loss.item());
        m.stepFinished(1, 1, 4, 6, loss.item(), 1);
        m.close();
        assertEquals(1, m.records().size());
        return new Stepped(m.records().get(0), grads, before, opt, model);
    }

    @Test
    void sgdsUpdateRatioIsLrTimesTheGradientNormOverTheWeightNorm() {
        Stepped s = oneStep("SGD", Map.of("lr", 0.1));
        for (HealthRecord.Param p : s.record().params()) {
            double g = HealthMonitor.norm(s.grads().get(p.name()));
            double w = HealthMonitor.norm(s.before().get(p.name()));
            assertEquals(g, p.gradNorm(), 1e-12 * g);
            assertEquals(0.1 * g / w, p.updateRatio(), 1e-5 * p.updateRatio(), p.name()); // float32 weights
            assertEquals(HealthMonitor.norm(s.model().namedParameters().get(p.name()).toDoubleArray()), p.weightNorm());
            assertNull(p.effectiveStep(), "SGD keeps no exp_avg_sq");
        }
        assertEquals(2, s.record().activations().size());
        assertEquals(List.of("1", "3"), s.record().activations().stream().map(HealthRecord.Activation::name).toList());
    }

    @Test
    void adamsEffectiveStepAtStepOneIsLrOverAbsGradientPlusEps() {
        // t = 1: v = (1 − β₂)g², v̂ = g², so γ/(√v̂ + ε) = γ/(|g| + ε), coordinate by coordinate
        Stepped s = oneStep("Adam", Map.of("lr", 0.01, "eps", 1e-3));
        for (HealthRecord.Param p : s.record().params()) {
            double[] expected = Arrays.stream(s.grads().get(p.name())).map(g -> 0.01 / (Math.abs(g) + 1e-3)).toArray();
            HealthRecord.Quantiles q = HealthRecord.Quantiles.of(expected);
            HealthRecord.Quantiles got = p.effectiveStep();
            assertNotNull(got, p.name());
            // v is float32 state for float32 parameters: agreement to float precision
            assertEquals(q.min(), got.min(), 1e-5 * q.min());
            assertEquals(q.p5(), got.p5(), 1e-5 * q.p5());
            assertEquals(q.p50(), got.p50(), 1e-5 * q.p50());
            assertEquals(q.p95(), got.p95(), 1e-5 * q.p95());
            assertEquals(q.max(), got.max(), 1e-5 * q.max());
            assertTrue(got.max() <= 0.01 / 1e-3 && got.min() > 0);
        }
    }

    @Test
    void theEffectiveStepIsReportedExactlyForOptimizersWhoseStateHasASecondMoment() {
        int withMoment = 0;
        for (String name : OptimizerRegistry.names()) {
            if (OptimizerRegistry.get(name).create(List.of(Tensor.zeros(1, 1).requiresGrad(true)), Map.of())
                    .requiresClosure()) {
                continue; // LBFGS steps through a closure; mnist refuses it
            }
            Stepped s;
            try {
                s = oneStep(name, Map.of("lr", 0.01));
            } catch (IllegalArgumentException refused) {
                continue; // a rule that needs other options or other shapes (Muon refuses vectors)
            }
            Tensor w = s.model().namedParameters().get("0.weight");
            // Adam's shape: a second moment, a per-parameter step and (β₁, β₂) (AdEMAMix and Adan have three betas,
            // Schedule-Free AdamW counts its steps per group)
            boolean hasMoment = s.optimizer().state(w).map(st -> st.isBuffer("exp_avg_sq") && st.has("step"))
                    .orElse(false) && OptimizerRegistry.get(name).betas() == 2;
            HealthRecord.Param p = s.record().params().get(0);
            assertEquals(hasMoment, p.effectiveStep() != null, name);
            if (hasMoment) {
                withMoment++;
            }
        }
        assertTrue(withMoment >= 5, "Adam, AdamW, NAdam, RAdam, LAMB keep exp_avg_sq; found " + withMoment);
    }

    @Test
    void aUnitIsDeadWhenItsInputIsAtMostZeroForEverySample() {
        Tensor in = Tensor.of(new double[] {1, -1, 0, -2, 2, -3, 0, 1}, DType.FLOAT64, 2, 4);
        assertEquals(0.5, HealthMonitor.deadFraction(in)); // units 1 and 2 dead; 0 and 3 alive in some row
        assertEquals(0.0, HealthMonitor.deadFraction(Tensor.of(new double[] {1, 1}, DType.FLOAT64, 1, 2)));
    }

    @Test
    void quantilesInterpolateBetweenOrderStatisticsAsNumpy() {
        HealthRecord.Quantiles q = HealthRecord.Quantiles.of(new double[] {4, 1, 3, 2, 5});
        assertEquals(1, q.min());
        assertEquals(1.2, q.p5(), 1e-15);   // numpy.quantile([1,2,3,4,5], 0.05) = 1.2
        assertEquals(3, q.p50());
        assertEquals(4.8, q.p95(), 1e-15);
        assertEquals(5, q.max());
    }

    @Test
    void selectedQuantilesAreThoseOfTheSortedValues() {
        // few distinct values (many ties) and many: selection must agree with sorting exactly
        Property.named("quantiles by selection = by sorting").forAll(Gens.ints(1, 60), Gens.ints(1, 1000),
                Gens.ints(0, Integer.MAX_VALUE), (n, distinct, seed) -> {
                    Random rnd = new Random(seed);
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = rnd.nextInt(distinct) * 0.25 - 3;
                    }
                    double[] sorted = v.clone();
                    Arrays.sort(sorted);
                    HealthRecord.Quantiles q = HealthRecord.Quantiles.of(v);
                    double[] expected = new double[5];
                    double[] levels = {0, 0.05, 0.5, 0.95, 1};
                    for (int i = 0; i < 5; i++) {
                        double pos = levels[i] * (n - 1);
                        int lo = (int) Math.floor(pos);
                        int hi = Math.min(lo + 1, n - 1);
                        expected[i] = sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
                    }
                    assertArrayEquals(expected, new double[] {q.min(), q.p5(), q.p50(), q.p95(), q.max()});
                });
        assertTrue(Double.isNaN(HealthRecord.Quantiles.of(new double[] {1, Double.NaN}).p50()));
    }

    @Test
    void afterCloseNothingIsRecordedAndEveryBelowOneIsRefused() {
        Trainer t = new Trainer(small, TrainerTest.quick().withEpochs(1));
        HealthMonitor m = HealthMonitor.attach(t, 1);
        m.close();
        t.train(m);
        assertTrue(m.records().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> HealthMonitor.attach(t, 0));
    }
}
