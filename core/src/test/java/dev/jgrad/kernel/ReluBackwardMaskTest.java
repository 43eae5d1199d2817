package dev.jgrad.kernel;

import dev.jgrad.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The branch-free ReLU backward gives the reference's bits for every kind of value, float and double. */
class ReluBackwardMaskTest {
    private static final float[] SPECIAL_F = {-2f, -0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001)};
    private static final double[] SPECIAL_D = {-2, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
        Double.longBitsToDouble(0xfff8000000000000L), Double.longBitsToDouble(0x7ff0000000000001L)};

    @Test
    void fastEqualsReferenceOnSpecialAndRandomValues() {
        Generator gen = new Generator(4);
        int n = SPECIAL_F.length * SPECIAL_F.length + 1000;
        float[] yf = new float[n], gf = new float[n];
        double[] yd = new double[n], gd = new double[n];
        int k = 0;
        for (int i = 0; i < SPECIAL_F.length; i++) {
            for (int j = 0; j < SPECIAL_F.length; j++, k++) {
                yf[k] = SPECIAL_F[i];
                gf[k] = SPECIAL_F[j];
                yd[k] = SPECIAL_D[i];
                gd[k] = SPECIAL_D[j];
            }
        }
        for (; k < n; k++) {
            yd[k] = Math.max(0, gen.nextGaussian());
            gd[k] = gen.nextGaussian();
            yf[k] = (float) yd[k];
            gf[k] = (float) gd[k];
        }
        float[] fastF = new float[n], refF = new float[n];
        double[] fastD = new double[n], refD = new double[n];
        Kernels.Mode before = Kernels.mode();
        try {
            Kernels.setMode(Kernels.Mode.FAST);
            Fused.reluBackward(n, gf, 0, yf, 0, fastF, 0);
            Fused.reluBackward(n, gd, 0, yd, 0, fastD, 0);
            Kernels.setMode(Kernels.Mode.REFERENCE);
            Fused.reluBackward(n, gf, 0, yf, 0, refF, 0);
            Fused.reluBackward(n, gd, 0, yd, 0, refD, 0);
        } finally {
            Kernels.setMode(before);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(refF[i]), Float.floatToRawIntBits(fastF[i]), "float y=" + yf[i] + " g=" + gf[i]);
            assertEquals(Double.doubleToRawLongBits(refD[i]), Double.doubleToRawLongBits(fastD[i]), "double y=" + yd[i] + " g=" + gd[i]);
        }
    }
}
