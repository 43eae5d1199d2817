package dev.jgrad.nn;

/** Which form of GELU to compute: PyTorch's {@code approximate='none'} (exact, erf) or {@code 'tanh'}. */
public enum GeluApproximation { NONE, TANH }
