package dev.jgrad.nn;

/** Whether a normalisation layer has a learnable scale and shift (PyTorch's {@code affine} / {@code elementwise_affine}). */
public enum Affine { WITH, WITHOUT }
