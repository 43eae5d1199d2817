/**
 * The command line's shared parts: {@link dev.jgrad.cli.options.CliCommand}, what every command has (its spec,
 * its streams, bad input refused in one line as a {@link dev.jgrad.cli.options.UsageException}), and the option
 * groups a command mixes in with picocli's {@code @Mixin}, so that it declares only the options that are its own and
 * the same flag means the same everywhere:
 * {@link dev.jgrad.cli.options.OptimizerFlags} (the optimizer and its keyword arguments, with the one parser
 * from flags to an optimizer spec), {@link dev.jgrad.cli.options.SharedOptions} (data, hidden width, seed,
 * threads), {@link dev.jgrad.cli.options.MnistOptions} (a full training run's data sources, model and schedule)
 * and {@link dev.jgrad.cli.options.SweepOptions} (commands that train many runs in cells).
 *
 * <p>Depends on picocli and on the learning library ({@code dev.jgrad.learn}, {@code dev.jgrad.learn.train},
 * {@code dev.jgrad.learn.data}); only the commands depend on it.
 */
package dev.jgrad.cli.options;
