package dev.jgrad.kernel;

import dev.jgrad.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReLU's fast paths (Vector API) give the reference's bits for every kind of value, forward and
 * backward, at offsets and with tails; float64 runs the reference in both backends.
 */
class ReluFastPathTest {
    private static final float[] SPECIAL_F = {-2f, -0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001)};
    private static final double[] SPECIAL_D = {-2, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
        Double.longBitsToDouble(0xfff8000000000000L), Double.longBitsToDouble(0x7ff0000000000001L)};

    @Test
    void fastEqualsReferenceOnSpecialAndRandomValues() {
        Generator gen = new Generator(4);
        int n = SPECIAL_F.length * SPECIAL_F.length + 1003; // not a multiple of any vector length
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
        float[] fastF = new float[n + 3], refF = new float[n + 3];
        double[] fastD = new double[n + 3], refD = new double[n + 3];
        float[] fwdF = new float[n + 1], refFwdF = new float[n + 1];
        double[] fwdD = new double[n + 1], refFwdD = new double[n + 1];
        Strided in = new Strided(0, new int[] {n}, new int[] {1}), out = new Strided(1, new int[] {n}, new int[] {1});
        Backend fast = FastBackend.INSTANCE, ref = Backend.REFERENCE;
        fast.reluBackward(n, gf, 0, yf, 0, fastF, 3);
        fast.reluBackward(n, gd, 0, yd, 0, fastD, 3);
        fast.unary(UnaryOp.RELU, 0, 0, yf, in, fwdF, out);
        fast.unary(UnaryOp.RELU, 0, 0, yd, in, fwdD, out);
        ref.reluBackward(n, gf, 0, yf, 0, refF, 3);
        ref.reluBackward(n, gd, 0, yd, 0, refD, 3);
        ref.unary(UnaryOp.RELU, 0, 0, yf, in, refFwdF, out);
        ref.unary(UnaryOp.RELU, 0, 0, yd, in, refFwdD, out);
        for (int i = 0; i < n; i++) {
            String at = "y=" + yf[i] + " g=" + gf[i];
            assertEquals(Float.floatToRawIntBits(refF[i + 3]), Float.floatToRawIntBits(fastF[i + 3]), "float backward " + at);
            assertEquals(Double.doubleToRawLongBits(refD[i + 3]), Double.doubleToRawLongBits(fastD[i + 3]), "double backward " + at);
            // A NaN stays NaN; its payload may differ (the reference widens a float to double, which quiets it).
            if (Float.isNaN(refFwdF[i + 1])) {
                assertTrue(Float.isNaN(fwdF[i + 1]), "float forward " + at);
            } else {
                assertEquals(Float.floatToRawIntBits(refFwdF[i + 1]), Float.floatToRawIntBits(fwdF[i + 1]), "float forward " + at);
            }
            if (Double.isNaN(refFwdD[i + 1])) {
                assertTrue(Double.isNaN(fwdD[i + 1]), "double forward " + at);
            } else {
                assertEquals(Double.doubleToRawLongBits(refFwdD[i + 1]), Double.doubleToRawLongBits(fwdD[i + 1]), "double forward " + at);
            }
        }
    }
}
