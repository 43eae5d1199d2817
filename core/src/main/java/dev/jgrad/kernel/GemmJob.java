package dev.jgrad.kernel;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * One fast float32 matrix product C = A·B (+ C) with the operand conventions of
 * {@link Backend#gemm}: A and B are read through arbitrary element strides, so Aᵀ·B and A·Bᵀ are
 * computed from the untransposed arrays. (float64 runs the reference loops.)
 *
 * <p>Layout (Goto/BLIS style). C is cut into tiles of MR rows by NR columns, each computed by a
 * register-tiled micro-kernel; k is cut into blocks of at most {@link #KC}. B is packed once per
 * call into NR-column panels, block by block, so the micro-kernel reads row p of a panel at
 * p·NR. A is read in place when its rows are contiguous along k, and otherwise packed once into
 * MR-row panels with each row contiguous along k, so the micro-kernel reads A's row r at step p
 * at a_r + p either way. Both index steps are constants, which lets the JIT take the bounds checks
 * of the loads out of the k loop: measured against B's rows read in place at a stride of bRow and
 * A's panels interleaved (a step of MR), 1 thread, alternating runs, 1.05–1.25× on the MLP's large
 * products and 1.1–1.2× at 1024³, as fast as with {@code VECTOR_ACCESS_OOB_CHECK=0}; the products
 * whose A has at most 4 row panels (the 10-class layer's gᵀ·h), which read B in place before,
 * became 0.6–0.7× as fast, a few µs per step.
 * Packing reads through the operands' strides, so transposed views cost no separate transpose.
 * Then C is cut into blocks of up to {@link #MC_PANELS} row panels by a few column panels, one task
 * each; a task walks k-blocks, then column panels (whose B panel stays in L1), then row panels
 * (whose rows of A stay in L2).
 *
 * <p>Determinism: element (i, j) is computed by the micro-kernel of its tile, starting from 0 (or
 * from C when accumulating) and adding the k-blocks in order. Tiles, k-blocks and micro-kernels
 * depend only on the shape, never on the thread count or on which thread took which task, so the
 * result is bit-identical for any number of threads.
 */
final class GemmJob {
    /**
     * k-block length. A packed B micro-panel is KC·NR elements (32 KiB for floats on AVX-512), which
     * stays in the 48 KiB L1 while the micro-kernel walks down the task's row panels.
     */
    static final int KC = 256;
    /** Row panels per task: 96 rows × KC floats of A is 96 KiB, well inside L2. */
    static final int MC_PANELS = 16;
    /** Tasks to aim for: enough that two to four threads end at about the same time. */
    static final int TASKS = 16;
    /**
     * Below this many multiply-adds (about 25 µs on one core) a product stays on the calling thread.
     * Measured on the 2-core reference machine, quiet: a second thread gave 1.1–1.3× at 0.25–0.5 M
     * multiply-adds (and 0.65× at 64×500·500×10), 1.3× at 1 M, 1.45× at 2 M and 1.7–1.8× at the
     * MLP's 25 M. With the second core busy with another process, a hand-off waits on the OS and 2
     * threads ran below 0.5 M multiply-adds at half the speed of one.
     */
    static final long PARALLEL_MIN = 1L << 20;

    static final int MR = GemmSimd.MR, NR = GemmSimd.NR;
    /** The caller's packed A and B, kept between calls so a training loop allocates nothing here. */
    private static final ThreadLocal<float[][]> PACKED = ThreadLocal.withInitial(() -> new float[2][0]);
    /** Every thread's edge tile and C block (for transposed C). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private final float[] a, b, c;
    private final int aOff, aRow, aCol, bOff, bRow, bCol;
    private float[] ap, bp;
    private final int m, n, k;
    /** Row panels, column panels, k-blocks, and rows and columns rounded up to whole panels. */
    final int mp, np, nkb, mPad, nPad;
    /** C element (i, j) is at cOff + i·cRow + j·cCol. */
    private final int cOff, cRow, cCol;
    private final boolean accumulate;
    /** A's rows are contiguous along k and are read where they are. */
    private final boolean aInPlace;

    private GemmJob(int m, int n, int k, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int bRow,
                    int bCol, float[] c, int cOff, int cRow, int cCol, boolean accumulate) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.aRow = aRow;
        this.aCol = aCol;
        this.b = b;
        this.bOff = bOff;
        this.bRow = bRow;
        this.bCol = bCol;
        this.c = c;
        this.mp = (m + MR - 1) / MR;
        this.np = (n + NR - 1) / NR;
        this.nkb = (k + KC - 1) / KC;
        this.mPad = mp * MR;
        this.nPad = np * NR;
        this.cOff = cOff;
        this.cRow = cRow;
        this.cCol = cCol;
        this.accumulate = accumulate;
        this.aInPlace = aCol == 1;
    }

    /**
     * C (dense m×n at {@code cOff}) = A·B, or + C with {@code accumulate}. Every product can also be
     * computed as Cᵀ = Bᵀ·Aᵀ, which only relabels strides. That pays when it moves the transposing
     * part of packing to the smaller operand (x·Wᵀ in a Linear layer packs the batch instead of the
     * weights) or when C is much narrower than a register tile. The choice depends on the shape and
     * strides alone, never on the thread count. Needs m, n, k &gt; 0.
     */
    static void multiply(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                         float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, boolean accumulate) {
        if (cost(n, m, k, bCol, bRow, aCol, aRow) < 0.9 * cost(m, n, k, aRow, aCol, bRow, bCol)) {
            new GemmJob(n, m, k, b, bOff, bCol, bRow, a, aOff, aCol, aRow, c, cOff, 1, n, accumulate).run();
        } else {
            new GemmJob(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, n, 1, accumulate).run();
        }
    }

    /**
     * Estimated cycles: padded multiply-adds at NR lanes per cycle, plus packing, where copying a
     * contiguous run costs a quarter of gathering element by element (what transposing takes).
     * A with contiguous rows is read in place and costs nothing to pack. Gathering B is weighted
     * twice as much again: with a weight of 1, a Linear layer's x·Wᵀ at batch 256 (256×784 by
     * (500×784)ᵀ) transposed all of W on every call, at 175–180 GFLOP/s on 2 threads; packing the
     * batch instead, as Cᵀ = W·xᵀ, ran at 196–200 (batch 64 and 128 and the weight gradient
     * unchanged).
     */
    static double cost(int m, int n, int k, int aRow, int aCol, int bRow, int bCol) {
        double tiles = (double) ((m + MR - 1) / MR * MR) * ((n + NR - 1) / NR * NR) * k / NR;
        double packB = (double) k * n * (bCol == 1 ? 0.25 : 2);
        double packA = aCol == 1 ? 0 : (double) m * k * (aRow == 1 ? 0.25 : 1);
        return tiles + packA + packB;
    }


    /** First k index of block {@code pb}; blocks are balanced (lengths differ by at most one). */
    private int kStart(int pb) {
        return (int) ((long) pb * k / nkb);
    }

    private void run() {
        int blocksM = (mp + MC_PANELS - 1) / MC_PANELS;
        int wantN = Math.min(np, Math.max(1, (TASKS + blocksM - 1) / blocksM));
        int ncp = (np + wantN - 1) / wantN;
        int blocksN = (np + ncp - 1) / ncp;
        allocatePacked();
        int packs = np + (aInPlace ? 0 : mp);
        IntConsumer pack = t -> {
            if (t < np) { packB(t); }
            else { packA(t - np); }
        };
        IntConsumer compute = t -> {
            int bm = t / blocksN, bn = t % blocksN;
            block(bm * MC_PANELS, Math.min(mp, (bm + 1) * MC_PANELS), bn * ncp, Math.min(np, (bn + 1) * ncp));
        };
        if ((long) m * n * k < PARALLEL_MIN || KernelThreads.threads() == 1) {
            for (int t = 0; t < packs; t++) { pack.accept(t); }
            for (int t = 0; t < blocksM * blocksN; t++) { compute.accept(t); }
        } else {
            KernelThreads.run(packs, pack);
            KernelThreads.run(blocksM * blocksN, compute);
        }
    }

    /** Makes sure the calling thread's packed A and B buffers are large enough. */
    private void allocatePacked() {
        float[][] p = PACKED.get();
        if (!aInPlace && p[0].length < mPad * k) {
            p[0] = new float[mPad * k];
        }
        if (p[1].length < nPad * k) {
            p[1] = new float[nPad * k];
        }
        ap = p[0];
        bp = p[1];
    }

    /** Packs row panel {@code ip} of A, every k-block. */
    private void packA(int ip) {
        int i0 = ip * MR, rows = Math.min(MR, m - i0);
        for (int pb = 0; pb < nkb; pb++) {
            int k0 = kStart(pb), kc = kStart(pb + 1) - k0, base = k0 * mPad + ip * MR * kc;
            if (aRow == 1 && rows == 6) {
                // A transposed view (Gᵀ in a weight gradient): each step's six values are adjacent,
                // copied as one unrolled block. Against the general loop below, paired in one JVM:
                // the weight gradient 1.14–1.19× faster at batch 256, 1.08–1.10× at batch 64.
                for (int p = 0, src = aOff + i0 + k0 * aCol, dst = base; p < kc; p++, src += aCol, dst++) {
                    ap[dst] = a[src];
                    ap[dst + kc] = a[src + 1];
                    ap[dst + 2 * kc] = a[src + 2];
                    ap[dst + 3 * kc] = a[src + 3];
                    ap[dst + 4 * kc] = a[src + 4];
                    ap[dst + 5 * kc] = a[src + 5];
                }
                continue;
            }
            for (int r = 0; r < MR; r++) {
                int src = aOff + (i0 + r) * aRow + k0 * aCol, dst = base + r * kc;
                if (r < rows) {
                    for (int p = 0; p < kc; p++) { ap[dst + p] = a[src + p * aCol]; }
                } else {
                    Arrays.fill(ap, dst, dst + kc, 0f);
                }
            }
        }
    }

    /** Packs column panel {@code jp} of B, every k-block. */
    private void packB(int jp) {
        int j0 = jp * NR, cols = Math.min(NR, n - j0);
        for (int pb = 0; pb < nkb; pb++) {
            int k0 = kStart(pb), kc = kStart(pb + 1) - k0, base = k0 * nPad + jp * NR * kc;
            if (bRow == 1 && bCol != 1) {
                // Transposed B: each column is contiguous along k; write it with stride NR.
                for (int jj = 0; jj < cols; jj++) {
                    int src = bOff + k0 + (j0 + jj) * bCol;
                    for (int p = 0; p < kc; p++) { bp[base + p * NR + jj] = b[src + p]; }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (k0 + p) * bRow + j0 * bCol, dst = base + p * NR;
                    if (bCol == 1) {
                        System.arraycopy(b, src, bp, dst, cols);
                    } else {
                        for (int jj = 0; jj < cols; jj++) { bp[dst + jj] = b[src + jj * bCol]; }
                    }
                }
            }
            if (cols < NR) {
                for (int p = 0; p < kc; p++) { Arrays.fill(bp, base + p * NR + cols, base + (p + 1) * NR, 0f); }
            }
        }
    }

    /** Computes row panels [ip0, ip1) × column panels [jp0, jp1) of C, all k-blocks. */
    private void block(int ip0, int ip1, int jp0, int jp1) {
        float[][] s = SCRATCH.get();
        if (s[0].length < MR * NR) {
            s[0] = new float[MR * NR];
        }
        // A transposed C (cCol ≠ 1) is gathered in a row-major block and scattered once at the end,
        // instead of at every k-block.
        boolean viaBlock = cCol != 1;
        int bi0 = ip0 * MR, bj0 = jp0 * NR, bw = (jp1 - jp0) * NR, bRows = Math.min(m, ip1 * MR) - bi0;
        int bCols = Math.min(n, jp1 * NR) - bj0;
        float[] cb = null;
        if (viaBlock) {
            if (s[1].length < (ip1 - ip0) * MR * bw) {
                s[1] = new float[(ip1 - ip0) * MR * bw];
            }
            cb = s[1];
            for (int i = 0; accumulate && i < bRows; i++) {
                for (int j = 0; j < bCols; j++) { cb[i * bw + j] = c[cOff + (bi0 + i) * cRow + (bj0 + j) * cCol]; }
            }
        }
        for (int pb = 0; pb < nkb; pb++) {
            int k0 = kStart(pb), kc = kStart(pb + 1) - k0;
            boolean load = accumulate || pb > 0;
            for (int jp = jp0; jp < jp1; jp++) {
                int j0 = jp * NR;
                int bi = k0 * nPad + jp * NR * kc;
                for (int ip = ip0; ip < ip1; ip++) {
                    int i0 = ip * MR;
                    if (viaBlock) {
                        micro(kc, k0, i0, bi, cb, (i0 - bi0) * bw + (j0 - bj0), bw, load);
                    } else if (i0 + MR <= m && j0 + NR <= n) {
                        micro(kc, k0, i0, bi, c, cOff + i0 * cRow + j0, cRow, load);
                    } else {
                        // Edge tile: the full-size kernel on a scratch tile, then copy what exists.
                        float[] tb = s[0];
                        int rows = Math.min(MR, m - i0), cols = Math.min(NR, n - j0), ci = cOff + i0 * cRow + j0;
                        for (int r = 0; load && r < rows; r++) { System.arraycopy(c, ci + r * cRow, tb, r * NR, cols); }
                        micro(kc, k0, i0, bi, tb, 0, NR, load);
                        for (int r = 0; r < rows; r++) { System.arraycopy(tb, r * NR, c, ci + r * cRow, cols); }
                    }
                }
            }
        }
        for (int i = 0; viaBlock && i < bRows; i++) {
            for (int j = 0; j < bCols; j++) { c[cOff + (bi0 + i) * cRow + (bj0 + j) * cCol] = cb[i * bw + j]; }
        }
    }

    /**
     * The tile of rows [i0, i0 + MR) over k-block [k0, k0 + kc): A's six rows read in place (rows past
     * m repeat the last one; their results land in the scratch tile and are dropped) or from the
     * packed panel, where row r, step p is at {@code base + r·kc + p}.
     */
    private void micro(int kc, int k0, int i0, int bi, float[] cc, int ci, int ld, boolean load) {
        if (aInPlace) {
            int l = m - 1, o = aOff + k0, r = aRow;
            GemmSimd.tile(kc, a, o + Math.min(i0, l) * r, o + Math.min(i0 + 1, l) * r, o + Math.min(i0 + 2, l) * r,
                    o + Math.min(i0 + 3, l) * r, o + Math.min(i0 + 4, l) * r, o + Math.min(i0 + 5, l) * r,
                    bp, bi, cc, ci, ld, load);
        } else {
            int p = k0 * mPad + i0 * kc;
            GemmSimd.tile(kc, ap, p, p + kc, p + 2 * kc, p + 3 * kc, p + 4 * kc, p + 5 * kc, bp, bi, cc, ci, ld, load);
        }
    }
}
