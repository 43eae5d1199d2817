/**
 * The {@code mnist} command ({@link MnistCommand}: train, resume, plot, with progress on the terminal and a
 * summary line) and {@code bench} ({@link BenchCommand}: training throughput), over the library's
 * {@code dev.jgrad.learn.train.Trainer}; their health options, the heap estimate made before anything is
 * allocated, and the progress bars.
 *
 * <p>May depend on: {@code dev.jgrad.learn.train}, {@code dev.jgrad.learn.data}, every jgrad module,
 * {@code dev.jgrad.cli} for the exit codes and the shared error type, picocli and progressbar.
 */
package dev.jgrad.cli.mnist;
