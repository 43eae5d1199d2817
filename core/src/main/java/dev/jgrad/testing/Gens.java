package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Ready-made generators: numbers, booleans, picks from a list, tensor shapes and their data.
 *
 * <p>Numbers shrink towards zero, or towards the end of the range closest to zero when zero is
 * outside it, so a counterexample reads {@code 100} rather than {@code 8_347}. Number generators
 * also return the range ends and that target now and then, because bugs cluster there.
 *
 * <pre>{@code
 * Property.forAll(Gens.broadcastablePair(4, 5), pair -> {
 *     int[] a = pair.first(), b = pair.second();
 *     // ... a + b must have the broadcast shape ...
 * });
 * }</pre>
 */
public final class Gens {

    /** One draw in this many is an edge case (a range end, the shrink target, ...). */
    private static final int EDGE_CASE_ODDS = DoubleGen.EDGE_CASE_ODDS;

    private Gens() {
    }

    /**
     * Integers in {@code [min, max]}; shrink towards 0 or the bound closest to it by halving the
     * distance. One draw in 10 is an edge case (the range ends, the target, ±1, the values just
     * inside the ends, {@code Integer.MIN_VALUE}/{@code MAX_VALUE} when in range); for a range of
     * more than 1000 values half the other draws pick the magnitude log-uniformly (so
     * {@code ints(-1_000_000, 1_000_000)} still gives single digits). A range of at most
     * {@code tries} values is enumerated by {@link Property} instead.
     */
    public static Gen<Integer> ints(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        int target = NumberShrinking.target(min, max);
        int[] edges = IntStream.of(target, min, max, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)
                .filter(v -> v >= min && v <= max).distinct().toArray();
        long span = (long) max - min + 1;
        return Finite.of(source -> {
            int value;
            if (source.oneIn(EDGE_CASE_ODDS)) {
                value = edges[source.nextInt(0, edges.length - 1)];
            } else if (span > 1000 && source.nextBoolean()) {
                value = logUniform(source, min, max, target);
            } else {
                value = source.nextInt(min, max);
            }
            return Shrinkable.unfold(value, v -> NumberShrinking.towards(v, target));
        }, limit -> Finite.ints(min, max, target, limit));
    }

    /** target ± a distance whose bit length is uniform, clamped to the range. */
    private static int logUniform(Source source, int min, int max, int target) {
        long reach = Math.max((long) max - target, (long) target - min);
        int bits = 64 - Long.numberOfLeadingZeros(reach);
        long distance = source.nextLong(1L << source.nextInt(0, bits));
        long value = source.nextBoolean() ? target + distance : target - distance;
        return (int) Math.max(min, Math.min(max, value));
    }

    /**
     * Doubles in {@code [min, max]}, both finite. They shrink towards 0 (or the bound closest to
     * it) and towards short decimals: first to integers, then to fewer decimal places, so
     * 0.7316... may end up as 1.0, 0.5 or 0.1 rather than a 17-digit number. Edge cases (−0.0,
     * subnormals, values next to 1 and to the range ends) and log-uniform magnitudes for wide
     * ranges are mixed in as {@link DoubleGen} states; it can switch either off.
     */
    public static DoubleGen doubles(double min, double max) {
        checkRange(min, max);
        return DoubleGen.of(min, max, x -> x >= min && x <= max, List.of(new double[] {min, max}));
    }

    /**
     * Any double, NaN and ±∞ included (as edge cases, with the subnormals, ±0, ±MAX and the values next
     * to 1), finite ones log-uniform over the whole exponent range: for code that must reject or
     * survive bad numbers. Gradient checks want {@link #doubles(double, double)} instead.
     */
    public static DoubleGen allDoubles() {
        return DoubleGen.all();
    }

