package dev.jgrad.learn.data;

import java.util.Objects;

/**
 * A train/test pair of datasets and a human-readable line saying where they came from.
 *
 * @param train the training split
 * @param test the held-out split
 * @param description one line for logs and reports, e.g. which directory or subset was loaded
 */
public record MnistData(Dataset train, Dataset test, String description) {
    /** Rejects nulls, and splits whose images differ in size, since a model is built for one size. */
    public MnistData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(description, "description");
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new IllegalArgumentException("train images are " + train.rows() + "x" + train.cols()
                    + " but test images are " + test.rows() + "x" + test.cols());
        }
    }
}
