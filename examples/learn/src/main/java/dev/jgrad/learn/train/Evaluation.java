package dev.jgrad.learn.train;

/**
 * A model's result on a dataset.
 *
 * @param loss mean cross-entropy over all images
 * @param accuracy percentage of images whose highest logit is the true class (0 to 100)
 * @param correct number of images classified correctly
 * @param count number of images evaluated
 */
public record Evaluation(double loss, double accuracy, int correct, int count) {
}
