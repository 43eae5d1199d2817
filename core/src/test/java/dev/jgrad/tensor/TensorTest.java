package dev.jgrad.tensor;

import dev.jgrad.autograd.Autograd;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TensorTest {

    @Test
    void factoriesHaveTheRequestedShapeDtypeAndValues() {
        Tensor z = Tensor.zeros(2, 3);
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertEquals(DType.FLOAT32, z.dtype());
        assertArrayEquals(new double[6], z.toDoubleArray());
        assertArrayEquals(new double[] {7, 7}, Tensor.full(7, DType.FLOAT64, 2).toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1}, Tensor.ones(3).toDoubleArray());
        assertEquals(0, Tensor.scalar(2.5).dim());
        assertEquals(2.5, Tensor.scalar(2.5).item());
        assertArrayEquals(new double[] {0, 1, 2, 3}, Tensor.arange(4).toDoubleArray());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(1, 3, 0.5, DType.FLOAT64).toDoubleArray());
    }

    @Test
    void ofCopiesItsInputAndChecksTheLength() {
        double[] data = {1, 2, 3, 4};
        Tensor t = Tensor.of(data, 2, 2);
        data[0] = 99;
        assertEquals(1.0, t.toDoubleArray()[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertEquals("of: 5 values cannot fill shape [2, 3] (6 elements)", e.getMessage());
    }

    @Test
    void dtypeConversionRoundsToFloat32AndBack() {
        Tensor d = Tensor.of(new double[] {0.1, 1e-50, 3}, 3);
        Tensor f = d.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, f.dtype());
        assertEquals((double) 0.1f, f.toDoubleArray()[0]);
        assertEquals(0.0, f.toDoubleArray()[1]);
        assertSame(d, d.to(DType.FLOAT64));
        assertEquals(DType.FLOAT64, f.to(DType.FLOAT64).dtype());
    }

    @Test
    void reshapeOfAContiguousTensorIsAViewSharingStorage() {
        Tensor t = Tensor.arange(6);
        Tensor r = t.reshape(2, -1);
        assertArrayEquals(new int[] {2, 3}, r.shape());
        assertSame(t.storage(), r.storage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
        assertEquals("reshape: shape [4, 2] is invalid for input of shape [6] (6 elements)", e.getMessage());
    }

    @Test
    void transposeSwapsStridesAndContiguousCopiesInRowMajorOrder() {
        Tensor t = Tensor.arange(6).reshape(2, 3).t();
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new int[] {1, 3}, t.strides());
        assertFalse(t.isContiguous());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, t.toDoubleArray());
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertNotSame(t.storage(), c.storage());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, c.toDoubleArray());
    }

    @Test
    void rowRangesAreViewsAndIndexSelectCopiesRowsInOrder() {
        Tensor t = Tensor.arange(12).reshape(4, 3);
        Tensor mid = t.rows(1, 3);
        assertArrayEquals(new double[] {3, 4, 5, 6, 7, 8}, mid.toDoubleArray());
        assertSame(t.storage(), mid.storage());
        Tensor picked = t.indexSelect(0, 3, 0, 3);
        assertArrayEquals(new double[] {9, 10, 11, 0, 1, 2, 9, 10, 11}, picked.toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.rows(2, 5));
        assertEquals("narrow: range 2 to 5 is out of bounds for dimension 0 of size 4 (shape [4, 3])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.indexSelect(0, 4));
        assertEquals("indexSelect: index 4 is out of range for dimension 0 with size 4", e.getMessage());
    }

    @Test
    void expandRepeatsWithoutCopying() {
        Tensor row = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        Tensor e = row.expand(2, 3);
        assertArrayEquals(new int[] {0, 1}, e.strides());
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, e.toDoubleArray());
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> row.expand(2, 4));
        assertEquals("expand: shape [1, 3] cannot be expanded to [2, 4]", err.getMessage());
    }

    @Test
    void itemRefusesTensorsWithMoreThanOneElement() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2, 2).item());
        assertEquals("item: a tensor with 4 elements (shape [2, 2]) cannot be converted to a scalar", e.getMessage());
    }

    @Test
    void toStringPrintsLikePyTorch() {
        Tensor t = Tensor.of(new double[] {1.5, -2, 0.25, 4}, 2, 2).requiresGrad(true);
        assertEquals("tensor([[ 1.5000, -2.0000],\n        [ 0.2500,  4.0000]], shape=[2, 2], dtype=float64, requiresGrad=true)",
                t.toString());
        assertEquals("tensor([0., 1., 2.], shape=[3], dtype=float32)", Tensor.arange(3).toString());
        assertEquals("tensor(3., shape=[], dtype=float32, requiresGrad=true, gradFn=mulBackward)",
                Tensor.scalar(1.5).requiresGrad(true).mul(2.0).toString());
        String big = Tensor.zeros(100, 100).toString();
        assertTrue(big.contains("..."), big);
        assertTrue(big.length() < 600, "summarised output stays short: " + big.length());
    }

    @Test
    void inPlaceWritesBumpTheVersionSharedWithViews() {
        Tensor t = Tensor.zeros(2, 2);
        Tensor v = t.t();
        int before = v.storage().version();
        t.fill(3);
        assertEquals(before + 1, v.storage().version());
        assertArrayEquals(new double[] {3, 3, 3, 3}, v.toDoubleArray());
        t.addInPlace(Tensor.of(new float[] {1, 2}, 2));
        assertArrayEquals(new double[] {4, 5, 4, 5}, t.toDoubleArray());
        t.mulInPlace(2);
        assertArrayEquals(new double[] {8, 10, 8, 10}, t.toDoubleArray());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tensor.zeros(1, 2).expand(3, 2).fill(1));
        assertEquals("copyFrom: cannot write in place into an expanded (broadcast) view", e.getMessage());
    }

    @Test
    void copyToAndCopyFromMoveRowMajorValuesAndCheckTheLength() {
        Tensor t = Tensor.arange(6).reshape(2, 3).t();
        double[] out = new double[6];
        t.copyTo(out);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.copyTo(new double[5]));
        assertEquals("copyTo: array of 5 for a tensor of 6", e.getMessage());
        Tensor w = Tensor.zeros(DType.FLOAT64, 2, 2).requiresGrad(true);
        Autograd.noGrad(() -> w.copyFrom(new double[] {1, 2, 3, 4}));
        assertArrayEquals(new double[] {1, 2, 3, 4}, w.toDoubleArray());
        e = assertThrows(IllegalArgumentException.class, () -> Autograd.noGrad(() -> w.copyFrom(new double[3])));
        assertEquals("copyFrom: 3 values cannot fill shape [2, 2] (4 elements)", e.getMessage());
    }

    @Test
    void negativeDimensionsCountFromTheEndAndOutOfRangeIsNamed() {
        Tensor t = Tensor.arange(6).reshape(2, 3);
        assertEquals(3, t.size(-1));
        assertArrayEquals(new double[] {3, 12}, t.sum(-1).toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.sum(2));
        assertEquals("sum: dimension 2 is out of range for a tensor of rank 2 (valid: -2 to 1)", e.getMessage());
    }
}
