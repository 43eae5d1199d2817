package dev.jgrad.learn.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled greyscale images kept as the raw unsigned bytes of the IDX files, so that 60 000
 * MNIST digits take 47 MB rather than four or eight times that as floats; {@link Batches}
 * converts one batch at a time.
 *
 * <p>The arrays are shared, not copied: callers must treat them as read-only.
 *
 * @param images {@code count * rows * cols} unsigned pixel bytes (0 = background), image after
 *     image, each row-major
 * @param labels {@code count} class labels, 0 to 9
 * @param count number of images
 * @param rows image height in pixels
 * @param cols image width in pixels
 */
public record Dataset(byte[] images, byte[] labels, int count, int rows, int cols) {
    /** Checks that the arrays have the lengths the dimensions promise. */
    public Dataset {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(
                    "bad dimensions: count=" + count + ", rows=" + rows + ", cols=" + cols);
        }
        if (images.length != (long) count * rows * cols) {
            throw new IllegalArgumentException("images has " + images.length + " bytes, expected "
                    + count + "*" + rows + "*" + cols + " = " + (long) count * rows * cols);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(
                    "labels has " + labels.length + " entries, expected " + count);
        }
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= IdxReader.NUM_CLASSES) {
                throw new IllegalArgumentException("label #" + i + " is " + (labels[i] & 0xFF)
                        + ", expected 0-" + (IdxReader.NUM_CLASSES - 1));
            }
        }
    }

    /** Pixels per image, {@code rows * cols}. */
    public int pixels() {
        return rows * cols;
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        return labels[Objects.checkIndex(i, count)];
    }

    /** Pixel {@code p} (row-major) of image {@code i}, 0 to 255. */
    public int pixel(int i, int p) {
        Objects.checkIndex(i, count);
        Objects.checkIndex(p, pixels());
        return images[i * pixels() + p] & 0xFF;
    }

    /** How many images carry each label 0 to 9. */
    public int[] classCounts() {
        int[] counts = new int[IdxReader.NUM_CLASSES];
        for (byte b : labels) {
            counts[b]++;
        }
        return counts;
    }

    // Records compare arrays by identity; two datasets with the same digits should be equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d
                && count == d.count && rows == d.rows && cols == d.cols
                && Arrays.equals(labels, d.labels) && Arrays.equals(images, d.images);
    }

    @Override
    public int hashCode() {
        // Labels only: hashing 47 MB of pixels would be a surprise, and equal datasets still agree.
        return Objects.hash(count, rows, cols, Arrays.hashCode(labels));
    }

    @Override
    public String toString() {
        return "Dataset[" + count + " images of " + rows + "x" + cols + "]";
    }
}
