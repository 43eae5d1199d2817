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
 * became 0.6–0.7× as fast, a few µs per step (they, and every C at most one vector wide, are now
 * {@link DirectGemm}'s, which reads both operands in place).
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
    /**
     * Cost of one step of the step-skipping micro-kernel ({@link GemmSimd#tileSteps}) against one of
     * the dense kernel: it reads B's rows through an index list, so those loads keep their bounds
     * checks. Measured, one thread, a 6×32 tile over kc = 196 packed steps, repeated: 2.5–2.6 ns a
     * listed step against 2.0–2.1 ns a dense one (2.6–2.7 ns before A's listed steps were compacted
     * and read at a constant step).
     */
    static final double STEP_LIST_COST = 1.25;
    /**
     * A k-block of a panel runs the step-skipping kernel when at most this many 64ths of its steps
     * have a non-zero (0.75: below 1 / {@link #STEP_LIST_COST}, so that skipping pays).
     */
    static final int SPARSE_MAX_64THS = 48;
    /** A sampled density of A's panels below which a product looks for zero steps at all. */
    static final double SPARSE_LOOK = 0.75;
    /**
     * Writing one element of a transposed C (a column-major block scattered into a row-major C),
     * in the units of {@link #cost}: about 1 ns against 0.17 ns for an NR-lane multiply-add. Charged
     * when zeros make the transposed layout look cheap, which without it put the weight gradient
     * Gᵀ·x of a first layer on MNIST images (500×784 outputs over a batch of 64) through a 392 K
     * element scatter that cost more than the skipped steps saved (835 against 352 µs, one thread).
     */
    static final double SCATTER = 6;
    /**
     * Products below this many multiply-adds do not look for zero steps: sampling costs a few µs.
     * {@code -Djgrad.skipZeros=false} turns the looking off (the same bits, for comparing speed);
     * tests lower it to run the skipping kernels on small odd shapes.
     */
    static volatile long skipMin = Boolean.parseBoolean(System.getProperty("jgrad.skipZeros", "true"))
            ? PARALLEL_MIN : Long.MAX_VALUE;

    static final int MR = GemmSimd.MR, NR = GemmSimd.NR;
    /**
     * The caller's packed A and B, and A's listed steps compacted, kept between calls so a training
     * loop allocates nothing here.
     */
    private static final ThreadLocal<float[][]> PACKED = ThreadLocal.withInitial(() -> new float[3][0]);
    /** The caller's lists of A's non-zero steps. */
    private static final ThreadLocal<NonZeroSteps> STEPS = ThreadLocal.withInitial(NonZeroSteps::new);
    /** The caller's copy of C before an accumulating product that skips steps (see {@link #fullSum}). */
    private static final ThreadLocal<float[][]> START = ThreadLocal.withInitial(() -> new float[1][0]);
    /** Every thread's edge tile, C block (for transposed C) and per-step maxima (for zero steps). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

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
    /** Whether to list the non-zero steps of A's row panels: A looked sparse. */
    private final boolean scan;
    private NonZeroSteps steps;
    /** Whether tiles may skip A's zero steps: listed, and B is finite. */
    private boolean skip;
    /** Sparse k-blocks of A's panels, their listed steps compacted: row r, step q at base + r·count + q. */
    private float[] acp;
    private float[] c0;

    private GemmJob(int m, int n, int k, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int bRow,
                    int bCol, float[] c, int cOff, int cRow, int cCol, boolean accumulate, boolean scan) {
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
        this.scan = scan;
    }

    /**
     * C (dense m×n at {@code cOff}) = A·B, or + C with {@code accumulate}. Every product can also be
     * computed as Cᵀ = Bᵀ·Aᵀ, which only relabels strides. That pays when it moves the transposing
     * part of packing to the smaller operand (x·Wᵀ in a Linear layer packs the batch instead of the
     * weights), when C is much narrower than a register tile, or when it puts a sparse operand where
     * its zero steps can be skipped (the weight gradient Gᵀ·x of a first layer, as xᵀ·G). The choice
     * depends on the shape, strides and sampled zeros, never on the thread count, and it never changes
     * the bits. Needs m, n, k &gt; 0.
     */
    static void multiply(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                         float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, boolean accumulate) {
        // Sampled densities of A's MR-row panels and of B's MR-column panels (A's for Cᵀ = Bᵀ·Aᵀ), about
        // 64 reads each; 1 for a product too small to look.
        boolean look = (long) m * n * k >= skipMin;
        double dA = look ? NonZeroSteps.density(a, aOff, aRow, aCol, m, k, MR) : 1;
        double dBt = look ? NonZeroSteps.density(b, bOff, bCol, bRow, n, k, MR) : 1;
        double transposedC = dBt < SPARSE_LOOK ? SCATTER * m * n : 0;
        if (cost(n, m, k, bCol, bRow, aCol, aRow, dBt) + transposedC < 0.9 * cost(m, n, k, aRow, aCol, bRow, bCol, dA)) {
            new GemmJob(n, m, k, b, bOff, bCol, bRow, a, aOff, aCol, aRow, c, cOff, 1, n, accumulate, dBt < SPARSE_LOOK).run();
        } else {
            new GemmJob(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, n, 1, accumulate, dA < SPARSE_LOOK).run();
        }
    }

    /**
     * Estimated cycles: padded multiply-adds at NR lanes per cycle, scaled by the sampled density of
     * A's panels when that is below {@link #SPARSE_LOOK}, plus packing, where copying
     * a contiguous run costs a quarter of gathering element by element (what transposing takes).
     * A with contiguous rows is read in place and costs nothing to pack. Gathering B is weighted
     * twice as much again: with a weight of 1, a Linear layer's x·Wᵀ at batch 256 (256×784 by
     * (500×784)ᵀ) transposed all of W on every call, at 175–180 GFLOP/s on 2 threads; packing the
     * batch instead, as Cᵀ = W·xᵀ, ran at 196–200 (batch 64 and 128 and the weight gradient
     * unchanged).
     */
    static double cost(int m, int n, int k, int aRow, int aCol, int bRow, int bCol, double dA) {
        double tiles = (double) ((m + MR - 1) / MR * MR) * ((n + NR - 1) / NR * NR) * k / NR;
        double dense = dA < SPARSE_LOOK ? dA * STEP_LIST_COST : 1;
        double packB = (double) k * n * (bCol == 1 ? 0.25 : 2);
        double packA = aCol == 1 ? 0 : (double) m * k * (aRow == 1 ? 0.25 : 1);
        return tiles * dense + packA + packB;
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
        if (scan) {
            steps = STEPS.get();
            steps.reset(mp, np, k, nkb);
        }
        int packs = np + (aInPlace && !scan ? 0 : mp);
        IntConsumer pack = t -> {
            if (t < np) { panelB(t); }
            else { panelA(t - np); }
        };
        IntConsumer compute = t -> {
            int bm = t / blocksN, bn = t % blocksN;
            block(bm * MC_PANELS, Math.min(mp, (bm + 1) * MC_PANELS), bn * ncp, Math.min(np, (bn + 1) * ncp));
        };
        if ((long) m * n * k < PARALLEL_MIN || KernelThreads.threads() == 1) {
            for (int t = 0; t < packs; t++) { pack.accept(t); }
            startSkipping();
            for (int t = 0; t < blocksM * blocksN; t++) { compute.accept(t); }
        } else {
            KernelThreads.run(packs, pack);
            startSkipping();
            KernelThreads.run(blocksM * blocksN, compute);
        }
    }

    /** Packs B's column panel jp and, when A may skip steps, checks that the panel is finite. */
    private void panelB(int jp) {
        packB(jp);
        for (int pb = 0; scan && pb < nkb; pb++) {
            int k0 = kStart(pb), kc = kStart(pb + 1) - k0;
            steps.markFinite(jp, pb == 0, GemmSimd.allFinite(bp, k0 * nPad + jp * NR * kc, NR * kc));
        }
    }

    /**
     * Packs A's row panel ip unless A is read in place; when A looked sparse, lists each k-block's
     * non-zero steps and copies a sparse block's listed steps into {@link #acp}, so that the
     * micro-kernel reads A at a constant step (see {@link #STEP_LIST_COST}).
     */
    private void panelA(int ip) {
        if (!aInPlace) {
            packA(ip);
        }
        int i0 = ip * MR, rows = Math.min(MR, m - i0);
        for (int pb = 0; scan && pb < nkb; pb++) {
            int k0 = kStart(pb), kc = kStart(pb + 1) - k0, base = k0 * mPad + ip * MR * kc;
            float[] mx = stepScratch(kc);
            if (aInPlace) {
                GemmSimd.stepMaxA(a, aOff + i0 * aRow + k0, aRow, rows, kc, mx);
            } else {
                GemmSimd.stepMaxA(ap, base, kc, MR, kc, mx);
            }
            steps.record(ip, pb, k0, mx, kc, sparseMax(kc));
            if (steps.sparse(ip, pb)) {
                int[] st = steps.steps();
                int s0 = steps.start(ip, k0), cnt = steps.count(ip, pb);
                for (int r = 0; r < MR; r++) {
                    // Into a buffer of its own: if B turns out not finite, the dense kernel reads A as packed.
                    int src = aInPlace ? aOff + (i0 + Math.min(r, rows - 1)) * aRow + k0 : base + r * kc;
                    float[] from = aInPlace ? a : ap;
                    for (int q = 0, dst = base + r * cnt; q < cnt; q++) { acp[dst + q] = from[src + st[s0 + q]]; }
                }
            }
        }
    }

    /** The calling thread's per-step maxima of one panel's k-block. */
    private static float[] stepScratch(int kc) {
        float[][] s = SCRATCH.get();
        if (s[2].length < kc) {
            s[2] = new float[kc];
        }
        return s[2];
    }

    /** At most this many non-zero steps of kc and a k-block runs the step-skipping micro-kernel. */
    private static int sparseMax(int kc) {
        return kc * SPARSE_MAX_64THS / 64;
    }

    /**
     * After packing: a skipped step multiplies a zero by the other operand, so skipping needs that
     * operand finite (0·∞ is NaN). An accumulating product keeps C's start for {@link #fullSum}.
     */
    private void startSkipping() {
        skip = scan && steps.allFinite(np);
        if (skip && accumulate) {
            float[][] s = START.get();
            if (s[0].length < m * n) {
                s[0] = new float[m * n];
            }
            c0 = s[0];
            System.arraycopy(c, cOff, c0, 0, m * n);
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
        if (scan && p[2].length < mPad * k) {
            p[2] = new float[mPad * k];
        }
        acp = p[2];
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
                    int i0 = ip * MR, rows = Math.min(MR, m - i0), cols = Math.min(NR, n - j0);
                    if (viaBlock) {
                        micro(pb, ip, jp, bi, cb, (i0 - bi0) * bw + (j0 - bj0), bw, load, rows, cols);
                    } else if (i0 + MR <= m && j0 + NR <= n) {
                        micro(pb, ip, jp, bi, c, cOff + i0 * cRow + j0, cRow, load, rows, cols);
                    } else {
                        // Edge tile: the full-size kernel on a scratch tile, then copy what exists.
                        float[] tb = s[0];
                        int ci = cOff + i0 * cRow + j0;
                        for (int r = 0; load && r < rows; r++) { System.arraycopy(c, ci + r * cRow, tb, r * NR, cols); }
                        micro(pb, ip, jp, bi, tb, 0, NR, load, rows, cols);
                        for (int r = 0; r < rows; r++) { System.arraycopy(tb, r * NR, c, ci + r * cRow, cols); }
                    }
                }
            }
        }
        if (viaBlock && cRow == 1) {
            // C transposed in place of a row-major one (xᵀ·G written as a weight gradient): 16×16
            // tiles, so both the block's rows and C's columns are read and written while in L1.
            for (int i1 = 0; i1 < bRows; i1 += 16) {
                for (int j1 = 0; j1 < bCols; j1 += 16) {
                    for (int j = j1; j < Math.min(bCols, j1 + 16); j++) {
                        int dst = cOff + bi0 + (bj0 + j) * cCol;
                        for (int i = i1; i < Math.min(bRows, i1 + 16); i++) { c[dst + i] = cb[i * bw + j]; }
                    }
                }
            }
        } else {
            for (int i = 0; viaBlock && i < bRows; i++) {
                for (int j = 0; j < bCols; j++) { c[cOff + (bi0 + i) * cRow + (bj0 + j) * cCol] = cb[i * bw + j]; }
            }
        }
    }

    /**
     * The tile of row panel ip by column panel jp over k-block pb, into {@code cc} at ci (row stride
     * ld), of which {@code rows × cols} exist: A's six rows read in place (rows past m repeat the last
     * one; their results land in the scratch tile and are dropped) or from the packed panel, where row
     * r, step p is at {@code base + r·kc + p}. Skips the steps where A's panel is all zeros when it
     * has few non-zero steps; after the last k-block of a tile that skipped, an element left
     * at −0 is recomputed in full (see {@link NonZeroSteps}).
     */
    private void micro(int pb, int ip, int jp, int bi, float[] cc, int ci, int ld, boolean load, int rows, int cols) {
        int k0 = kStart(pb), kc = kStart(pb + 1) - k0, i0 = ip * MR;
        float[] av = aInPlace ? a : ap;
        int a0, a1, a2, a3, a4, a5;
        if (aInPlace) {
            int l = m - 1, o = aOff + k0, r = aRow;
            a0 = o + Math.min(i0, l) * r;
            a1 = o + Math.min(i0 + 1, l) * r;
            a2 = o + Math.min(i0 + 2, l) * r;
            a3 = o + Math.min(i0 + 3, l) * r;
            a4 = o + Math.min(i0 + 4, l) * r;
            a5 = o + Math.min(i0 + 5, l) * r;
        } else {
            a0 = k0 * mPad + i0 * kc;
            a1 = a0 + kc;
            a2 = a0 + 2 * kc;
            a3 = a0 + 3 * kc;
            a4 = a0 + 4 * kc;
            a5 = a0 + 5 * kc;
        }
        if (skip && steps.sparse(ip, pb)) {
            int cnt = steps.count(ip, pb), base = k0 * mPad + i0 * kc;
            GemmSimd.tileSteps(steps.steps(), steps.start(ip, k0), cnt, acp, base, base + cnt, base + 2 * cnt,
                    base + 3 * cnt, base + 4 * cnt, base + 5 * cnt, bp, bi, cc, ci, ld, load);
        } else {
            GemmSimd.tile(kc, av, a0, a1, a2, a3, a4, a5, bp, bi, cc, ci, ld, load);
        }
        if (pb == nkb - 1 && skip && steps.anySparse(ip)
                && GemmSimd.anyZero(cc, ci, ld)) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    if (Float.floatToRawIntBits(cc[ci + r * ld + j]) == NEGATIVE_ZERO) {
                        cc[ci + r * ld + j] = fullSum(i0 + r, jp * NR + j);
                    }
                }
            }
        }
    }

    private static final int NEGATIVE_ZERO = Float.floatToRawIntBits(-0f);

    /** Element (i, j) as the dense kernels compute it: one fma chain from C's start over every step, in order. */
    private float fullSum(int i, int j) {
        float s = accumulate ? c0[i * cRow + j * cCol] : 0f;
        for (int p = 0; p < k; p++) {
            s = Math.fma(a[aOff + i * aRow + p * aCol], b[bOff + p * bRow + j * bCol], s);
        }
        return s;
    }
}
