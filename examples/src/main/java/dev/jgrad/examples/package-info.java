/**
 * The {@code jgrad} command line ({@code java -jar examples/target/jgrad.jar}): {@code Main} with
 * its subcommands, the one-line error handling and exit codes, and the restart that adds the
 * Vector API module. Each command's work lives in a subpackage.
 *
 * <p>May depend on: every jgrad module, picocli; the subpackages may depend on this package only
 * for the shared error type.
 */
package dev.jgrad.examples;
