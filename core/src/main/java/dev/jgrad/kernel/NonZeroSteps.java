package dev.jgrad.kernel;

/**
 * For each of A's row panels in one matrix product and each k-block, the steps p at which some
 * row of the panel is non-zero, in increasing order: what the micro-kernel must visit when it skips
 * the steps where the panel is all zeros (see {@link GemmJob}); and whether each of B's panels is
 * finite. An image batch is mostly zeros (MNIST digits 81%, Fashion-MNIST 50%): in x·Wᵀ, six
 * images share a non-zero at 43% (MNIST) or 84% (Fashion-MNIST) of the 784 pixels.
 *
 * <p>Why skipping is exact: a skipped step would compute {@code fma(±0, b, s)}, which is s whenever
 * b is finite, except that s = −0 plus a +0 product gives +0. So, with B finite (checked while
 * packing), a sum that skips such steps in the same order differs from the full one
 * only where the skipping sum ends at −0 and the full one at +0; {@link GemmJob} recomputes exactly
 * those elements in full. (Once the running sum is non-zero both agree, and a zero product added to a
 * zero gives −0 only when both are −0.)
 *
 * <p>Each panel writes only its own entries, so panels are recorded by different threads at once.
 */
final class NonZeroSteps {
    /** Points {@link #density} reads. */
    private static final int SAMPLES = 64;

    /** The panel's steps of k-block pb start at {@code panel·k + k0}; their count is in {@link #count}. */
    private int[] steps = new int[0];
    private int[] count = new int[0];
    /** Per panel and k-block: few enough non-zero steps to skip the rest. Per panel: any such block. */
    private boolean[] sparse = new boolean[0], anySparse = new boolean[0], finite = new boolean[0];
    private int k, nkb;

    /**
     * Readies the buffers for {@code panels} panels of a product with k steps in {@code nkb} blocks,
     * and finiteness marks for {@code otherPanels} panels of the other operand.
     */
    void reset(int panels, int otherPanels, int k, int nkb) {
        this.k = k;
        this.nkb = nkb;
        if (steps.length < panels * k) {
            steps = new int[panels * k];
        }
        if (count.length < panels * nkb) {
            count = new int[panels * nkb];
            sparse = new boolean[panels * nkb];
        }
        if (anySparse.length < panels) {
            anySparse = new boolean[panels];
        }
        if (finite.length < otherPanels) {
            finite = new boolean[otherPanels];
        }
    }

    int[] steps() {
        return steps;
    }

    /** Where the steps of panel {@code q}, k-block starting at k0, begin in {@link #steps()}. */
    int start(int q, int k0) {
        return q * k + k0;
    }

    int count(int q, int pb) {
        return count[q * nkb + pb];
    }

    boolean sparse(int q, int pb) {
        return sparse[q * nkb + pb];
    }

    boolean anySparse(int q) {
        return anySparse[q];
    }

    /**
     * Records the non-zero steps of panel q's k-block pb from {@code maxAbs[p]}, the largest |value|
     * of step p (NaN counts as non-zero). Branch-free: whether a step is zero is not predictable.
     * The block is sparse with at most {@code maxCount} non-zero steps.
     */
    void record(int q, int pb, int k0, float[] maxAbs, int kc, int maxCount) {
        int n = 0, dst = q * k + k0;
        for (int p = 0; p < kc; p++) {
            steps[dst + n] = p;
            n += maxAbs[p] == 0f ? 0 : 1;
        }
        count[q * nkb + pb] = n;
        sparse[q * nkb + pb] = n <= maxCount;
        anySparse[q] = (pb > 0 && anySparse[q]) || n <= maxCount;
    }

    /** Marks the other operand's panel q finite or not, block by block: the first block sets, later ones can only clear. */
    void markFinite(int q, boolean first, boolean f) {
        finite[q] = (first || finite[q]) && f;
    }

    /** Whether every one of the first {@code panels} panels was marked finite. */
    boolean allFinite(int panels) {
        for (int q = 0; q < panels; q++) {
            if (!finite[q]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The sampled fraction of (panel, step) pairs with a non-zero, for panels of {@code width} lines
     * (rows or columns) of a lines × k operand whose element (line, p) is at
     * {@code x[off + line·lineStride + p·stepStride]}. Reads at most {@value #SAMPLES}·width
     * elements, at points fixed by the shape alone.
     */
    static double density(float[] x, int off, int lineStride, int stepStride, int lines, int k, int width) {
        int groups = (lines + width - 1) / width, hits = 0;
        for (int s = 0; s < SAMPLES; s++) {
            int h = (s + 1) * 0x9E3779B9;
            int g = Integer.remainderUnsigned(h, groups), p = Integer.remainderUnsigned(h * 0x85EBCA6B, k);
            for (int w = g * width; w < Math.min(lines, (g + 1) * width); w++) {
                if (x[off + w * lineStride + p * stepStride] != 0f) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / SAMPLES;
    }
}
