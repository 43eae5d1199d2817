package dev.jgrad.learn;

import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.Evaluation;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LrFinder}: the ramp, the smoothing, the stop rule, the suggestion, and that the suggestion trains. */
class LrFinderTest {
    private static MnistData bundled;

    @BeforeAll
    static void load() {
        bundled = MnistSource.bundled();
    }

    private static LrFinder.Setup setup(OptimizerSpec o) {
        return new LrFinder.Setup(ModelSpec.mlp(64), o, 1e-7, 10, 100, 64, 0);
    }

    @Test
    void theRampIsExponentialTheLossIsSmoothedAsFastaiAndItStopsAtFourTimesTheBest() {
        // plain SGD up to γ = 1000: the loss explodes before the end of the ramp
        LrFinder.Result r = LrFinder.run(bundled.train(),
                new LrFinder.Setup(ModelSpec.mlp(64), OptimizerSpec.of("SGD"), 1e-7, 1000, 100, 64, 0));
        List<LrFinder.Point> p = r.points();
        assertEquals(1e-7, p.get(0).lr());
        double ratio = Math.pow(1000 / 1e-7, 1 / 99.0);
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.size(); i++) {
            assertEquals(i, p.get(i).step());
            if (i > 0) {
                assertEquals(ratio, p.get(i).lr() / p.get(i - 1).lr(), 1e-12 * ratio);
            }
            average = 0.98 * average + (1 - 0.98) * p.get(i).loss();
            assertEquals(average / (1 - Math.pow(0.98, i + 1)), p.get(i).smoothedLoss(), 1e-15);
            if (i < p.size() - 1) {
                assertTrue(p.get(i).smoothedLoss() <= 4 * best, "it would have stopped at step " + i);
                best = Math.min(best, p.get(i).smoothedLoss());
            }
        }
        assertEquals(LrFinder.Stop.DIVERGED, r.stop());
        assertTrue(p.get(p.size() - 1).smoothedLoss() > 4 * best);
        assertTrue(p.size() < 100);
    }

    /** Muon, which takes matrices only (so alone it would refuse the biases), ramps as Muon + AdamW, as mnist runs it. */
    @Test
    void muonRampsWithItsAdamWPartner() {
        LrFinder.Result r = LrFinder.run(bundled.train(),
                new LrFinder.Setup(ModelSpec.mlp(16), OptimizerSpec.of("Muon"), 1e-5, 1e-1, 12, 64, 0));
        assertEquals(12, r.points().size());
        r.points().forEach(p -> assertTrue(Double.isFinite(p.loss()), "loss at lr " + p.lr()));
    }

    @Test
    void aRampThatDoesNotDivergeEndsAtTheEndLearningRate() {
        LrFinder.Result r = LrFinder.run(bundled.train(), setup(OptimizerSpec.adamW()));
        assertEquals(LrFinder.Stop.END_OF_RAMP, r.stop());
        assertEquals(100, r.points().size());
        assertEquals(10, r.points().get(99).lr());
    }

    @Test
    void theSuggestionIsAPointOfTheRampWhereTheSmoothedLossFallsFastest() {
        LrFinder.Result r = LrFinder.run(bundled.train(), setup(OptimizerSpec.adamW()));
        List<LrFinder.Point> p = r.points();
        int at = -1;
        for (int i = 0; i < p.size(); i++) {
            if (p.get(i).lr() == r.suggestion()) {
                at = i;
            }
        }
        assertTrue(at >= 10 && at < p.size() - 5, "inside the kept points: " + at);
        double slope = p.get(at + 1).smoothedLoss() - p.get(at).smoothedLoss();
        for (int j = 10; j + 1 < p.size() - 5; j++) {
            assertTrue(p.get(j + 1).smoothedLoss() - p.get(j).smoothedLoss() >= slope, "steeper at " + j);
        }
        assertTrue(slope < 0, "the loss falls there");
    }

    @Test
    void theSameSeedGivesTheSameTestAndTheSuggestionTrainsForAdamWAndSgd() {
        Dataset small = new Dataset(Arrays.copyOf(bundled.train().images(), 640 * 784),
                Arrays.copyOf(bundled.train().labels(), 640), 640, 28, 28);
        MnistData data = new MnistData(small, bundled.test(), "640 bundled digits");
        for (OptimizerSpec o : List.of(OptimizerSpec.adamW(), OptimizerSpec.of("SGD").with("momentum", 0.9))) {
            LrFinder.Result a = LrFinder.run(bundled.train(), setup(o));
            LrFinder.Result b = LrFinder.run(bundled.train(), setup(o));
            assertEquals(a.points(), b.points(), "deterministic for a seed");
            double lr = a.suggestion();
            assertTrue(lr >= 1e-7 && lr <= 10, o + ": " + lr);
            TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.mlp(64)).withOptimizer(o.withLr(lr))
                    .withEpochs(1).withSeed(1);
            Trainer t = new Trainer(data, config);
            Evaluation before = t.evaluate(bundled.test());
            t.train(TrainingListener.NONE);
            Evaluation after = t.evaluate(bundled.test());
            assertTrue(after.loss() < 0.8 * before.loss(), o.name() + " at " + lr + ": test loss " + before.loss()
                    + " -> " + after.loss());
        }
    }

    @Test
    void theSetupRefusesAnEmptyRamp() {
        OptimizerSpec o = OptimizerSpec.adamW();
        assertThrows(IllegalArgumentException.class, () -> new LrFinder.Setup(ModelSpec.mlp(8), o, 1, 1, 10, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new LrFinder.Setup(ModelSpec.mlp(8), o, 0, 1, 10, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new LrFinder.Setup(ModelSpec.mlp(8), o, 1e-3, 1, 1, 8, 0));
        assertEquals(Double.NaN, LrFinder.steepest(List.of(new LrFinder.Point(0, 1, 2, 2)), 10));
    }
}
