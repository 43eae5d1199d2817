package dev.jgrad.kernel;

/**
 * Walks up to three strided operands of one shape row by row (a row = the last dimension), so that
 * every kernel's inner loop is a plain counted loop over one row with fixed strides.
 */
final class Rows {
    private Rows() {}

    /** One row: each operand's start offset, the length, each operand's inner stride. */
    @FunctionalInterface
    interface Row {
        void row(int o0, int o1, int o2, int n, int s0, int s1, int s2);
    }

    /** As {@link #forEach}, but three dense operands are walked as one long row. */
    static void of(Strided shape, Strided a, Strided b, Strided c, Row fn) {
        if (dense(a) && dense(b) && dense(c)) {
            if (shape.size() > 0) {
                fn.row(a.offset(), b.offset(), c.offset(), shape.size(), 1, 1, 1);
            }
            return;
        }
        forEach(shape.shape(), a.offset(), a.strides(), b.offset(), b.strides(), c.offset(), c.strides(), fn);
    }

    static void forEach(int[] shape, int o0, int[] s0, int o1, int[] s1, int o2, int[] s2, Row fn) {
        int rank = shape.length;
        if (rank == 0) {
            fn.row(o0, o1, o2, 1, 0, 0, 0);
            return;
        }
        int n = shape[rank - 1], i0 = s0[rank - 1], i1 = s1[rank - 1], i2 = s2[rank - 1];
        int rows = 1;
        for (int d = 0; d < rank - 1; d++) { rows *= shape[d]; }
        if (n == 0 || rows == 0) { return; }
        int[] idx = new int[rank];
        for (int r = 0; r < rows; r++) {
            fn.row(o0, o1, o2, n, i0, i1, i2);
            // Odometer increment over the outer dimensions; offsets follow incrementally.
            for (int d = rank - 2; d >= 0; d--) {
                idx[d]++;
                o0 += s0[d];
                o1 += s1[d];
                o2 += s2[d];
                if (idx[d] < shape[d]) { break; }
                o0 -= s0[d] * shape[d];
                o1 -= s1[d] * shape[d];
                o2 -= s2[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /** Row-major with no gaps (any offset). */
    static boolean dense(Strided s) {
        int[] shape = s.shape(), st = s.strides();
        int expect = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && st[d] != expect) {
                return false;
            }
            expect *= shape[d];
        }
        return true;
    }
}
