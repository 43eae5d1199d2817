/**
 * The MNIST example: the {@code Trainer} loop (zero the gradients, forward, cross-entropy,
 * backward, optimizer step; evaluate after every epoch), its configuration records, checkpoints
 * that resume bit for bit, metrics and plots, and the {@code mnist} and {@code bench} commands.
 *
 * <p>May depend on: {@code dev.jgrad.nn}, {@code dev.jgrad.optim}, core, {@code dev.jgrad.examples.data},
 * and the libraries for output (picocli, progressbar, XChart, Jackson).
 */
package dev.jgrad.examples.mnist;
