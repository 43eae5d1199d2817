package org.example.digits;

import dev.jgrad.learn.Cells;
import dev.jgrad.learn.Race;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.EpochMetrics;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingListener;

import java.util.List;

/**
 * A user's project calling jgrad's learning library (jgrad-learn) instead of its command line: the MLP trained
 * on the digits bundled with the library, and this project's own optimizer ({@code Signum}, registered through
 * its {@code OptimizerProvider}) raced against AdamW. Both return values, which the tests check.
 */
public final class Digits {
    private Digits() {
    }

    /** A 784-32-10 MLP trained for {@code epochs} epochs with AdamW on the bundled digits. */
    public static List<EpochMetrics> train(int epochs) {
        TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.mlp(32)).withEpochs(epochs);
        return new Trainer(MnistSource.bundled(), config).train(TrainingListener.NONE);
    }

    /** AdamW against Signum for one epoch on the first 2 000 bundled digits, one seed, best first. */
    public static List<Race.Standing> race() {
        List<Race.Racer> field = List.of(
                new Race.Racer("AdamW", OptimizerSpec.adamW()),
                new Race.Racer("Signum", OptimizerSpec.of("Signum").withLr(1e-3)));
        Race.Setup setup = new Race.Setup(1, 64, 32, 0, 1, 2000, false, Double.NaN);
        List<Race.Result> results = Race.run(MnistSource.bundled(), setup, Race.plan(field, setup), Cells.Slice.ALL,
                2, finished -> { });
        return Race.ranking(results);
    }
}
