package dev.jgrad.kernel;

import java.util.Arrays;

/** The float64 fast product: packing from arbitrary strides and the tile loop around the micro-kernel. */
final class DgemmJob extends GemmJob {
    /** The caller's packed A and B, kept between calls so a training loop allocates nothing here. */
    private static final ThreadLocal<double[][]> PACKED = ThreadLocal.withInitial(() -> new double[2][0]);
    /** Every thread's edge tile, scalar accumulators and C block (for transposed C). */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);
    private static final ThreadLocal<int[]> ROWS = ThreadLocal.withInitial(() -> new int[GemmScalar.MR]);

    private final double[] a, b, c;
    private final int aOff, aRow, aCol, bOff, bRow, bCol;
    private final boolean simd, bRowsInPlace;
    private double[] ap, bp;

    DgemmJob(int m, int n, int k, boolean simd, double[] a, int aOff, int aRow, int aCol,
             double[] b, int bOff, int bRow, int bCol, double[] c, int cOff, int cRow, int cCol,
             boolean accumulate, boolean relu) {
        super(m, n, k, simd ? GemmSimdD.MR : GemmScalar.MR, simd ? GemmSimdD.D_NR : GemmScalar.NR,
                cOff, cRow, cCol, accumulate, relu, aCol == 1);
        this.simd = simd;
        this.a = a;
        this.aOff = aOff;
        this.aRow = aRow;
        this.aCol = aCol;
        this.b = b;
        this.bOff = bOff;
        this.bRow = bRow;
        this.bCol = bCol;
        this.c = c;
        this.bRowsInPlace = simd && bCol == 1 && bReadInPlace(bRow, Double.BYTES);
    }

    @Override
    void allocatePacked() {
        double[][] p = PACKED.get();
        if (!aInPlace && p[0].length < mPad * k) p[0] = new double[mPad * k];
        if (p[1].length < nPad * k) p[1] = new double[nPad * k];
        ap = p[0];
        bp = p[1];
    }

    @Override
    void packA(int ip) {
        int i0 = ip * mr, rows = Math.min(mr, m - i0);
        for (int pb = 0; pb < nkb; pb++) {
            int k0 = kStart(pb), kc = kStart(pb + 1) - k0, base = k0 * mPad + ip * mr * kc;
            for (int p = 0; p < kc; p++) {
                int src = aOff + i0 * aRow + (k0 + p) * aCol, dst = base + p * mr;
                for (int r = 0; r < rows; r++) ap[dst + r] = a[src + r * aRow];
                for (int r = rows; r < mr; r++) ap[dst + r] = 0.0;
            }
        }
    }

    /** Full column panels of B are read in place when {@link GemmJob#bReadInPlace} allows. */
    private boolean bInPlace(int jp) {
        return bRowsInPlace && (jp + 1) * nr <= n;
    }

    @Override
    void packB(int jp) {
        if (bInPlace(jp)) return;
        int j0 = jp * nr, cols = Math.min(nr, n - j0);
        for (int pb = 0; pb < nkb; pb++) {
            int k0 = kStart(pb), kc = kStart(pb + 1) - k0, base = k0 * nPad + jp * nr * kc;
            if (bRow == 1 && bCol != 1) {
                // Transposed B: each column is contiguous along k; write it with stride NR.
                for (int jj = 0; jj < cols; jj++) {
                    int src = bOff + k0 + (j0 + jj) * bCol;
                    for (int p = 0; p < kc; p++) bp[base + p * nr + jj] = b[src + p];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (k0 + p) * bRow + j0 * bCol, dst = base + p * nr;
                    if (bCol == 1) for (int jj = 0; jj < cols; jj++) bp[dst + jj] = b[src + jj];
                    else for (int jj = 0; jj < cols; jj++) bp[dst + jj] = b[src + jj * bCol];
                }
            }
            if (cols < nr) for (int p = 0; p < kc; p++) Arrays.fill(bp, base + p * nr + cols, base + (p + 1) * nr, 0.0);
        }
    }

    @Override
    void block(int ip0, int ip1, int jp0, int jp1) {
        double[][] s = SCRATCH.get();
        if (s[0].length < mr * nr) {
            s[0] = new double[mr * nr];
            s[1] = new double[mr * nr];
        }
        int[] rowsA = ROWS.get();
        // A transposed C (cCol ≠ 1) is gathered in a row-major block and scattered once at the end,
        // instead of at every k-block.
        boolean viaBlock = cCol != 1;
        int bi0 = ip0 * mr, bj0 = jp0 * nr, bw = (jp1 - jp0) * nr, bRows = Math.min(m, ip1 * mr) - bi0;
        int bCols = Math.min(n, jp1 * nr) - bj0;
        double[] cb = null;
        if (viaBlock) {
            if (s[2].length < (ip1 - ip0) * mr * bw) s[2] = new double[(ip1 - ip0) * mr * bw];
            cb = s[2];
            if (accumulate) for (int i = 0; i < bRows; i++) for (int j = 0; j < bCols; j++) cb[i * bw + j] = c[cOff + (bi0 + i) * cRow + (bj0 + j) * cCol];
        }
        for (int pb = 0; pb < nkb; pb++) {
            int k0 = kStart(pb), kc = kStart(pb + 1) - k0;
            boolean load = accumulate || pb > 0, rl = relu && pb == nkb - 1;
            for (int jp = jp0; jp < jp1; jp++) {
                int j0 = jp * nr;
                boolean bip = bInPlace(jp);
                int bi = bip ? bOff + k0 * bRow + j0 : k0 * nPad + jp * nr * kc, bStep = bip ? bRow : nr;
                double[] bb = bip ? b : bp;
                for (int ip = ip0; ip < ip1; ip++) {
                    int i0 = ip * mr, ai = k0 * mPad + ip * mr * kc;
                    if (aInPlace) for (int r = 0; r < mr; r++) rowsA[r] = aOff + Math.min(i0 + r, m - 1) * aRow + k0;
                    if (viaBlock) {
                        micro(kc, ai, rowsA, bb, bi, bStep, cb, (i0 - bi0) * bw + (j0 - bj0), bw, load, rl, s[1]);
                    } else if (i0 + mr <= m && j0 + nr <= n) {
                        micro(kc, ai, rowsA, bb, bi, bStep, c, cOff + i0 * cRow + j0, cRow, load, rl, s[1]);
                    } else {
                        // Edge tile: the full-size kernel on a scratch tile, then copy what exists.
                        double[] tb = s[0];
                        int rows = Math.min(mr, m - i0), cols = Math.min(nr, n - j0), ci = cOff + i0 * cRow + j0;
                        if (load) for (int r = 0; r < rows; r++) System.arraycopy(c, ci + r * cRow, tb, r * nr, cols);
                        micro(kc, ai, rowsA, bb, bi, bStep, tb, 0, nr, load, rl, s[1]);
                        for (int r = 0; r < rows; r++) System.arraycopy(tb, r * nr, c, ci + r * cRow, cols);
                    }
                }
            }
        }
        if (viaBlock) for (int i = 0; i < bRows; i++) for (int j = 0; j < bCols; j++) c[cOff + (bi0 + i) * cRow + (bj0 + j) * cCol] = cb[i * bw + j];
    }

    private void micro(int kc, int ai, int[] rowsA, double[] bb, int bi, int bStep, double[] cc, int ci, int ld, boolean load, boolean rl, double[] acc) {
        if (simd && aInPlace) {
            GemmSimdD.dgemmRows(kc, a, rowsA[0], rowsA[1], rowsA[2], rowsA[3], rowsA[4], rowsA[5], bb, bi, bStep, cc, ci, ld, load, rl);
        } else if (simd) {
            GemmSimdD.dgemm(kc, ap, ai, bb, bi, bStep, cc, ci, ld, load, rl);
        } else {
            GemmScalar.dgemm(kc, aInPlace ? a : ap, ai, aInPlace ? rowsA : null, bp, bi, cc, ci, ld, load, rl, acc);
        }
    }

    @Override
    void empty() {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * cRow + j * cCol;
                double v = accumulate ? c[ci] : 0.0;
                c[ci] = relu ? Math.max(v, 0.0) : v;
            }
        }
    }
}
