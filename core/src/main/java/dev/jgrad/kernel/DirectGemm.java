package dev.jgrad.kernel;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The float32 products for which {@link GemmJob}'s packing costs more than it saves, computed from
 * the operands where they are. The 10-class layer of the MNIST MLP makes three of them every step:
 * <ul>
 *   <li>a C at most one vector wide (x·Wᵀ, 64×500 by 500×10): {@link GemmSimd#tileNarrow}, eight rows
 *       of C by one vector, B packed into one zero-padded vector per step (k·n elements, 5 000 here).
 *       GemmJob either leaves three quarters of its two-vector tile idle or, as Cᵀ = W·xᵀ,
 *       transposes the whole batch into packed panels;</li>
 *   <li>a small product whose B has contiguous rows (gᵀ·h, 10×64 by 64×500, and g·W, 64×10 by
 *       10×500): {@link GemmSimd#tileInPlace}, five rows of C by two vectors, A broadcast and B's rows
 *       loaded where they are; only the last, partial column tile copies its columns of B.</li>
 * </ul>
 * Each element is the fma chain of {@link Backend#gemm} over k in order, from 0 or from C, in one
 * call of a micro-kernel, so the result is the reference's bits. Work is split by whole tiles (row
 * blocks or column tiles), which depend only on the shape: any thread count gives the same bits.
 *
 * <p>Measured, CPU time per product on one thread (a shared host at load 12–17, alternating with
 * OpenBLAS's own CPU time, medians of 5 rounds; BENCHMARKS.md, round 3): x·Wᵀ 15.4 µs packed, 10.0
 * here (OpenBLAS 5.3); gᵀ·h 10.1 and 5.0 (4.3); g·W 8.8 and 7.3 (4.6); gᵀ·h at batch 256 44.5 and
 * 23.7 (43.9). The narrow kernel stays behind: keeping each element's order puts the lanes across
 * the 10 outputs of a row (10 of 16 busy) with one broadcast of A per fma.
 */
final class DirectGemm {
    private DirectGemm() {}

    private static final int NR = GemmSimd.NR, ROWS = GemmSimd.ROWS, WIDTH = GemmSimd.WIDTH;
    private static final int NARROW_ROWS = GemmSimd.NARROW_ROWS;

    /** Which products run here. */
    enum Route {
        /**
         * A C at most one vector wide, and products with B's rows contiguous that either have fewer
         * multiply-adds than {@link GemmJob#PARALLEL_MIN} (one thread, where packing is a larger
         * share) or at most {@link #FEW_ROWS} rows (B packed for so few row panels does not pay).
         */
        BY_SHAPE,
        /** None: every product through {@link GemmJob} (for tests of the packed kernels). */
        PACKED,
        /**
         * Also every product with B's rows contiguous, whatever its size (for tests of
         * {@link GemmSimd#tileInPlace}).
         */
        IN_PLACE
    }

    /**
     * Up to three of {@link GemmJob}'s row panels. Measured (CPU time, one thread, load 12–17):
     * gᵀ·h at batch 256 (10×256 by 256×500) 23.7 µs in place against 44.5 packed.
     */
    static final int FEW_ROWS = 16;

    /** {@link Route#BY_SHAPE} unless a test changes it. */
    static volatile Route route = Route.BY_SHAPE;

    /**
     * Every thread's A with unit steps, B as vectors (narrow products), C tile, and B's last
     * columns (in-place products).
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);
    private static final int A_ROWS = 0, B_STEPS = 1, TILE = 2, EDGE = 3;

    /** Whether C = A·B runs here: C at most one vector wide, or small with B's rows contiguous. */
    static boolean takes(int m, int n, int k, int bCol) {
        return switch (route) {
            case BY_SHAPE -> n <= WIDTH || (bCol == 1 && ((long) m * n * k < GemmJob.PARALLEL_MIN || m <= FEW_ROWS));
            case PACKED -> false;
            case IN_PLACE -> n <= WIDTH || bCol == 1;
        };
    }

    /** C (dense m×n at {@code cOff}) = A·B, or + C with {@code accumulate}, for a shape {@link #takes} accepts. */
    static void multiply(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                         float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, boolean accumulate) {
        Operands o;
        if (aCol == 1) {
            o = new Operands(m, n, k, a, aOff, aRow, b, bOff, bRow, c, cOff, accumulate);
        } else {
            // The kernels read A's rows at a unit step (see GemmSimd.tileInPlace); m·k copies, 640 for gᵀ·h.
            float[] ap = scratch(A_ROWS, m * k);
            for (int i = 0; i < m; i++) {
                for (int p = 0, src = aOff + i * aRow; p < k; p++) {
                    ap[i * k + p] = a[src + p * aCol];
                }
            }
            o = new Operands(m, n, k, ap, 0, k, b, bOff, bRow, c, cOff, accumulate);
        }
        if (n <= WIDTH) {
            // B as one zero-padded vector per step: column by column, so that a transposed view (Wᵀ)
            // is read along its rows.
            float[] bp = scratch(B_STEPS, k * WIDTH);
            Arrays.fill(bp, 0, k * WIDTH, 0f);
            for (int j = 0; j < n; j++) {
                for (int p = 0, src = bOff + j * bCol; p < k; p++) {
                    bp[p * WIDTH + j] = b[src + p * bRow];
                }
            }
            spread(o, (m + NARROW_ROWS - 1) / NARROW_ROWS, t -> o.narrowRows(t * NARROW_ROWS, bp));
        } else {
            spread(o, (n + NR - 1) / NR, o::columns);
        }
    }

    /** Runs the tasks on the calling thread, or on the kernel threads when the product is large enough. */
    private static void spread(Operands o, int tasks, IntConsumer task) {
        if ((long) o.m * o.n * o.k < GemmJob.PARALLEL_MIN) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
        } else {
            KernelThreads.run(tasks, task);
        }
    }

    /** The calling thread's scratch buffer {@code which}, at least {@code length} long. */
    private static float[] scratch(int which, int length) {
        float[][] s = SCRATCH.get();
        if (s[which].length < length) {
            s[which] = new float[length];
        }
        return s[which];
    }

    /** One product's operands: A's rows contiguous, B's rows contiguous (for {@link #columns}). */
    private record Operands(int m, int n, int k, float[] a, int aOff, int aRow, float[] b, int bOff, int bRow,
                            float[] c, int cOff, boolean accumulate) {
        /** Offset of row i of A, for i past the last row the last row (its results are not kept). */
        int aRowAt(int i) {
            return aOff + Math.min(i, m - 1) * aRow;
        }

        /** Rows [i0, i0 + 8) of a C at most one vector wide, through a tile of scratch; B packed in {@code bp}. */
        void narrowRows(int i0, float[] bp) {
            float[] t = scratch(TILE, NARROW_ROWS * WIDTH);
            int rows = Math.min(NARROW_ROWS, m - i0);
            for (int r = 0; accumulate && r < rows; r++) {
                System.arraycopy(c, cOff + (i0 + r) * n, t, r * WIDTH, n);
            }
            GemmSimd.tileNarrow(k, a, aRowAt(i0), aRowAt(i0 + 1), aRowAt(i0 + 2), aRowAt(i0 + 3), aRowAt(i0 + 4),
                    aRowAt(i0 + 5), aRowAt(i0 + 6), aRowAt(i0 + 7), bp, 0, t, 0, accumulate);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(t, r * WIDTH, c, cOff + (i0 + r) * n, n);
            }
        }

        /**
         * Column tile jt of C, every row: B's rows read in place, C written in place (a block past the
         * last row repeats it). The last tile, if partial, copies its columns of B zero-padded and
         * goes through a tile of scratch, so no load or store reaches past C's or B's rows.
         */
        void columns(int jt) {
            int j0 = jt * NR, cols = Math.min(NR, n - j0), l = m - 1;
            if (cols == NR) {
                for (int i0 = 0; i0 < m; i0 += ROWS) {
                    int c0 = cOff + j0 + Math.min(i0, l) * n, c1 = cOff + j0 + Math.min(i0 + 1, l) * n;
                    int c2 = cOff + j0 + Math.min(i0 + 2, l) * n, c3 = cOff + j0 + Math.min(i0 + 3, l) * n;
                    int c4 = cOff + j0 + Math.min(i0 + 4, l) * n;
                    GemmSimd.tileInPlace(k, a, aRowAt(i0), aRowAt(i0 + 1), aRowAt(i0 + 2), aRowAt(i0 + 3),
                            aRowAt(i0 + 4), b, bOff + j0, bRow, c, c0, c1, c2, c3, c4, accumulate);
                }
                return;
            }
            float[] bp = scratch(EDGE, k * NR), t = scratch(TILE, ROWS * NR);
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * bRow + j0, bp, p * NR, cols);
                for (int j = cols; j < NR; j++) {
                    bp[p * NR + j] = 0f;
                }
            }
            for (int i0 = 0; i0 < m; i0 += ROWS) {
                int rows = Math.min(ROWS, m - i0);
                for (int r = 0; accumulate && r < rows; r++) {
                    System.arraycopy(c, cOff + (i0 + r) * n + j0, t, r * NR, cols);
                }
                GemmSimd.tileInPlace(k, a, aRowAt(i0), aRowAt(i0 + 1), aRowAt(i0 + 2), aRowAt(i0 + 3),
                        aRowAt(i0 + 4), bp, 0, NR, t, 0, NR, 2 * NR, 3 * NR, 4 * NR, accumulate);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(t, r * NR, c, cOff + (i0 + r) * n + j0, cols);
                }
            }
        }
    }
}
