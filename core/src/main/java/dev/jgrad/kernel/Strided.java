package dev.jgrad.kernel;

/**
 * Where a tensor's elements sit in its storage array: element (i0, i1, ...) is at
 * {@code offset + i0·strides[0] + i1·strides[1] + ...}. A stride of 0 repeats an element, which is
 * how broadcasting is expressed without copying.
 */
public record Strided(int offset, int[] shape, int[] strides) {

    /** Number of elements (1 for a rank-0 shape). */
    public int size() {
        int n = 1;
        for (int d : shape) n *= d;
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
}
