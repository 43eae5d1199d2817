/**
 * Laws every optimizer should obey, as reusable property tests on jgrad's own harness
 * ({@code dev.jgrad.testing}): give a law a way to build your optimizer and it tries it on random
 * parameters and gradient sequences, shrinking any failure to a small case with the seed to replay it
 * ({@link dev.jgrad.optim.laws.OptimizerLaws}).
 *
 * <p>May depend on {@code dev.jgrad.optim} and core's {@code tensor} and {@code testing}.
 */
package dev.jgrad.optim.laws;
