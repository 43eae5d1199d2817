package dev.jgrad.nn;

/**
 * How {@link Module#loadStateDict} treats keys that do not match the module (PyTorch's {@code strict}).
 * {@code STRICT} refuses the whole load if any key is missing, unexpected or wrongly shaped;
 * {@code LENIENT} loads what matches and reports the rest.
 */
public enum Strictness { STRICT, LENIENT }
