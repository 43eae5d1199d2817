package dev.jgrad.learn.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What one epoch of training measured. Written as one JSON object per line by {@code --metrics},
 * with the snake_case names below, and kept in checkpoints so a resumed run has its full history.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean of the epoch's mini-batch losses (cross-entropy, as the optimizer saw them)
 * @param testLoss mean cross-entropy over the whole test split, after the epoch
 * @param testAccuracy percentage of test images classified correctly, after the epoch (0 to 100)
 * @param trainSeconds wall time of the epoch's training steps (evaluation not included)
 * @param samplesPerSecond training images per second over the epoch
 * @param learningRate the learning rate the epoch trained with (of the first parameter group)
 */
@JsonPropertyOrder({"epoch", "train_loss", "test_loss", "test_accuracy", "train_seconds", "samples_per_second",
        "learning_rate"})
public record EpochMetrics(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("train_loss") double trainLoss,
        @JsonProperty("test_loss") double testLoss,
        @JsonProperty("test_accuracy") double testAccuracy,
        @JsonProperty("train_seconds") double trainSeconds,
        @JsonProperty("samples_per_second") double samplesPerSecond,
        @JsonProperty("learning_rate") double learningRate) {
}
