package dev.jgrad.kernel;

import dev.jgrad.tensor.Generator;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import java.util.Arrays;
import java.util.List;

/**
 * Random matrix products for kernel tests: operands sit in larger arrays at an offset, in one of
 * several layouts (row-major, transposed, padded rows, every other element), with random values in
 * the gaps so that a kernel reading outside the view shows up as a wrong result.
 */
final class GemmOperands {
    /** The sizes the tests draw from: 1, vector tails, tile edges and odd sizes. */
    static final int[] SIZES = {1, 2, 3, 7, 15, 16, 17, 33, 64, 65, 100, 257};

    final int m, n, k, aOff, aRow, aCol, bOff, bRow, bCol;
    final long seed;
    final double[] a, b;
    final String layout;

    /** Layouts 0..3 (see {@link #strides}), offsets and a seed for the values (which do not shrink). */
    GemmOperands(int m, int n, int k, int layoutA, int layoutB, int aOff, int bOff, long seed) {
        this.m = m;
        this.n = n;
        this.k = k;
        int[] as = strides(layoutA, m, k), bs = strides(layoutB, k, n);
        aRow = as[0];
        aCol = as[1];
        bRow = bs[0];
        bCol = bs[1];
        this.aOff = aOff;
        this.bOff = bOff;
        this.seed = seed;
        Generator g = new Generator(seed);
        a = random(g, aOff + extent(m, k, aRow, aCol));
        b = random(g, bOff + extent(k, n, bRow, bCol));
        layout = "A " + name(layoutA) + ", B " + name(layoutB);
    }

    GemmOperands(Generator g, int m, int n, int k) {
        this(m, n, k, g.nextInt(4), g.nextInt(4), g.nextInt(5), g.nextInt(5), g.nextLong());
    }

    /** Sizes from {@link #SIZES} (shrinking towards 1), any layouts and offsets. */
    static Gen<GemmOperands> gen() {
        Gen<Integer> size = Gens.elements(Arrays.stream(SIZES).boxed().toList());
        Gen<Integer> layout = Gens.elements(List.of(0, 1, 2, 3));
        return Gen.zip(Gen.zip(Gen.zip(size, size, size), Gen.zip(layout, layout, Gens.ints(0, 4))),
                Gen.zip(Gens.ints(0, 4), Gens.ints(0, Integer.MAX_VALUE)),
                (dl, rest) -> new GemmOperands(dl.first().first(), dl.first().second(), dl.first().third(),
                        dl.second().first(), dl.second().second(), dl.second().third(), rest.first(), rest.second()));
    }

    /** A dense C of m×n to start from (for ACCUMULATE), from the operands' seed. */
    double[] startC() {
        return random(new Generator(seed + 1), m * n);
    }

    /** Strides of a rows×cols view: 0 row-major, 1 transposed, 2 padded rows, 3 every other element. */
    private static int[] strides(int layout, int rows, int cols) {
        return switch (layout) {
            case 0 -> new int[] {cols, 1};
            case 1 -> new int[] {1, rows};
            case 2 -> new int[] {cols + 3, 1};
            default -> new int[] {2 * cols + 1, 2};
        };
    }

    private static String name(int layout) {
        return switch (layout) {
            case 0 -> "row-major";
            case 1 -> "transposed";
            case 2 -> "padded";
            default -> "strided";
        };
    }

    private static int extent(int rows, int cols, int rs, int cs) {
        return rows == 0 || cols == 0 ? 0 : (rows - 1) * rs + (cols - 1) * cs + 1;
    }

    static double[] random(Generator g, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * g.nextDouble() - 1;
        }
        return x;
    }

    static float[] f32(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    static double[] abs(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = Math.abs(x[i]);
        }
        return r;
    }

    /** Σₚ |a(i,p)|·|b(p,j)| + |c0(i,j)|: the scale of the rounding error of element (i, j). */
    double[] magnitude(double[] c0) {
        double[] mag = new double[m * n];
        for (int i = 0; i < mag.length; i++) {
            mag[i] = Math.abs(c0[i]);
        }
        Backend.REFERENCE.gemm(m, n, k, abs(a), aOff, aRow, aCol, abs(b), bOff, bRow, bCol, mag, 0, Backend.Output.ACCUMULATE);
        return mag;
    }

    /** n random floats in [-1, 1). */
    static float[] randomF32(Generator g, int n) {
        return f32(random(g, n));
    }

    /**
     * Runs C = A·B (or + C) from {@code start} through the reference and the fast backend and fails
     * unless every element has the same bits (any NaN matching any NaN).
     */
    static void assertSameBits(int m, int n, int k, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff,
                               int bRow, int bCol, float[] start, Backend.Output mode, String what) {
        float[] ref = Arrays.copyOf(start, m * n), fast = ref.clone();
        Backend.REFERENCE.gemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, ref, 0, mode);
        FastBackend.INSTANCE.gemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, fast, 0, mode);
        for (int i = 0; i < ref.length; i++) {
            if (Float.floatToRawIntBits(ref[i]) != Float.floatToRawIntBits(fast[i])
                    && !(Float.isNaN(ref[i]) && Float.isNaN(fast[i]))) {
                throw new AssertionError(what + ": element (" + i / n + ", " + i % n + ") is " + fast[i]
                        + ", the reference " + ref[i]);
            }
        }
    }

    @Override
    public String toString() {
        return m + "x" + k + " · " + k + "x" + n + " (" + layout + ", offsets " + aOff + "/" + bOff + ", value seed " + seed + ")";
    }
}
