package dev.jgrad.tensor;

import dev.jgrad.autograd.Autograd;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Tensor#copyFrom(float[], int, int)} and its {@code double[]} twin: filling a reused tensor from a buffer. */
class CopyFromArrayTest {

    @Test
    void copiesTheRangeRowMajorIntoAViewAndConvertsTheDtype() {
        float[] buffer = {9, 9, 0, 1, 2, 3, 4, 5, 9};
        Tensor t = Tensor.zeros(DType.FLOAT32, 3, 2).t();   // shape [2, 3], strides [1, 2]: not contiguous
        t.copyFrom(buffer, 2, 6);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, t.toDoubleArray());

        Tensor d = Tensor.zeros(DType.FLOAT64, 2);
        d.copyFrom(new float[] {0.1f, 0.2f}, 0, 2);          // float to double: exact widening
        assertArrayEquals(new double[] {0.1f, 0.2f}, d.toDoubleArray());

        Tensor f = Tensor.zeros(DType.FLOAT32, 4).rows(1, 3); // a view at offset 1 of its storage
        f.copyFrom(new double[] {7, 0.1, 0.2}, 1, 2);         // double to float: rounded as (float) does
        assertArrayEquals(new float[] {0, 0.1f, 0.2f, 0}, f.storage().f32());
    }

    @Test
    void bumpsTheVersionSoABackwardThroughASavedCopyFailsAsPyTorchDoes() {
        // PyTorch: y = (w * x).sum(); x.copy_(...); y.backward() raises "one of the variables needed for
        // gradient computation has been modified by an inplace operation ... is at version 1; expected version 0".
        Tensor x = Tensor.zeros(DType.FLOAT32, 2);
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor y = w.mul(x).sum();
        int before = x.storage().version();
        x.copyFrom(new float[] {3, 4}, 0, 2);
        assertEquals(before + 1, x.storage().version());
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertEquals("backward: a tensor of shape [2] saved by 'mul' was modified in place after it was used "
                + "(version 1, expected 0); clone it before modifying it", e.getMessage());

        x.copyFrom(new double[] {5, 6}, 0, 2);
        assertEquals(before + 2, x.storage().version());
    }

    @Test
    void aBadRangeOrLengthIsNamedAndWritesNothing() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class,
                () -> t.copyFrom(new float[6], 3, 4));
        assertEquals("copyFrom: 4 values from offset 3 of a float[6] (for shape [2, 2]) are outside the array",
                past.getMessage());
        IndexOutOfBoundsException negative = assertThrows(IndexOutOfBoundsException.class,
                () -> t.copyFrom(new double[6], -1, 4));
        assertEquals("copyFrom: 4 values from offset -1 of a double[6] (for shape [2, 2]) are outside the array",
                negative.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> t.copyFrom(new float[6], 0, 6));
        assertEquals("copyFrom: 6 values cannot fill shape [2, 2] (4 elements)", length.getMessage());
        IllegalArgumentException whole = assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new float[3]));
        assertEquals("copyFrom: 3 values cannot fill shape [2, 2] (4 elements)", whole.getMessage());

        Tensor leaf = Tensor.zeros(DType.FLOAT32, 2).requiresGrad(true);
        IllegalStateException graph = assertThrows(IllegalStateException.class,
                () -> leaf.copyFrom(new float[] {1, 2}, 0, 2));
        assertEquals("copyFrom: a tensor that requires grad can only be modified in place inside Autograd.noGrad() "
                + "(in-place updates are not recorded in the graph)", graph.getMessage());
        Autograd.noGrad(() -> leaf.copyFrom(new float[] {1, 2}, 0, 2));
        assertArrayEquals(new double[] {1, 2}, leaf.toDoubleArray());

        assertArrayEquals(new double[] {1, 2, 3, 4}, t.toDoubleArray());
        assertEquals(0, t.storage().version());
    }
}
