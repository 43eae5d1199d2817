package dev.jgrad.learn.train;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What one epoch of training measured. Written as one JSON object per line by {@code --metrics}, with the names
 * below in snake_case ({@code train_loss}, ...), and kept in checkpoints so a resumed run has its full history.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean of the epoch's mini-batch losses (cross-entropy, as the optimizer saw them)
 * @param testLoss mean cross-entropy over the whole test split, after the epoch
 * @param testAccuracy percentage of test images classified correctly, after the epoch (0 to 100)
 * @param trainSeconds wall time of the epoch's training steps (evaluation not included)
 * @param samplesPerSecond training images per second over the epoch
 * @param learningRate the learning rate the epoch trained with (of the first parameter group)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EpochMetrics(int epoch, double trainLoss, double testLoss, double testAccuracy, double trainSeconds,
                           double samplesPerSecond, double learningRate) {
}
