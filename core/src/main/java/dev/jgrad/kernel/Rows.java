package dev.jgrad.kernel;

/**
 * Walks up to three strided operands of one shape row by row (a row = the last dimension), so that
 * every kernel's inner loop is a plain counted loop over one row with fixed strides.
 */
final class Rows {
    private Rows() {}

    /** Receives the starting offset of each operand for one row of length {@code n}. */
    @FunctionalInterface
    interface RowFn {
        void row(int o0, int o1, int o2, int n);
    }

    static void forEach(int[] shape, int o0, int[] s0, int o1, int[] s1, int o2, int[] s2, RowFn fn) {
        int rank = shape.length;
        if (rank == 0) {
            fn.row(o0, o1, o2, 1);
            return;
        }
        int n = shape[rank - 1];
        int rows = 1;
        for (int d = 0; d < rank - 1; d++) rows *= shape[d];
        if (n == 0 || rows == 0) return;
        int[] idx = new int[rank];
        for (int r = 0; r < rows; r++) {
            fn.row(o0, o1, o2, n);
            // Odometer increment over the outer dimensions; offsets follow incrementally.
            for (int d = rank - 2; d >= 0; d--) {
                idx[d]++;
                o0 += s0[d];
                o1 += s1[d];
                o2 += s2[d];
                if (idx[d] < shape[d]) break;
                o0 -= s0[d] * shape[d];
                o1 -= s1[d] * shape[d];
                o2 -= s2[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    static int inner(int[] strides) {
        return strides.length == 0 ? 0 : strides[strides.length - 1];
    }
}
