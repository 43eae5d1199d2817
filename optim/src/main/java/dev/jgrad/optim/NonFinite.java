package dev.jgrad.optim;

/** What {@link ClipGrad#byNorm} does when the total norm is NaN or infinite. */
public enum NonFinite {
    /** Throw, leaving the gradients untouched (PyTorch's {@code error_if_nonfinite=True}). */
    ERROR,
    /** Scale anyway, which turns the gradients into NaN or zeros (PyTorch's default). */
    IGNORE
}
