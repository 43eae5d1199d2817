package dev.jgrad.nn;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

/**
 * Merges dimensions {@code startDim..endDim} (inclusive, negative counts from the end) into one.
 * The default, {@code (1, -1)}, turns a batch of images {@code [N, 1, 28, 28]} into rows
 * {@code [N, 784]} for a {@link Linear} layer, keeping the batch dimension.
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0) {
            return x.reshape(1);
        }
        int start = Shape.dim("Flatten", startDim, x.dim());
        int end = Shape.dim("Flatten", endDim, x.dim());
        if (start > end) {
            throw new IllegalArgumentException("Flatten: start dimension " + startDim + " comes after end dimension " + endDim
                    + " for an input of shape " + Shape.str(x.shape()));
        }
        int[] s = x.shape();
        int[] out = new int[s.length - (end - start)];
        int merged = 1;
        for (int d = start; d <= end; d++) {
            merged *= s[d];
        }
        for (int d = 0, j = 0; d < s.length; d++) {
            if (d < start || d > end) {
                out[j++] = s[d];
            } else if (d == start) {
                out[j++] = merged;
            }
        }
        return x.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
