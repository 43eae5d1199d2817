package dev.jgrad.kernel;

import java.util.Arrays;

/** The float32 fast product: packing from arbitrary strides and the tile loop around the micro-kernel. */
final class SgemmJob extends GemmJob {
    /** Per-thread packed A block, packed B panel, edge tile and scalar accumulators, kept between calls. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private final float[] a, b, c;
    private final int aOff, aRow, aCol, bOff, bRow, bCol;
    private final boolean simd;

    SgemmJob(int m, int n, int k, boolean simd, float[] a, int aOff, int aRow, int aCol,
             float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int cRow, int cCol,
             boolean accumulate, boolean relu) {
        super(m, n, k, simd ? GemmSimd.MR : GemmScalar.MR, simd ? GemmSimd.F_NR : GemmScalar.NR,
                cOff, cRow, cCol, accumulate, relu);
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
    }

    @Override
    Object scratch() {
        float[][] s = SCRATCH.get();
        if (s[0].length < MC_PANELS * mr * KC) s[0] = new float[MC_PANELS * mr * KC];
        if (s[1].length < KC * nr) s[1] = new float[KC * nr];
        if (s[2].length < mr * nr) {
            s[2] = new float[mr * nr];
            s[3] = new float[mr * nr];
        }
        return s;
    }

    @Override
    void packA(Object scratch, int ip0, int ip1, int k0, int kc) {
        float[] ap = ((float[][]) scratch)[0];
        for (int ip = ip0; ip < ip1; ip++) {
            int i0 = ip * mr, rows = Math.min(mr, m - i0), base = (ip - ip0) * mr * kc;
            if (aCol == 1) {
                // Row-major A: each row is contiguous along k; write it with stride MR.
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + r) * aRow + k0;
                    for (int p = 0; p < kc; p++) ap[base + p * mr + r] = a[src + p];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + i0 * aRow + (k0 + p) * aCol, dst = base + p * mr;
                    for (int r = 0; r < rows; r++) ap[dst + r] = a[src + r * aRow];
                }
            }
            if (rows < mr) for (int p = 0; p < kc; p++) Arrays.fill(ap, base + p * mr + rows, base + (p + 1) * mr, 0f);
        }
    }

    @Override
    void packB(Object scratch, int jp, int k0, int kc) {
        float[] bp = ((float[][]) scratch)[1];
        int j0 = jp * nr, cols = Math.min(nr, n - j0);
        if (bRow == 1 && bCol != 1) {
            // Transposed B (Wᵀ in x·Wᵀ): each column is contiguous along k; write it with stride NR.
            for (int jj = 0; jj < cols; jj++) {
                int src = bOff + k0 + (j0 + jj) * bCol;
                for (int p = 0; p < kc; p++) bp[p * nr + jj] = b[src + p];
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int src = bOff + (k0 + p) * bRow + j0 * bCol, dst = p * nr;
                if (bCol == 1) for (int jj = 0; jj < cols; jj++) bp[dst + jj] = b[src + jj];
                else for (int jj = 0; jj < cols; jj++) bp[dst + jj] = b[src + jj * bCol];
            }
        }
        if (cols < nr) for (int p = 0; p < kc; p++) Arrays.fill(bp, p * nr + cols, (p + 1) * nr, 0f);
    }

    @Override
    void tile(Object scratch, int aPanel, int i0, int j0, int kc, boolean load, boolean rl) {
        float[][] s = (float[][]) scratch;
        int ai = aPanel * mr * kc, ci = cOff + i0 * cRow + j0 * cCol;
        int rows = Math.min(mr, m - i0), cols = Math.min(nr, n - j0);
        if (rows == mr && cols == nr && cCol == 1) {
            micro(kc, s[0], ai, s[1], c, ci, cRow, load, rl, s[3]);
            return;
        }
        // Edge or transposed tile: run the full-size kernel on a scratch tile, copy back what exists.
        float[] tb = s[2];
        if (load) for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) tb[r * nr + j] = c[ci + r * cRow + j * cCol];
        micro(kc, s[0], ai, s[1], tb, 0, nr, load, rl, s[3]);
        for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) c[ci + r * cRow + j * cCol] = tb[r * nr + j];
    }

    private void micro(int kc, float[] ap, int ai, float[] bp, float[] cc, int ci, int ld, boolean load, boolean rl, float[] acc) {
        if (simd) GemmSimd.sgemm(kc, ap, ai, bp, 0, cc, ci, ld, load, rl);
        else GemmScalar.sgemm(kc, ap, ai, bp, 0, cc, ci, ld, load, rl, acc);
    }

    @Override
    void empty() {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * cRow + j * cCol;
                float v = accumulate ? c[ci] : 0f;
                c[ci] = relu ? Math.max(v, 0f) : v;
            }
        }
    }
}
