package dev.jgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.tensor.Generator;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The fast pointwise loops give the reference's bits on random shapes and layouts (float32; float64
 * runs the reference in both backends, which the double comparisons keep checking).
 */
class FastPointwiseTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-40};

    /** Rank-1..3 shapes with sizes that include 1 and vector tails (1, 2, 3, 7, 15, 16, 17). */
    private static final Gen<int[]> SHAPES = Gen.intArray(Gens.elements(List.of(1, 2, 3, 7, 15, 16, 17)), 1, 3);
    /** Layouts and values come from this seed. */
    private static final Gen<Integer> SEEDS = Gens.ints(0, Integer.MAX_VALUE);

    private static double[] values(Generator g, int n) {
        double[] x = GemmOperands.random(g, n);
        for (int i = 0; i < n; i++) {
            if (g.nextInt(10) == 0) {
                x[i] = SPECIAL[g.nextInt(SPECIAL.length)];
            }
        }
        return x;
    }

    /**
     * A layout of {@code shape} inside an array: dense, dense at an offset, last two dimensions
     * transposed, or broadcast (stride 0) along a random dimension.
     */
    private static Strided layout(Generator g, int[] shape, boolean allowBroadcast) {
        int kind = g.nextInt(allowBroadcast ? 4 : 3);
        int[] st = Strided.denseStrides(shape);
        int off = kind == 1 ? 1 + g.nextInt(4) : 0;
        if (kind == 2 && shape.length >= 2) {
            int r = shape.length;
            int[] sw = shape.clone();
            sw[r - 1] = shape[r - 2];
            sw[r - 2] = shape[r - 1];
            int[] ds = Strided.denseStrides(sw);
            st[r - 1] = ds[r - 2];
            st[r - 2] = ds[r - 1];
        }
        if (kind == 3) {
            st[g.nextInt(shape.length)] = 0;
        }
        return new Strided(off, shape, st);
    }

    /** Strided's record toString would print array identities. */
    private static String str(Strided s) {
        return "offset " + s.offset() + " shape " + Arrays.toString(s.shape()) + " strides " + Arrays.toString(s.strides());
    }

    private static int extent(Strided s) {
        int e = s.offset() + 1;
        for (int d = 0; d < s.shape().length; d++) {
            e += (s.shape()[d] - 1) * s.strides()[d];
        }
        return e;
    }

    /** Runs {@code body} with the reference backend (index 0), then the fast one (index 1). */
    private static void bothBackends(BiConsumer<Integer, Backend> body) {
        body.accept(0, Backend.REFERENCE);
        body.accept(1, FastBackend.INSTANCE);
    }

    @Test
    void binaryOpsMatchReferenceBitForBit() {
        Property.named("fast binary = reference").tries(400).forAll(Gens.elements(List.of(BinaryOp.values())), SHAPES, SEEDS, (op, shape, seed) -> {
            Generator g = new Generator(seed);
            Strided sa = layout(g, shape, true), sb = g.nextInt(4) == 0 ? scalar(shape) : layout(g, shape, true);
            Strided so = layout(g, shape, false);
            double[] a = values(g, extent(sa)), b = values(g, extent(sb));
            float[] af = GemmOperands.f32(a), bf = GemmOperands.f32(b);
            float[][] outF = new float[2][extent(so)];
            double[][] outD = new double[2][extent(so)];
            bothBackends((m, k) -> {
                k.binary(op, af, sa, bf, sb, outF[m], so);
                k.binary(op, a, sa, b, sb, outD[m], so);
            });
            String what = str(sa) + " " + str(sb) + " -> " + str(so);
            assertArrayEquals(outF[0], outF[1], what);
            assertArrayEquals(outD[0], outD[1], what);
        });
    }

    private static Strided scalar(int[] shape) {
        return new Strided(0, shape, new int[shape.length]);
    }

    @Test
    void unaryOpsMatchReferenceBitForBit() {
        Property.named("fast unary = reference").tries(300).forAll(Gens.elements(List.of(UnaryOp.values())), SHAPES, SEEDS, (op, shape, seed) -> {
            Generator g = new Generator(seed);
            double p = g.nextDouble() - 0.5, q = p + g.nextDouble();
            Strided sa = layout(g, shape, true), so = layout(g, shape, false);
            double[] a = values(g, extent(sa));
            float[] af = GemmOperands.f32(a);
            float[][] outF = new float[2][extent(so)];
            double[][] outD = new double[2][extent(so)];
            bothBackends((m, k) -> {
                k.unary(op, p, q, af, sa, outF[m], so);
                k.unary(op, p, q, a, sa, outD[m], so);
            });
            String what = "(" + p + ", " + q + ") " + str(sa) + " -> " + str(so);
            assertArrayEquals(outF[0], outF[1], what);
            assertArrayEquals(outD[0], outD[1], what);
        });
    }

    @Test
    void sumsAddInRowMajorOrderInDouble() {
        Property.named("sum = row-major double sum").tries(200).forAll(SHAPES, SEEDS, (shape, seed) -> {
            Generator g = new Generator(seed);
            Strided sa = layout(g, shape, true);
            int[] kept = shape.clone();
            for (int d = 0; d < kept.length; d++) {
                if (g.nextInt(2) == 0) {
                    kept[d] = 1;
                }
            }
            int size = Strided.dense(kept).size();
            double[] a = values(g, extent(sa));
            float[] af = GemmOperands.f32(a);
            float[] outF = new float[size];
            double[] outD = new double[size], want = new double[size], wantF = new double[size];
            FastBackend.INSTANCE.reduce(Backend.ReduceOp.SUM, af, sa, kept, outF);
            FastBackend.INSTANCE.reduce(Backend.ReduceOp.SUM, a, sa, kept, outD);
            // The definition: every element, in row-major order, added to its output slot.
            int[] idx = new int[shape.length];
            for (int e = 0; e < sa.size(); e++) {
                int src = sa.offset(), dst = 0;
                for (int d = 0; d < shape.length; d++) {
                    src += idx[d] * sa.strides()[d];
                    dst = dst * kept[d] + (kept[d] == 1 ? 0 : idx[d]);
                }
                want[dst] += a[src];
                wantF[dst] += af[src];
                for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) {
                    idx[d] = 0;
                }
            }
            String what = str(sa) + " to " + Arrays.toString(kept);
            assertArrayEquals(want, outD, what);
            for (int i = 0; i < size; i++) {
                Assertions.assertEquals((float) wantF[i], outF[i], what);
            }
        });
    }

    @Test
    void copiesMatchReferenceBitForBit() {
        Property.named("fast copy = reference").tries(300).forAll(SHAPES, SEEDS, (shape, seed) -> {
            Generator g = new Generator(seed);
            Strided sa = layout(g, shape, true), so = layout(g, shape, false);
            double[] a = values(g, extent(sa));
            float[] af = GemmOperands.f32(a);
            float[][] ff = new float[2][extent(so)], df = new float[2][extent(so)];
            double[][] dd = new double[2][extent(so)], fd = new double[2][extent(so)];
            bothBackends((m, k) -> {
                k.copy(af, sa, ff[m], so);
                k.copy(a, sa, dd[m], so);
                k.copy(af, sa, fd[m], so);
                k.copy(a, sa, df[m], so);
            });
            String what = str(sa) + " -> " + str(so);
            assertArrayEquals(ff[0], ff[1], what);
            assertArrayEquals(dd[0], dd[1], what);
            assertArrayEquals(fd[0], fd[1], what);
            assertArrayEquals(df[0], df[1], what);
        });
    }

    @Test
    void aTransposedSourceIsCopiedTileByTile() {
        // 37×21 destination rows from a column-major source: crosses tile edges in both directions.
        Strided src = new Strided(2, new int[] {37, 21}, new int[] {1, 37}), dst = Strided.dense(new int[] {37, 21});
        float[] a = new float[2 + 37 * 21];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        float[] out = new float[37 * 21];
        FastBackend.INSTANCE.copy(a, src, out, dst);
        for (int i = 0; i < 37; i++) {
            for (int j = 0; j < 21; j++) {
                Assertions.assertEquals(2 + i + 37 * j, out[i * 21 + j]);
            }
        }
    }

    @Test
    void denseMeansRowMajorWithoutGaps() {
        Assertions.assertTrue(Rows.dense(new Strided(3, new int[] {2, 3}, new int[] {3, 1})));
        Assertions.assertTrue(Rows.dense(new Strided(0, new int[] {1, 3}, new int[] {0, 1})));
        Assertions.assertFalse(Rows.dense(new Strided(0, new int[] {2, 3}, new int[] {1, 2})));
        Assertions.assertFalse(Rows.dense(new Strided(0, new int[] {2, 3}, new int[] {0, 1})));
    }
}
