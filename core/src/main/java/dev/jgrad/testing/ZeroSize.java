package dev.jgrad.testing;

/**
 * Whether generated shapes may have a dimension of size 0 (an empty tensor, such as {@code [2, 0]}).
 * PyTorch allows them almost everywhere, and ops get them wrong easily (a reduction over an empty
 * dimension, a max with nothing to take the max of), so gradient properties should opt in.
 */
public enum ZeroSize {
    /** Every dimension is at least 1 (the default). */
    EXCLUDED(1),
    /** One shape in five gets a dimension of size 0; dimensions also shrink towards 0. */
    ALLOWED(0);

    final int smallest;

    ZeroSize(int smallest) {
        this.smallest = smallest;
    }
}
