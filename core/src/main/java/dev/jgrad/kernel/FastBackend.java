package dev.jgrad.kernel;

/**
 * The reference backend with its float32 hot paths replaced; float64 inherits the reference loops.
 * Every override gives the reference's bits (tested against it in the kernel tests):
 * <ul>
 *   <li>matrix products: blocked, packed, multi-threaded, with the Vector API micro-kernel
 *       ({@link GemmJob}); products too small or too thin for packing to pay read their operands in
 *       place ({@link DirectGemm});</li>
 *   <li>pointwise loops without a per-element {@code switch}: the op is chosen once per row, and
 *       rows with unit stride (or a broadcast scalar operand) run as counted loops the JIT
 *       vectorises. +, −, ·, / in float round exactly as the reference's double arithmetic rounded
 *       back to float (double carries more than 2·24 + 2 bits);</li>
 *   <li>ReLU and its backward with the Vector API ({@link PointwiseSimd}).</li>
 * </ul>
 * Only created when the Vector API module is present ({@link Kernels#backend()}).
 */
final class FastBackend extends Backend {
    static final FastBackend INSTANCE = new FastBackend();

    private FastBackend() {}

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                     float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, Output mode) {
        if (m == 0 || n == 0 || k == 0) {
            super.gemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, mode); // nothing to multiply
        } else if (DirectGemm.takes(m, n, k, bCol)) {
            DirectGemm.multiply(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, mode == Output.ACCUMULATE);
        } else {
            GemmJob.multiply(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, mode == Output.ACCUMULATE);
        }
    }

    @Override
    public void reluBackward(int n, float[] g, int gOff, float[] y, int yOff, float[] dst, int dOff) {
        PointwiseSimd.reluBackward(n, g, gOff, y, yOff, dst, dOff);
    }

    @Override
    public void binary(BinaryOp op, float[] a, Strided sa, float[] b, Strided sb, float[] out, Strided so) {
        Rows.of(so, sa, sb, so, (oa, ob, oo, n, ia, ib, io) -> {
            if (ia == 1 && ib == 1 && io == 1) {
                switch (op) {
                    case ADD -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = a[oa + i] + b[ob + i];
                    } }
                    case SUB -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = a[oa + i] - b[ob + i];
                    } }
                    case MUL -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = a[oa + i] * b[ob + i];
                    } }
                    case DIV -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = a[oa + i] / b[ob + i];
                    } }
                    case MAX -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = Math.max(a[oa + i], b[ob + i]);
                    } }
                    default -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = (float) op.apply(a[oa + i], b[ob + i]);
                    } }
                }
            } else if (ia == 1 && ib == 0 && io == 1) {
                float s = b[ob];
                switch (op) {
                    case ADD -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = a[oa + i] + s;
                    } }
                    case SUB -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = a[oa + i] - s;
                    } }
                    case MUL -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = a[oa + i] * s;
                    } }
                    case DIV -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = a[oa + i] / s;
                    } }
                    case MAX -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = Math.max(a[oa + i], s);
                    } }
                    case GT -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = a[oa + i] > s ? 1f : 0f;
                    } }
                    default -> { for (int i = 0; i < n; i++) {
                        out[oo + i] = (float) op.apply(a[oa + i], s);
                    } }
                }
            } else {
                for (int i = 0; i < n; i++) { out[oo + i * io] = (float) op.apply(a[oa + i * ia], b[ob + i * ib]); }
            }
        });
    }

    /**
     * The cheap ops get unit-stride loops; max(x, 0) is exactly UnaryOp.RELU (NaN stays NaN, −0 and
     * +0 give +0). The rest (exp, log, …) cost far more than the dispatch and run the reference expression.
     */
    @Override
    public void unary(UnaryOp op, double p, double q, float[] a, Strided sa, float[] out, Strided so) {
        Rows.of(so, sa, so, so, (oa, oo, unused, n, ia, io, u) -> {
            if (ia == 1 && io == 1 && op == UnaryOp.RELU) {
                PointwiseSimd.relu(a, oa, out, oo, n);
            } else if (ia == 1 && io == 1 && op == UnaryOp.NEG) {
                for (int i = 0; i < n; i++) { out[oo + i] = -a[oa + i]; }
            } else if (ia == 1 && io == 1 && op == UnaryOp.MUL_SCALAR) {
                for (int i = 0; i < n; i++) { out[oo + i] = (float) (a[oa + i] * p); }
            } else if (ia == 1 && io == 1 && op == UnaryOp.ADD_SCALAR) {
                for (int i = 0; i < n; i++) { out[oo + i] = (float) (a[oa + i] + p); }
            } else {
                for (int i = 0; i < n; i++) { out[oo + i * io] = (float) op.apply(a[oa + i * ia], p, q); }
            }
        });
    }

    /**
     * Copies rows with {@code System.arraycopy}; a 2-D copy that reads its source across rows (the
     * gradient of a transposed weight) goes tile by tile, so each source cache line is used for all
     * its elements while still cached, instead of once per output row.
     */
    @Override
    public void copy(float[] a, Strided sa, float[] out, Strided so) {
        int[] sh = so.shape(), as = sa.strides(), os = so.strides();
        if (sh.length == 2 && os[1] == 1 && as[1] != 1 && as[1] != 0 && Math.abs(as[0]) < Math.abs(as[1])) {
            for (int i0 = 0; i0 < sh[0]; i0 += TILE) {
                for (int j0 = 0; j0 < sh[1]; j0 += TILE) {
                    for (int i = i0; i < Math.min(sh[0], i0 + TILE); i++) {
                        int src = sa.offset() + i * as[0], dst = so.offset() + i * os[0];
                        for (int j = j0; j < Math.min(sh[1], j0 + TILE); j++) { out[dst + j] = a[src + j * as[1]]; }
                    }
                }
            }
            return;
        }
        Rows.of(so, sa, so, so, (oa, oo, unused, n, ia, io, u) -> {
            if (ia == 1 && io == 1) {
                System.arraycopy(a, oa, out, oo, n);
            } else {
                for (int i = 0; i < n; i++) { out[oo + i * io] = a[oa + i * ia]; }
            }
        });
    }

    /** Tile edge of a transposing copy: 16 source rows of 16 elements stay in L1 between uses. */
    private static final int TILE = 16;
}
