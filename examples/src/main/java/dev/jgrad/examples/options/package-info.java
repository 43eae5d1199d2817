/**
 * The command line's shared parts: {@link dev.jgrad.examples.options.CliCommand}, what every command has (its spec,
 * its streams, bad input refused in one line), and the option groups a command mixes in with picocli's
 * {@code @Mixin}, so that it declares only the options that are its own and the same flag means the same everywhere:
 * {@link dev.jgrad.examples.options.OptimizerFlags} (the optimizer and its keyword arguments, with the one parser
 * from flags to an optimizer spec), {@link dev.jgrad.examples.options.SharedOptions} (data, hidden width, seed,
 * threads), {@link dev.jgrad.examples.options.MnistOptions} (a full training run's data sources, model and schedule)
 * and {@link dev.jgrad.examples.options.SweepOptions} (commands that train many runs in cells).
 *
 * <p>Depends on picocli and on the learning library ({@code dev.jgrad.examples.mnist}, {@code data},
 * {@code learn}); only the commands depend on it.
 */
package dev.jgrad.examples.options;
