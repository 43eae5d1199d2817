package dev.jgrad.kernel;

import java.util.Arrays;

/**
 * Where a tensor's elements sit in its storage array: element (i0, i1, ...) is at
 * {@code offset + i0·strides[0] + i1·strides[1] + ...}. A stride of 0 repeats an element, which is
 * how broadcasting is expressed without copying.
 */
public record Strided(int offset, int[] shape, int[] strides) {

    /** Number of elements (1 for a rank-0 shape). */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** A dense row-major layout for {@code shape} starting at 0. */
    public static Strided dense(int[] shape) {
        return new Strided(0, shape, denseStrides(shape));
    }

    /** Row-major strides: the last dimension varies fastest. */
    public static int[] denseStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    /**
     * Refuses, naming {@code op} and its arguments, a layout that would reach outside a storage of
     * {@code length} elements: the lowest and highest element it addresses must lie in [0, length).
     * A layout with no elements addresses none and is always valid (PyTorch's {@code as_strided} rule).
     */
    public static void checkView(String op, int offset, int[] shape, int[] strides, int length) {
        String args = op + "(offset=" + offset + ", shape=" + Arrays.toString(shape) + ", strides="
                + Arrays.toString(strides) + ")";
        if (shape.length != strides.length) {
            throw new IllegalArgumentException(args + ": shape and strides must have the same length");
        }
        long low = offset, high = offset;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0) {
                throw new IllegalArgumentException(args + ": negative size in dimension " + d);
            }
            if (shape[d] == 0) {
                return;
            }
            long reach = (long) (shape[d] - 1) * strides[d];
            if (reach < 0) {
                low += reach;
            } else {
                high += reach;
            }
        }
        if (low < 0 || high >= length) {
            throw new IllegalArgumentException(args + ": addresses storage elements " + low + ".." + high
                    + ", but the storage holds " + length + " (0.." + (length - 1) + ")");
        }
    }
}
