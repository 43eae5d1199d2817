/**
 * The {@code jgrad} command line ({@code java -jar examples/target/jgrad.jar}): {@link Main} with its subcommands,
 * the one-line error handling and exit codes ({@link CliException} and {@link InsufficientMemoryException} are
 * the command line's own; the library's exceptions are mapped here), {@link ReplayCommand}, and the restart that
 * adds the Vector API module. The commands of the learning tools are in {@code dev.jgrad.cli.learn}, {@code mnist}
 * and {@code bench} in {@code dev.jgrad.cli.mnist}, {@code shell} in {@code dev.jgrad.cli.shell}; each one parses
 * options, calls the library ({@code dev.jgrad.learn}) and prints.
 *
 * <p>May depend on: every jgrad module, {@code dev.jgrad.learn} and its subpackages, and picocli; the subpackages
 * may depend on this package for {@link Main}'s exit codes and the shared error type. Nothing in the library may
 * depend on this package.
 */
package dev.jgrad.cli;
