/**
 * The learning tools: {@code explain} (every number of every optimizer step, labelled with its line
 * of the algorithm box), {@code trajectories} (optimizers' paths over 2-D test functions),
 * {@code wd-sweep} (learning rate × weight decay, Adam + L2 against AdamW) and {@code graph} (the
 * autograd graph as Graphviz DOT).
 *
 * <p>May depend on: {@code dev.jgrad.optim}, {@code dev.jgrad.nn}, core, the MNIST example's
 * trainer and data, the shared error type in {@code dev.jgrad.examples}, and XChart for the pictures.
 */
package dev.jgrad.examples.learn;
