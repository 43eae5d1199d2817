package dev.jgrad.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: element counts, broadcasting and dimension checks. */
public final class Shape {
    private Shape() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + " has too many elements");
            }
        }
        return (int) n;
    }

    /** PyTorch-style {@code [2, 3]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /**
     * The broadcast shape of {@code a} and {@code b} by NumPy/PyTorch rules: align from the right;
     * each pair of dimensions must be equal or contain a 1.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast together (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Accepts negative dimensions counted from the end, as PyTorch does. */
    public static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " is out of range for a tensor of rank "
                    + rank + " (valid: " + (-r) + " to " + (r - 1) + ")");
        }
        return dim < 0 ? dim + r : dim;
    }
}
