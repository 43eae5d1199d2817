package dev.jgrad.kernel;

import dev.jgrad.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Vector API column sums (bias gradients) give the bits of the reference reduction, with and without SIMD. */
class SumRowsFastPathTest {
    @Test
    void fastEqualsTheReferenceReductionBitForBit() {
        Generator gen = new Generator(9);
        int m = 67, n = 517, row = 530, off = 5; // a tail after the vectors, padded rows, an offset
        float[] g = new float[off + m * row];
        for (int i = 0; i < g.length; i++) g[i] = (float) (gen.nextGaussian() * Math.exp(8 * gen.nextGaussian()));
        Strided layout = new Strided(off, new int[] {m, n}, new int[] {row, 1});
        float[] ref = new float[n];
        Kernels.Mode before = Kernels.mode();
        try {
            Kernels.setMode(Kernels.Mode.REFERENCE);
            Reductions.reduce(Reductions.ReduceOp.SUM, g, layout, new int[] {1, n}, ref);
            Kernels.setMode(Kernels.Mode.FAST);
            for (boolean simd : new boolean[] {true, false}) {
                Kernels.setSimd(simd);
                float[] got = new float[n];
                Fused.sumRows(m, n, g, off, row, got, 0, false);
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToRawIntBits(ref[j]), Float.floatToRawIntBits(got[j]), "column " + j + " simd " + simd);
                }
            }
        } finally {
            Kernels.setMode(before);
            Kernels.setSimd(true);
        }
    }
}
