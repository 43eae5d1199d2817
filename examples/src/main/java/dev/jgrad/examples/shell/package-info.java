/**
 * {@code jgrad shell}: JShell with jgrad on its class path and its packages imported, for trying
 * tensors, gradients and optimizers one line at a time.
 *
 * <p>May depend on: every jgrad module and the JDK's {@code jdk.jshell}; picocli only in the command.
 */
package dev.jgrad.examples.shell;