    /**
     * Doubles in {@code [min, max]} that are farther than {@code margin} from every point in
     * {@code avoidPoints}, also after shrinking. Use it to stay off non-differentiable points
     * when checking gradients numerically, e.g. {@code doublesAvoiding(-3, 3, new double[] {0}, 1e-3)}
     * for relu; the margin should exceed the finite-difference step.
     *
     * @throws IllegalArgumentException if no value of the range is left
     */
    public static DoubleGen doublesAvoiding(double min, double max, double[] avoidPoints, double margin) {
        checkRange(min, max);
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be finite and >= 0, got " + margin);
        }
        double[] points = avoidPoints.clone();
        Arrays.sort(points);
        for (double p : points) {
            if (!Double.isFinite(p)) {
                throw new IllegalArgumentException("avoided points must be finite, got " + p);
            }
        }
        DoublePredicate allowed = x -> x >= min && x <= max && farFromAll(x, points, margin);
        List<double[]> intervals = new ArrayList<>();
        double start = min;
        for (double p : points) {
            double end = Math.min(max, p - margin);
            if (end > start) {
                intervals.add(new double[] {start, end});
            }
            start = Math.max(start, p + margin);
        }
        if (start < max) {
            intervals.add(new double[] {start, max});
        }
        if (intervals.isEmpty()) {
            if (min == max && allowed.test(min)) {
                return DoubleGen.of(min, max, allowed, List.of(new double[] {min, min}));
            }
            throw new IllegalArgumentException("no value of [" + min + ", " + max + "] is farther than "
                    + margin + " from " + Arrays.toString(points));
        }
        return DoubleGen.of(min, max, allowed, intervals);
    }

    private static boolean farFromAll(double x, double[] points, double margin) {
        for (double p : points) {
            if (Math.abs(x - p) <= margin) {
                return false;
            }
        }
        return true;
    }

    private static void checkRange(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("need finite min <= max, got [" + min + ", " + max + "]");
        }
    }

    /** {@code true} or {@code false}; shrinks to {@code false}. */
    public static Gen<Boolean> booleans() {
        return Finite.of(source -> boolTree(source.nextBoolean()),
                limit -> limit >= 2 ? Optional.of(List.of(boolTree(false), boolTree(true))) : Optional.empty());
    }

    private static Shrinkable<Boolean> boolTree(boolean b) {
        return Shrinkable.unfold(b, v -> v ? Stream.of(false) : Stream.empty());
    }

    /** An element of {@code values}, uniformly; shrinks towards the front of the list. */
    public static <T> Gen<T> elements(List<? extends T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("elements needs a non-empty list");
        }
        List<? extends T> copy = List.copyOf(values);
        Gen<Integer> indices = ints(0, copy.size() - 1);
        return Finite.of(source -> {
            int index = source.nextInt(0, copy.size() - 1);
            return Shrinkable.unfold(index, i -> NumberShrinking.towards(i, 0)).map(copy::get);
        }, limit -> indices.exhaustive(limit).map(all -> all.stream().map(s -> s.<T>map(copy::get)).toList()));
    }

    /**
     * Tensor shapes of rank {@code 0..maxRank} with every dimension in {@code 1..maxDim}. Rank 0
     * is a scalar (the empty array). Shapes shrink to lower rank and smaller dimensions.
     */
    public static Gen<int[]> shapes(int maxRank, int maxDim) {
        return shapes(0, maxRank, maxDim);
    }

    /** Like {@link #shapes(int, int)} but never below {@code minRank}, also when shrinking. */
    public static Gen<int[]> shapes(int minRank, int maxRank, int maxDim) {
        return shapes(minRank, maxRank, maxDim, ZeroSize.EXCLUDED);
    }

    /**
     * Like {@link #shapes(int, int, int)}; with {@link ZeroSize#ALLOWED} one shape in five (of rank
     * at least 1) has a dimension of size 0, and dimensions shrink towards 0.
     */
    public static Gen<int[]> shapes(int minRank, int maxRank, int maxDim, ZeroSize zeros) {
        if (minRank < 0 || minRank > maxRank || maxDim < 1) {
            throw new IllegalArgumentException("need 0 <= minRank <= maxRank and maxDim >= 1, got minRank="
                    + minRank + ", maxRank=" + maxRank + ", maxDim=" + maxDim);
        }
        Objects.requireNonNull(zeros, "zeros");
        return source -> Shrinkable.unfold(Shapes.random(source, minRank, maxRank, maxDim, zeros),
                shape -> Shapes.shrink(shape, minRank, maxDim, zeros));
    }

    /**
     * Two shapes that broadcast together under NumPy/PyTorch rules: aligned from the right, each
     * pair of dimensions equal or one of them 1, and the shorter shape padded with 1s on the
     * left. Ranks are at most {@code maxRank}, dimensions at most {@code maxDim}, and every shrunk
     * pair still broadcasts.
     */
    public static Gen<Pair<int[], int[]>> broadcastablePair(int maxRank, int maxDim) {
        return broadcastablePair(maxRank, maxDim, ZeroSize.EXCLUDED);
    }

    /** Like {@link #broadcastablePair(int, int)}; zero-size dimensions broadcast against 1 as in PyTorch. */
    public static Gen<Pair<int[], int[]>> broadcastablePair(int maxRank, int maxDim, ZeroSize zeros) {
        if (maxRank < 0 || maxDim < 1) {
            throw new IllegalArgumentException("need maxRank >= 0 and maxDim >= 1, got maxRank="
                    + maxRank + ", maxDim=" + maxDim);
        }
        Objects.requireNonNull(zeros, "zeros");
        return source -> Shrinkable.unfold(Shapes.randomBroadcastablePair(source, maxRank, maxDim, zeros),
                pair -> Shapes.shrinkPair(pair.first(), pair.second(), maxDim, zeros));
    }

    /**
     * Data for a tensor of {@code shape}: as many doubles in {@code [min, max]} as the shape has
     * elements (one for rank 0), in row-major order.
     */
    public static Gen<double[]> doubleArrays(int[] shape, double min, double max) {
        return doubleArrays(shape, doubles(min, max));
    }

    /** Data for a tensor of {@code shape}, each element drawn from {@code elements}. */
    public static Gen<double[]> doubleArrays(int[] shape, Gen<Double> elements) {
        int n = Shapes.numel(shape);
        return Gen.doubleArray(elements, n, n);
    }

    /**
     * A shape from {@code shapes}, then data for it with values in {@code [min, max]}; only the
     * data is returned. See {@link #shapedArrays(Gen, Gen)} for how it shrinks.
     */
    public static Gen<double[]> doubleArrays(Gen<int[]> shapes, double min, double max) {
        return doubleArrays(shapes, doubles(min, max));
    }

    /** A shape from {@code shapes}, then data for it with each element drawn from {@code elements}. */
    public static Gen<double[]> doubleArrays(Gen<int[]> shapes, Gen<Double> elements) {
        return shapedArrays(shapes, elements).map(ShapedArray::data);
    }

    /** Like {@link #shapedArrays(Gen, Gen)} with values in {@code [min, max]}. */
    public static Gen<ShapedArray> shapedArrays(Gen<int[]> shapes, double min, double max) {
        return shapedArrays(shapes, doubles(min, max));
    }

    /**
     * A shape from {@code shapes}, then one value from {@code elements} per element of it: the
     * building block for tensor generators ({@code shapedArrays(...).map(a -> tensor(a.shape(),
     * a.data()))}). The shape shrinks first, then the values. When the shape shrinks, slices and
     * windows of the current data are tried before fresh data, so a value that causes a failure
     * survives even when it is not among the first elements; a plain {@link Gen#flatMap} only
     * keeps the leading values.
     */
    public static Gen<ShapedArray> shapedArrays(Gen<int[]> shapes, Gen<Double> elements) {
        Objects.requireNonNull(shapes, "shapes");
        Objects.requireNonNull(elements, "elements");
        return ShapedArrays.of(shapes, elements);
    }
}
