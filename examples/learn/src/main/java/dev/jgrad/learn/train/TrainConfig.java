package dev.jgrad.learn.train;

import java.util.Objects;

/**
 * Everything that decides a training run besides the data. Two runs with equal configs on the same
 * data end with bit-identical weights.
 *
 * @param model builds the model
 * @param optimizer the optimizer and its hyper-parameters
 * @param schedule how the learning rate changes per epoch
 * @param epochs number of epochs the run is planned for (cosine anneals over them)
 * @param batchSize training images per step; the last batch of an epoch may be smaller
 * @param seed seeds the one generator that initialises the model and shuffles every epoch
 */
public record TrainConfig(ModelFactory model, OptimizerSpec optimizer, ScheduleSpec schedule, int epochs,
                          int batchSize, long seed) {
    /** Checks the values. */
    public TrainConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }

    /** The example's defaults: MLP 784-500-10, AdamW, constant rate, 5 epochs, batch 64, seed 0. */
    public static TrainConfig defaults() {
        return new TrainConfig(ModelSpec.mlp(ModelSpec.DEFAULT_HIDDEN), OptimizerSpec.adamW(), ScheduleSpec.none(),
                5, 64, 0);
    }

    public TrainConfig withModel(ModelFactory model) {
        return new TrainConfig(model, optimizer, schedule, epochs, batchSize, seed);
    }

    public TrainConfig withOptimizer(OptimizerSpec optimizer) {
        return new TrainConfig(model, optimizer, schedule, epochs, batchSize, seed);
    }

    public TrainConfig withSchedule(ScheduleSpec schedule) {
        return new TrainConfig(model, optimizer, schedule, epochs, batchSize, seed);
    }

    public TrainConfig withEpochs(int epochs) {
        return new TrainConfig(model, optimizer, schedule, epochs, batchSize, seed);
    }

    public TrainConfig withBatchSize(int batchSize) {
        return new TrainConfig(model, optimizer, schedule, epochs, batchSize, seed);
    }

    public TrainConfig withSeed(long seed) {
        return new TrainConfig(model, optimizer, schedule, epochs, batchSize, seed);
    }
}
