package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoublePredicate;
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

    /** One draw in this many is an edge case (a range end or the shrink target). */
    private static final int EDGE_CASE_ODDS = 10;

    private Gens() {
    }

    /** Integers in {@code [min, max]}; shrink towards 0 or the bound closest to it. */
    public static Gen<Integer> ints(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        int target = NumberShrinking.target(min, max);
        return source -> {
            int value = source.oneIn(EDGE_CASE_ODDS)
                    ? pick(source, target, min, max)
                    : source.nextInt(min, max);
            return Shrinkable.unfold(value, v -> NumberShrinking.towards(v, target));
        };
    }

    /**
     * Doubles in {@code [min, max]}, both finite. They shrink towards 0 (or the bound closest to
     * it) and towards short decimals: first to integers, then to fewer decimal places, so
     * 0.7316... may end up as 1.0, 0.5 or 0.1 rather than a 17-digit number.
     */
    public static Gen<Double> doubles(double min, double max) {
        checkRange(min, max);
        return doubles(min, max, x -> x >= min && x <= max, List.of(new double[] {min, max}));
    }

    /**
     * Doubles in {@code [min, max]} that are farther than {@code margin} from every point in
     * {@code avoidPoints}, also after shrinking. Use it to stay off non-differentiable points
     * when checking gradients numerically, e.g. {@code doublesAvoiding(-3, 3, new double[] {0}, 1e-3)}
     * for relu; the margin should exceed the finite-difference step.
     *
     * @throws IllegalArgumentException if no value of the range is left
     */
    public static Gen<Double> doublesAvoiding(double min, double max, double[] avoidPoints, double margin) {
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
                return Gen.constant(min);
            }
            throw new IllegalArgumentException("no value of [" + min + ", " + max + "] is farther than "
                    + margin + " from " + Arrays.toString(points));
        }
        return doubles(min, max, allowed, intervals);
    }

    private static boolean farFromAll(double x, double[] points, double margin) {
        for (double p : points) {
            if (Math.abs(x - p) <= margin) {
                return false;
            }
        }
        return true;
    }

    /** Draws uniformly from the union of {@code intervals}; values outside {@code allowed} are redrawn. */
    private static Gen<Double> doubles(double min, double max, DoublePredicate allowed, List<double[]> intervals) {
        double target = NumberShrinking.target(min, max);
        double[] edgeCases = Stream.of(target, min, max).mapToDouble(Double::doubleValue).filter(allowed).toArray();
        double total = intervals.stream().mapToDouble(iv -> iv[1] - iv[0]).sum();
        return source -> {
            double value;
            if (edgeCases.length > 0 && source.oneIn(EDGE_CASE_ODDS)) {
                value = edgeCases[source.nextInt(0, edgeCases.length - 1)];
            } else {
                value = uniform(source, intervals, total, allowed);
            }
            return Shrinkable.unfold(value, v -> NumberShrinking.doubles(v, target, allowed));
        };
    }

    private static double uniform(Source source, List<double[]> intervals, double total, DoublePredicate allowed) {
        // Interval ends are excluded when they border an avoided point; hitting one exactly is
        // a 2^-53 event, so redrawing a few times is plenty.
        for (int attempt = 0; attempt < 100; attempt++) {
            double[] interval = intervals.get(intervals.size() - 1);
            double r = source.nextDouble() * total;
            for (double[] iv : intervals) {
                if (r < iv[1] - iv[0]) {
                    interval = iv;
                    break;
                }
                r -= iv[1] - iv[0];
            }
            double u = source.nextDouble();
            double x = interval[0] + u * (interval[1] - interval[0]);
            if (!Double.isFinite(x)) {
                x = u * interval[1] + (1 - u) * interval[0];
            }
            x = Math.max(interval[0], Math.min(interval[1], x));
            if (allowed.test(x)) {
                return x;
            }
        }
        throw new IllegalStateException("could not draw an allowed double from " + intervals.size() + " intervals");
    }

    private static void checkRange(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("need finite min <= max, got [" + min + ", " + max + "]");
        }
    }

    /** {@code true} or {@code false}; shrinks to {@code false}. */
    public static Gen<Boolean> booleans() {
        return source -> Shrinkable.unfold(source.nextBoolean(), b -> b ? Stream.of(false) : Stream.empty());
    }

    /** An element of {@code values}, uniformly; shrinks towards the front of the list. */
    public static <T> Gen<T> elements(List<? extends T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("elements needs a non-empty list");
        }
        List<? extends T> copy = List.copyOf(values);
        return source -> {
            int index = source.nextInt(0, copy.size() - 1);
            return Shrinkable.unfold(index, i -> NumberShrinking.towards(i, 0)).map(copy::get);
        };
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
        if (minRank < 0 || minRank > maxRank || maxDim < 1) {
            throw new IllegalArgumentException("need 0 <= minRank <= maxRank and maxDim >= 1, got minRank="
                    + minRank + ", maxRank=" + maxRank + ", maxDim=" + maxDim);
        }
        return source -> Shrinkable.unfold(Shapes.random(source, minRank, maxRank, maxDim),
                shape -> Shapes.shrink(shape, minRank, maxDim));
    }

    /**
     * Two shapes that broadcast together under NumPy/PyTorch rules: aligned from the right, each
     * pair of dimensions equal or one of them 1, and the shorter shape padded with 1s on the
     * left. Ranks are at most {@code maxRank}, dimensions at most {@code maxDim}, and every shrunk
     * pair still broadcasts.
     */
    public static Gen<Pair<int[], int[]>> broadcastablePair(int maxRank, int maxDim) {
        if (maxRank < 0 || maxDim < 1) {
            throw new IllegalArgumentException("need maxRank >= 0 and maxDim >= 1, got maxRank="
                    + maxRank + ", maxDim=" + maxDim);
        }
        return source -> Shrinkable.unfold(Shapes.randomBroadcastablePair(source, maxRank, maxDim),
                pair -> Shapes.shrinkPair(pair.first(), pair.second(), maxDim));
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

    private static int pick(Source source, int a, int b, int c) {
        return switch (source.nextInt(0, 2)) {
            case 0 -> a;
            case 1 -> b;
            default -> c;
        };
    }
}
