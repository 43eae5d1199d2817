package dev.jgrad.optim;

/** Whether one element's update needs the others: decides if a step may be split into chunks. */
public enum Coupling {
    /** Each element's update depends only on that element (SGD, Adam, RMSprop, ...): chunked over threads. */
    ELEMENTWISE,
    /** The update needs the whole tensor (norms, factored moments, orthogonalisation): one loop over [0, n). */
    PER_TENSOR
}
