package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Shape generation and shrinking behind {@link Gens#shapes} and {@link Gens#broadcastablePair}. */
final class Shapes {

    private Shapes() {
    }

    /** Number of elements of a tensor of this shape; a rank-0 shape (a scalar) has one. */
    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** NumPy/PyTorch rule: right-aligned, each aligned pair of dims is equal or contains a 1. */
    static boolean broadcastable(int[] a, int[] b) {
        for (int i = 1; i <= Math.min(a.length, b.length); i++) {
            int da = a[a.length - i];
            int db = b[b.length - i];
            if (da != db && da != 1 && db != 1) {
                return false;
            }
        }
        return true;
    }

    /** One shape in this many gets a zero-size dimension, when they are {@link ZeroSize#ALLOWED}. */
    static final int ZERO_SIZE_ODDS = 5;

    static int[] random(Source source, int minRank, int maxRank, int maxDim, ZeroSize zeros) {
        int[] shape = new int[source.nextInt(minRank, maxRank)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = source.nextInt(1, maxDim);
        }
        if (zeros == ZeroSize.ALLOWED && shape.length > 0 && source.oneIn(ZERO_SIZE_ODDS)) {
            shape[source.nextInt(0, shape.length - 1)] = 0;
        }
        return shape;
    }

    /**
     * Candidates, simplest first: drop a dimension (leading ones first, as broadcasting adds
     * dimensions on the left); merge two neighbours into one if the product fits, which keeps the
     * element count but lowers the rank, so that e.g. [2, 2] can still become [4] and then [3];
     * finally shrink one dimension towards 1 (towards 0 when zero sizes are allowed). Each candidate
     * lowers (rank, sum of dims), so shrinking terminates.
     */
    static Stream<int[]> shrink(int[] shape, int minRank, int maxDim, ZeroSize zeros) {
        int rank = shape.length;
        Stream<int[]> removals = rank > minRank
                ? IntStream.range(0, rank).mapToObj(i -> without(shape, i))
                : Stream.empty();
        Stream<int[]> merges = rank > minRank
                ? IntStream.range(0, rank - 1)
                        .filter(i -> (long) shape[i] * shape[i + 1] <= maxDim && shape[i] > 1 && shape[i + 1] > 1)
                        .mapToObj(i -> merged(shape, i))
                : Stream.empty();
        Stream<int[]> smallerDims = IntStream.range(0, rank).boxed()
                .filter(i -> shape[i] > 0)
                .flatMap(i -> NumberShrinking.towards(shape[i], zeros.smallest).map(d -> with(shape, i, d)));
        return Stream.of(removals, merges, smallerDims).flatMap(s -> s);
    }

    static Pair<int[], int[]> randomBroadcastablePair(Source source, int maxRank, int maxDim, ZeroSize zeros) {
        int[] result = random(source, 0, maxRank, maxDim, zeros);
        return new Pair<>(broadcastingTo(source, result), broadcastingTo(source, result));
    }

    /** A shape that broadcasts to {@code result}: some trailing dims of it, a few replaced by 1. */
    private static int[] broadcastingTo(Source source, int[] result) {
        int rank = source.oneIn(2) ? result.length : source.nextInt(0, result.length);
        int[] shape = Arrays.copyOfRange(result, result.length - rank, result.length);
        for (int i = 0; i < rank; i++) {
            if (source.oneIn(4)) {
                shape[i] = 1;
            }
        }
        return shape;
    }

    /**
     * Candidates that keep the pair broadcastable: drop the leading dimension of both when they
     * have the same rank, shrink either shape on its own (see {@link #shrink}), and shrink a
     * dimension the two share in both at once, which neither single-sided shrink could do.
     */
    static Stream<Pair<int[], int[]>> shrinkPair(int[] a, int[] b, int maxDim, ZeroSize zeros) {
        List<Stream<Pair<int[], int[]>>> parts = new ArrayList<>();
        if (a.length == b.length && a.length > 0) {
            parts.add(Stream.of(new Pair<>(without(a, 0), without(b, 0))));
        }
        parts.add(shrink(a, 0, maxDim, zeros).map(sa -> new Pair<>(sa, b)));
        parts.add(shrink(b, 0, maxDim, zeros).map(sb -> new Pair<>(a, sb)));
        parts.add(IntStream.rangeClosed(1, Math.min(a.length, b.length)).boxed()
                .filter(i -> a[a.length - i] == b[b.length - i] && a[a.length - i] > 1)
                .flatMap(i -> NumberShrinking.towards(a[a.length - i], zeros.smallest).map(d -> new Pair<>(
                        with(a, a.length - i, d), with(b, b.length - i, d)))));
        return parts.stream().flatMap(s -> s).filter(p -> broadcastable(p.first(), p.second()));
    }

    static int[] without(int[] shape, int index) {
        int[] out = new int[shape.length - 1];
        System.arraycopy(shape, 0, out, 0, index);
        System.arraycopy(shape, index + 1, out, index, shape.length - index - 1);
        return out;
    }

    static int[] merged(int[] shape, int index) {
        int[] out = without(shape, index + 1);
        out[index] = shape[index] * shape[index + 1];
        return out;
    }

    private static int[] with(int[] shape, int index, int dim) {
        int[] out = shape.clone();
        out[index] = dim;
        return out;
    }
}
