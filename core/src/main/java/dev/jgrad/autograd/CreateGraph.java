package dev.jgrad.autograd;

/**
 * Whether a backward pass records its own ops, so that the gradients it returns can be differentiated
 * again (PyTorch's {@code create_graph}). {@link #NO} is the fast default: rules run with recording off.
 */
public enum CreateGraph { NO, YES }
