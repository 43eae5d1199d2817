package dev.jgrad.kernel;

import java.util.function.IntConsumer;

/**
 * The blocking and scheduling of one fast matrix product, shared by the float and double versions.
 *
 * <p>Layout (Goto/BLIS style). C is cut into tiles of MR rows by NR columns, each computed by a
 * register-tiled micro-kernel; k is cut into blocks of at most {@link #KC}. B is packed once per
 * call into NR-column panels, block by block, so the micro-kernel reads it with unit stride, unless
 * its rows are contiguous and cache-friendly and A has only a few row panels to walk it, when full
 * panels are read in place. A is read in
 * place when its rows are contiguous along k, and otherwise packed once into MR-row panels.
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
abstract class GemmJob {
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

    final int m, n, k, mr, nr;
    /** Row panels, column panels, k-blocks, and rows and columns rounded up to whole panels. */
    final int mp, np, nkb, mPad, nPad;
    /** C element (i, j) is at cOff + i·cRow + j·cCol. */
    final int cOff, cRow, cCol;
    final boolean accumulate, relu;
    /** A's rows are contiguous along k and are read where they are. */
    final boolean aInPlace;

    GemmJob(int m, int n, int k, int mr, int nr, int cOff, int cRow, int cCol,
            boolean accumulate, boolean relu, boolean aInPlace) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.mr = mr;
        this.nr = nr;
        this.mp = (m + mr - 1) / mr;
        this.np = (n + nr - 1) / nr;
        this.nkb = (k + KC - 1) / KC;
        this.mPad = mp * mr;
        this.nPad = np * nr;
        this.cOff = cOff;
        this.cRow = cRow;
        this.cCol = cCol;
        this.accumulate = accumulate;
        this.relu = relu;
        this.aInPlace = aInPlace;
    }

    /**
     * At most this many row panels of A read B in place; more pack it. A B panel read in place is
     * KC rows a row stride apart, for the MLP's weight gradient at batch 256 (k = 256 rows of 784
     * floats) 256 different pages per panel, and every row panel of A walks it again; packed, it is
     * 32 KiB in a row. Measured, 2 threads, paired in one JVM (median of per-round ratios): packing
     * made the weight gradient 1.19–1.21× faster at batch 256 and 1.03–1.06× at batch 64, but halved
     * the 10-row product gᵀ·h of the output layer (2 row panels), where the copy is not repaid.
     */
    static final int B_IN_PLACE_MAX_ROW_PANELS = 4;

    /**
     * Whether B can be read in place: rows {@code stride} elements apart fall into every set of a
     * 4 KiB-per-way L1 (64 sets of 64 bytes), so a B panel read in place stays cached like a packed
     * one (a stride of 1024 floats puts every row in the same set and the panel thrashes; 784 or 500
     * floats do not), and A has few row panels ({@link #B_IN_PLACE_MAX_ROW_PANELS}), so the copy
     * that reading in place saves is a large part of the work.
     */
    final boolean bReadInPlace(int stride, int bytes) {
        return mp <= B_IN_PLACE_MAX_ROW_PANELS && rowsSpreadOverL1(stride, bytes);
    }

    /** Whether rows {@code stride} elements apart fall into every set of a 4 KiB-per-way L1. */
    static boolean rowsSpreadOverL1(int stride, int bytes) {
        long b = Math.abs((long) stride * bytes);
        return b != 0 && gcd(b, 4096) <= 64;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** First k index of block {@code pb}; blocks are balanced (lengths differ by at most one). */
    final int kStart(int pb) {
        return (int) ((long) pb * k / nkb);
    }

    /** Makes sure the calling thread's packed A and B buffers are large enough. */
    abstract void allocatePacked();

    /** Packs row panel {@code ip} of A, every k-block. */
    abstract void packA(int ip);

    /** Packs column panel {@code jp} of B, every k-block. */
    abstract void packB(int jp);

    /** Computes row panels [ip0, ip1) × column panels [jp0, jp1) of C, all k-blocks. */
    abstract void block(int ip0, int ip1, int jp0, int jp1);

    /** k = 0: nothing to multiply, only the output mode and ReLU to honour. */
    abstract void empty();

    final void run() {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            empty();
            return;
        }
        int blocksM = (mp + MC_PANELS - 1) / MC_PANELS;
        int wantN = Math.min(np, Math.max(1, (TASKS + blocksM - 1) / blocksM));
        int ncp = (np + wantN - 1) / wantN;
        int blocksN = (np + ncp - 1) / ncp;
        allocatePacked();
        int packs = np + (aInPlace ? 0 : mp);
        IntConsumer pack = t -> {
            if (t < np) packB(t);
            else packA(t - np);
        };
        IntConsumer compute = t -> {
            int bm = t / blocksN, bn = t % blocksN;
            block(bm * MC_PANELS, Math.min(mp, (bm + 1) * MC_PANELS), bn * ncp, Math.min(np, (bn + 1) * ncp));
        };
        if ((long) m * n * k < PARALLEL_MIN || KernelThreads.threads() == 1) {
            for (int t = 0; t < packs; t++) pack.accept(t);
            for (int t = 0; t < blocksM * blocksN; t++) compute.accept(t);
        } else {
            KernelThreads.run(packs, pack);
            KernelThreads.run(blocksM * blocksN, compute);
        }
    }
}
