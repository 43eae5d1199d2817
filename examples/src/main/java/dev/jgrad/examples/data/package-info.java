/**
 * MNIST-format data: reading and checking IDX files (raw or gzipped), the subset bundled in the
 * jar, the download cache with SHA-256 verification, and the in-memory data set that batches
 * images as bytes.
 *
 * <p>May depend on: the JDK only, so that reading data never depends on the model code.
 */
package dev.jgrad.examples.data;
