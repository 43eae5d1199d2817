/**
 * MNIST-format data: {@link IdxReader} reads and checks IDX files (raw or gzipped), {@link MnistSource} finds a data
 * set (a directory, the subset bundled in the jar, or the download cache that {@link MnistDownloader} fills with
 * SHA-256 verification), {@link MnistData} holds its training and test {@link Dataset}s as bytes, {@link Batches}
 * turns a slice of one into a model's input buffer without allocating, and {@link MnistDataException} says which file is wrong and how.
 *
 * <p>May depend on: the JDK and core's {@code dev.jgrad.io} (the download cache's atomic writes) only; never
 * on tensors or the model code, so that reading data cannot depend on training.
 */
package dev.jgrad.learn.data;
