package dev.jgrad.ops;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Forward values and error messages of the ops; gradients are covered by the gradcheck properties. */
class OpsTest {

    @Test
    void broadcastingFollowsNumpyRules() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        Tensor col = Tensor.of(new float[] {10, 20}, 2, 1);
        assertArrayEquals(new double[] {10, 11, 12, 23, 24, 25}, a.add(col).toDoubleArray());
        assertArrayEquals(new int[] {2, 2, 3}, a.add(Tensor.zeros(2, 1, 1)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(4)));
        assertEquals("add: shapes [2, 3] and [4] cannot be broadcast together (dimension 1: 3 vs 4)", e.getMessage());
    }

    @Test
    void dtypesMustMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2).mul(Tensor.zeros(DType.FLOAT64, 2)));
        assertEquals("mul: dtype mismatch: float32 and float64 (convert one with to(DType))", e.getMessage());
    }

    @Test
    void matmulCoversPyTorchsCases() {
        Generator g = new Generator(11);
        Tensor a = Tensor.normal(g, 0, 1, DType.FLOAT64, 2, 3, 4);
        Tensor b = Tensor.normal(g, 0, 1, DType.FLOAT64, 4, 5);
        Tensor v = Tensor.normal(g, 0, 1, DType.FLOAT64, 4);
        assertArrayEquals(new int[] {2, 3, 5}, a.matmul(b).shape());
        assertArrayEquals(new int[] {2, 3}, a.matmul(v).shape());
        assertArrayEquals(new int[] {5}, v.matmul(b).shape());
        assertArrayEquals(new int[] {}, v.matmul(v).shape());
        double dot = 0;
        double[] vv = v.toDoubleArray();
        for (double x : vv) {
            dot += x * x;
        }
        assertEquals(dot, v.matmul(v).item(), 1e-12);
        // batch element 1 of a·b equals the 2-D product of a[1] and b
        Tensor second = a.narrow(0, 1, 1).reshape(3, 4).matmul(b);
        Tensor batched = a.matmul(b).narrow(0, 1, 1).reshape(3, 5);
        assertArrayEquals(second.toDoubleArray(), batched.toDoubleArray(), 1e-12);
        assertArrayEquals(naive(a.narrow(0, 0, 1).reshape(3, 4), b), a.matmul(b).narrow(0, 0, 1).reshape(3, 5).toDoubleArray(), 1e-12);
    }

    @Test
    void matmulErrorsNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(64, 784).matmul(Tensor.zeros(500, 10)));
        assertEquals("matmul: shapes [64, 784] and [500, 10] cannot be multiplied", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(4)));
        assertEquals("matmul: shapes [3] and [4] cannot be multiplied", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 1)));
        assertEquals("matmul: shapes [2, 2, 3] and [3, 3, 1] cannot be multiplied", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(1)));
        assertEquals("matmul: both arguments need at least 1 dimension, got shapes [] and [1]", e.getMessage());
    }

    private static double[] naive(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        int m = a.size(0), k = a.size(1), n = b.size(1);
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    c[i * n + j] += x[i * k + p] * y[p * n + j];
                }
            }
        }
        return c;
    }

    @Test
    void reductionsOverDimsWithAndWithoutKeepDim() {
        Tensor t = Tensor.arange(24).reshape(2, 3, 4);
        assertArrayEquals(new int[] {2, 4}, t.sum(1).shape());
        assertArrayEquals(new int[] {2, 1, 4}, t.sum(1, KeepDim.KEEP).shape());
        assertArrayEquals(new double[] {60, 66, 72, 78}, t.sum(new int[] {1, 0}, KeepDim.DROP).toDoubleArray());
        assertArrayEquals(new double[] {12, 15, 18, 21, 48, 51, 54, 57}, t.sum(1).toDoubleArray());
        assertEquals(276, t.sum().item());
        assertEquals(11.5, t.mean().item());
        assertArrayEquals(new double[] {3, 7, 11, 15, 19, 23}, t.amax(2).toDoubleArray());
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3}, t.argmax(2).toDoubleArray());
        Reduce.MaxResult m = t.max(1);
        assertArrayEquals(new double[] {8, 9, 10, 11, 20, 21, 22, 23}, m.values().toDoubleArray());
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2, 2, 2}, m.indices().toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.sum(new int[] {1, -2}, KeepDim.KEEP));
        assertEquals("sum: dimension -2 appears twice in [1, -2]", e.getMessage());
    }

    @Test
    void softmaxFamilyIsStableForLargeAndInfiniteInputs() {
        Tensor x = Tensor.of(new double[] {1000, 1001, 1002, Double.NEGATIVE_INFINITY, 0, 0}, 2, 3);
        double[] p = x.softmax(1).toDoubleArray();
        double z = 1 + Math.exp(1) + Math.exp(2);
        assertArrayEquals(new double[] {1 / z, Math.E / z, Math.exp(2) / z, 0, 0.5, 0.5}, p, 1e-15);
        double[] lse = x.logsumexp(1).toDoubleArray();
        assertEquals(1002 + Math.log(z / Math.exp(2)), lse[0], 1e-12);
        assertEquals(Math.log(2), lse[1], 1e-15);
        Tensor allInf = Tensor.full(Double.NEGATIVE_INFINITY, DType.FLOAT64, 1, 2);
        assertEquals(Double.NEGATIVE_INFINITY, allInf.logsumexp(1).item());
        double[] ls = x.logSoftmax(1).toDoubleArray();
        for (int i = 0; i < 6; i++) {
            assertEquals(Math.log(p[i]), ls[i], 1e-12);
        }
    }

    @Test
    void gatherPicksAlongADimensionAndValidatesIndices() {
        Tensor logits = Tensor.arange(6).reshape(2, 3);
        Tensor idx = Tensor.of(new float[] {2, 0}, 2, 1);
        assertArrayEquals(new double[] {2, 3}, logits.gather(1, idx).toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> logits.gather(1, Tensor.of(new float[] {3, 0}, 2, 1)));
        assertEquals("gather: index 3.0 is out of bounds for dimension 1 with size 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> logits.gather(1, Tensor.of(new float[] {1}, 1)));
        assertEquals("gather: index [1] must have the same number of dimensions as input [2, 3]", e.getMessage());
    }

    @Test
    void pointwiseFunctionsMatchJavaMath() {
        double[] v = {-2.5, -0.5, 0, 0.5, 3};
        Tensor t = Tensor.of(v, 5);
        double[] relu = t.relu().toDoubleArray(), sig = t.sigmoid().toDoubleArray(), tanh = t.tanh().toDoubleArray();
        double[] clamp = t.clamp(-1, 1).toDoubleArray(), abs = t.abs().toDoubleArray(), sq = t.pow(2).toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.max(v[i], 0), relu[i]);
            assertEquals(1 / (1 + Math.exp(-v[i])), sig[i], 1e-16);
            assertEquals(Math.tanh(v[i]), tanh[i]);
            assertEquals(Math.min(Math.max(v[i], -1), 1), clamp[i]);
            assertEquals(Math.abs(v[i]), abs[i]);
            assertEquals(v[i] * v[i], sq[i], 1e-15);
        }
        assertEquals(0.0, Tensor.scalar(-800, DType.FLOAT64).sigmoid().item(), 1e-300);
        assertEquals(1.0, Tensor.scalar(800, DType.FLOAT64).sigmoid().item());
        assertArrayEquals(new double[] {1, 0}, Tensor.of(new float[] {3, 1}, 2).gt(2).toDoubleArray());
    }

    @Test
    void maximumAndMinimumBroadcast() {
        Tensor a = Tensor.of(new double[] {1, 5, 3}, 3);
        Tensor b = Tensor.scalar(3, DType.FLOAT64);
        assertArrayEquals(new double[] {3, 5, 3}, a.maximum(b).toDoubleArray());
        assertArrayEquals(new double[] {1, 3, 3}, a.minimum(b).toDoubleArray());
    }
}
