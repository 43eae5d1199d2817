package dev.jgrad.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Factories, views and reductions at the edges of their arguments behave as PyTorch 1.13 does, or
 * fail before allocating with a message naming the op and its arguments. PyTorch's answers, for the
 * record: {@code torch.arange(0, float('nan'))} raises "unsupported range: 0 -> nan";
 * {@code torch.arange(0, -1, 1)} raises "upper bound and larger bound inconsistent with step sign";
 * {@code torch.empty(4).as_strided((4,), (1,), 2)} raises "setStorage: ... out of bounds for storage of
 * size 16"; over a dimension of size 0, {@code softmax} returns an empty tensor, {@code logsumexp}
 * returns −inf and {@code amax} raises "Expected reduction dim 1 to have non-zero size".
 */
final class ArgumentLimitsTest {

    @Test
    void arangeRefusesNonFiniteBoundsNamingTheArguments() {
        for (double[] a : new double[][] {{0, Double.NaN}, {Double.NaN, 3}, {0, Double.POSITIVE_INFINITY}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.arange(a[0], a[1], 1, DType.FLOAT32));
            assertTrue(e.getMessage().startsWith("arange(start=" + a[0] + ", end=" + a[1] + ", step=1.0)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("must be finite"), e.getMessage());
        }
    }

    @Test
    void arangeRefusesAStepPointingAwayFromEnd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(0, -1, 1, DType.FLOAT64));
        assertTrue(e.getMessage().contains("never reaches end"), e.getMessage());
        assertEquals(0, Tensor.arange(2, 2, 1, DType.FLOAT64).numel(), "an empty range is still allowed");
        assertArrayEquals(new double[] {3, 2.5, 2}, Tensor.arange(3, 1.9, -0.5, DType.FLOAT64).toDoubleArray());
    }

    @Test
    void arangeRefusesMoreElementsThanATensorHoldsBeforeAllocating() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(0, 3e9, 1, DType.FLOAT32));
        assertEquals("arange(start=0.0, end=3.0E9, step=1.0): 3000000000 elements, more than a tensor holds "
                + "(2147483647)", e.getMessage());
    }

    @Test
    void asStridedRefusesAViewOutsideItsStorage() {
        Tensor t = Tensor.arange(4);
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> t.asStrided(2, new int[] {4}, new int[] {1}));
        assertEquals("asStrided(offset=2, shape=[4], strides=[1]): addresses storage elements 2..5, but the storage "
                + "holds 4 (0..3)", past.getMessage());
        IllegalArgumentException before = assertThrows(IllegalArgumentException.class,
                () -> t.asStrided(1, new int[] {3}, new int[] {-1}));
        assertTrue(before.getMessage().contains("elements -1..1"), before.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.asStrided(0, new int[] {2, 2}, new int[] {1}));
        // Views that stay inside are unchanged, including overlapping, reversed and empty ones.
        assertArrayEquals(new double[] {1, 2, 2, 3}, t.asStrided(1, new int[] {2, 2}, new int[] {1, 1}).toDoubleArray());
        assertArrayEquals(new double[] {3, 2, 1, 0}, t.asStrided(3, new int[] {4}, new int[] {-1}).toDoubleArray());
        assertEquals(0, t.asStrided(9, new int[] {0, 5}, new int[] {7, 7}).numel());
    }

    @Test
    void softmaxOverAnEmptyDimensionIsEmpty() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 3, 0).requiresGrad(true);
        for (int dim : new int[] {1, -1, 0}) {
            assertArrayEquals(new int[] {3, 0}, x.softmax(dim).shape());
            assertArrayEquals(new int[] {3, 0}, x.logSoftmax(dim).shape());
        }
    }

    @Test
    void logsumexpOverAnEmptyDimensionIsMinusInfinityAndHasAGradient() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 3, 0).requiresGrad(true);
        Tensor lse = x.logsumexp(1);
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                lse.toDoubleArray());
        assertArrayEquals(new int[] {3, 1}, x.logsumexp(1, KeepDim.KEEP).shape());
        assertArrayEquals(new int[] {0}, x.logsumexp(0).shape(), "reducing the non-empty dimension: empty");
        lse.sum().backward();
        x.logsumexp(1).sum().backward(); // accumulating into an empty gradient writes nothing, twice
        assertArrayEquals(new int[] {3, 0}, x.grad().shape());
    }

    @Test
    void amaxOverAnEmptyDimensionFailsNamingTheOpButOtherDimensionsMayBeEmpty() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 3, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.amax(1));
        assertEquals("amax: dimension 1 of shape [3, 0] has size 0, and an empty dimension has no maximum",
                e.getMessage());
        assertArrayEquals(new int[] {0}, x.amax(0).shape());
        assertArrayEquals(new int[] {1, 0}, x.amax(0, KeepDim.KEEP).shape());
    }
}
