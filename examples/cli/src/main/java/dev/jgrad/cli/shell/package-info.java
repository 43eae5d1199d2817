/**
 * {@code jgrad shell} ({@link ShellCommand}): JShell with jgrad on its class path and its packages imported
 * ({@link JgradShell}), for trying tensors, gradients, optimizers and the learning tools one line at a time.
 *
 * <p>May depend on: every jgrad module, {@code dev.jgrad.learn}, and the JDK's {@code jdk.jshell}; picocli only in
 * the command.
 */
package dev.jgrad.cli.shell;
