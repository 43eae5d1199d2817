package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Shape-then-data generation whose shrinking keeps the values that matter.
 *
 * <p>A plain {@code shapes.flatMap(shape -> data)} regenerates the data whenever the shape
 * shrinks, so only the leading values survive: if the culprit is the last element of a [2, 3]
 * tensor, no smaller shape fails and the counterexample stays large. Here a smaller shape is
 * first tried with sub-blocks of the current (possibly already shrunk) data: when the shape
 * shrinker drops a dimension, every slice along it; when it shrinks a dimension, windows that
 * together cover it; when it merges two dimensions, the same data reshaped. Only shapes the
 * shape generator itself proposes are used, so its constraints hold. Regenerated data, as with
 * {@code flatMap}, comes next, and then the values shrink one by one.
 */
final class ShapedArrays {

    private ShapedArrays() {
    }

    static Gen<ShapedArray> of(Gen<int[]> shapes, Gen<Double> elements) {
        return source -> {
            Shrinkable<int[]> shape = shapes.generate(source);
            long seed = source.nextLong();
            return node(shape, generate(elements, shape.value(), seed), elements, seed);
        };
    }

    private static List<Shrinkable<Double>> generate(Gen<Double> elements, int[] shape, long seed) {
        Source source = new Source(seed);
        int n = Shapes.numel(shape);
        List<Shrinkable<Double>> data = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            data.add(elements.generate(source));
        }
        return data;
    }

    private static Shrinkable<ShapedArray> node(Shrinkable<int[]> shape, List<Shrinkable<Double>> data,
                                                Gen<Double> elements, long seed) {
        int[] dims = shape.value().clone();
        return Shrinkable.lazy(
                () -> new ShapedArray(dims.clone(), Lists.values(data).stream().mapToDouble(Double::doubleValue).toArray()),
                () -> Lazy.concat(
                        () -> Lazy.flatMap(shape.shrinks(), smaller -> projections(dims, data, smaller.value())
                                .map(projected -> node(smaller, projected, elements, seed))),
                        () -> Lazy.flatMap(shape.shrinks(), smaller -> regenerated(smaller, elements, seed)),
                        () -> Lists.elementShrinks(data).map(shrunk -> node(shape, shrunk, elements, seed))));
    }

    private static Stream<Shrinkable<ShapedArray>> regenerated(Shrinkable<int[]> shape, Gen<Double> elements, long seed) {
        try {
            return Stream.of(node(shape, generate(elements, shape.value(), seed), elements, seed));
        } catch (RuntimeException e) {
            return Stream.empty();
        }
    }

    /** Sub-blocks of {@code data} (of shape {@code from}) that have shape {@code to}, if {@code to} is a recognisable shrink. */
    static <T> Stream<List<T>> projections(int[] from, List<T> data, int[] to) {
        List<Stream<List<T>>> parts = new ArrayList<>();
        if (to.length == from.length - 1) {
            for (int i = 0; i < from.length; i++) {
                int dim = i;
                if (Arrays.equals(to, Shapes.without(from, dim))) {
                    parts.add(IntStream.range(0, from[dim]).mapToObj(j -> block(from, data, dim, j, 1)));
                }
                if (dim + 1 < from.length && Arrays.equals(to, Shapes.merged(from, dim))) {
                    parts.add(Stream.of(data));
                }
            }
        } else if (to.length == from.length) {
            int changed = -1;
            for (int i = 0; i < from.length; i++) {
                if (to[i] != from[i]) {
                    if (changed >= 0 || to[i] > from[i] || to[i] < 0) {
                        return Stream.empty();
                    }
                    changed = i;
                }
            }
            if (changed >= 0) {
                int dim = changed;
                if (to[dim] == 0) {
                    return Stream.of(List.of());
                }
                parts.add(windowStarts(from[dim], to[dim]).mapToObj(s -> block(from, data, dim, s, to[dim])));
            }
        }
        return parts.stream().flatMap(s -> s);
    }

    /** Starts of windows of {@code length} that together cover {@code 0..size-1}. */
    private static IntStream windowStarts(int size, int length) {
        IntStream aligned = IntStream.iterate(0, s -> s + length <= size, s -> s + length);
        return size % length == 0 ? aligned : IntStream.concat(aligned, IntStream.of(size - length));
    }

    /** The elements whose index along {@code dim} is in {@code [start, start + length)}, in row-major order. */
    private static <T> List<T> block(int[] shape, List<T> data, int dim, int start, int length) {
        int outer = 1;
        for (int i = 0; i < dim; i++) {
            outer *= shape[i];
        }
        int inner = 1;
        for (int i = dim + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        List<T> out = new ArrayList<>(outer * length * inner);
        for (int o = 0; o < outer; o++) {
            int base = (o * shape[dim] + start) * inner;
            out.addAll(data.subList(base, base + length * inner));
        }
        return out;
    }
}
