package dev.jgrad.kernel;

/**
 * The blocking and scheduling of one fast matrix product, shared by the float and double versions.
 *
 * <p>Layout (Goto/BLIS style). C is cut into tiles of MR rows by NR columns, computed by a
 * register-tiled micro-kernel; K is cut into blocks of at most {@link #KC}. One task owns a block
 * of {@link #MC_PANELS} row panels by about {@link #NC} columns of C: for each k-block it packs its
 * rows of A (MR-row panels, unit stride along k; stays in L2), then for each column panel packs that
 * panel of B (stays in L1) and runs the micro-kernel down the rows. Packing reads A and B through
 * their strides, which is why transposed operands cost no extra pass. C is addressed through
 * (cRow, cCol), so a product can also be computed transposed (see {@link FastGemm}).
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
    /** Row panels per task: a packed A block of 96 rows × KC floats is 96 KiB, well inside L2. */
    static final int MC_PANELS = 16;
    /** Columns per task: small enough to give a 64-row product several tasks for two threads. */
    static final int NC = 128;
    /** Below this many multiply-adds, handing work to another thread costs more than it saves. */
    static final long PARALLEL_MIN = 1L << 18;

    final int m, n, k, mr, nr;
    /** Row panels, column panels and k-blocks. */
    final int mp, np, nkb;
    /** C element (i, j) is at cOff + i·cRow + j·cCol. */
    final int cOff, cRow, cCol;
    final boolean accumulate, relu;

    GemmJob(int m, int n, int k, int mr, int nr, int cOff, int cRow, int cCol, boolean accumulate, boolean relu) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.mr = mr;
        this.nr = nr;
        this.mp = (m + mr - 1) / mr;
        this.np = (n + nr - 1) / nr;
        this.nkb = (k + KC - 1) / KC;
        this.cOff = cOff;
        this.cRow = cRow;
        this.cCol = cCol;
        this.accumulate = accumulate;
        this.relu = relu;
    }

    /** First k index of block {@code pb}; blocks are balanced (lengths differ by at most one). */
    final int kStart(int pb) {
        return (int) ((long) pb * k / nkb);
    }

    /** The calling thread's scratch: packed A block, packed B panel, edge tile, scalar accumulators. */
    abstract Object scratch();

    /** Packs rows [ip0·MR, ip1·MR) of A, k-range [k0, k0 + kc), into the scratch A block. */
    abstract void packA(Object s, int ip0, int ip1, int k0, int kc);

    /** Packs columns [jp·NR, jp·NR + NR) of B, k-range [k0, k0 + kc), into the scratch B panel. */
    abstract void packB(Object s, int jp, int k0, int kc);

    /** Runs the micro-kernel for tile (i0, j0) with A panel {@code aPanel} of the scratch block. */
    abstract void tile(Object s, int aPanel, int i0, int j0, int kc, boolean load, boolean relu);

    /** k = 0: nothing to multiply, only the output mode and ReLU to honour. */
    abstract void empty();

    final void run() {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            empty();
            return;
        }
        int ncPanels = Math.max(1, NC / nr);
        int blocksM = (mp + MC_PANELS - 1) / MC_PANELS, blocksN = (np + ncPanels - 1) / ncPanels;
        if ((long) m * n * k < PARALLEL_MIN || KernelThreads.threads() == 1) {
            Object s = scratch();
            for (int t = 0; t < blocksM * blocksN; t++) block(t / blocksN, t % blocksN, ncPanels, s);
        } else {
            KernelThreads.run(blocksM * blocksN, t -> block(t / blocksN, t % blocksN, ncPanels, scratch()));
        }
    }

    private void block(int bm, int bn, int ncPanels, Object s) {
        int ip0 = bm * MC_PANELS, ip1 = Math.min(mp, ip0 + MC_PANELS);
        int jp0 = bn * ncPanels, jp1 = Math.min(np, jp0 + ncPanels);
        for (int pb = 0; pb < nkb; pb++) {
            int k0 = kStart(pb), kc = kStart(pb + 1) - k0;
            boolean load = accumulate || pb > 0, last = pb == nkb - 1;
            packA(s, ip0, ip1, k0, kc);
            for (int jp = jp0; jp < jp1; jp++) {
                packB(s, jp, k0, kc);
                for (int ip = ip0; ip < ip1; ip++) tile(s, ip - ip0, ip * mr, jp * nr, kc, load, relu && last);
            }
        }
    }
}
