package dev.jgrad.tensor;

/** Whether a reduction keeps the reduced dimensions as size 1 (PyTorch's {@code keepdim}). */
public enum KeepDim { DROP, KEEP }
