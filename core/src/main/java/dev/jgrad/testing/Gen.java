package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A generator of random values that knows how to shrink what it generates.
 *
 * <p>{@link #generate} draws from a {@link Source} and returns a {@link Shrinkable}: the value
 * plus a lazily built tree of simpler variants. Shrinking is therefore part of the value, not of
 * its type, and survives every combinator: {@code ints.map(i -> 2 * i)} shrinks to small even
 * numbers, {@code filter} never shrinks to a rejected value, and {@link #flatMap} shrinks the
 * first choice before the values that depend on it.
 *
 * <pre>{@code
 * Gen<int[]> shapes = Gens.shapes(3, 4);
 * Gen<double[]> data = shapes.flatMap(shape -> Gens.doubleArrays(shape, -1, 1));
 * Gen<List<Integer>> lists = Gen.listOf(Gens.ints(-10, 10), 0, 5);
 * Gen<Integer> odd = Gens.ints(0, 100).filter(i -> i % 2 == 1);
 * }</pre>
 *
 * <p>A generator must draw only from the source it is given, and draw the same way for the same
 * inputs, or seeds stop replaying. Ready-made generators are in {@link Gens}.
 *
 * @param <T> the type of the generated values
 */
@FunctionalInterface
public interface Gen<T> {

    /** How many values in a row {@link #filter(Predicate)} may reject before giving up. */
    int DEFAULT_FILTER_TRIES = 100;

    /** Draws a value, with its shrink tree, from {@code source}. */
    Shrinkable<T> generate(Source source);

    /** {@code count} values drawn from one source seeded with {@code seed}; handy for inspecting a generator. */
    default List<T> samples(int count, long seed) {
        Source source = new Source(seed);
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(generate(source).value());
        }
        return out;
    }

    /**
     * Every value this generator can produce, with their shrink trees, if there are at most
     * {@code limit} of them; otherwise (or when unknown) empty. {@link Property} then checks each
     * value once instead of drawing {@code tries} random ones: a boolean runs twice, not 100 times.
     * Known for {@link Gens#booleans}, small {@link Gens#ints} ranges, {@link Gens#elements},
     * {@link #oneOf}, {@link #constant}, and through {@link #map}, {@link #filter} and {@link #zip}.
     */
    default Optional<List<Shrinkable<T>>> exhaustive(int limit) {
        return Optional.empty();
    }

    /** Applies {@code f} to each value; the values shrink as the originals do. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        Gen<T> self = this;
        return Finite.of(source -> self.generate(source).<R>map(f),
                limit -> self.exhaustive(limit).map(all -> all.stream().map(s -> s.<R>map(f)).toList()));
    }

    /**
     * Generates a value, then a value of the generator {@code f} picks for it, e.g. a shape and
     * then data of that shape. Shrinking tries the first value's candidates first, regenerating
     * the second from the same random stream (so a smaller shape keeps the leading elements of
     * the data where it can), and then shrinks the second value with the first fixed. Values
     * further back are lost when the first value shrinks; for a shape and its data,
     * {@link Gens#shapedArrays(Gen, Gen)} also tries slices of the current data.
     */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<R>> f) {
        Objects.requireNonNull(f, "f");
        return source -> {
            Shrinkable<T> outer = generate(source);
            long innerSeed = source.nextLong();
            Shrinkable<R> inner = f.apply(outer.value()).generate(new Source(innerSeed));
            return Shrinkable.bind(outer, inner, f, innerSeed);
        };
    }

    /**
     * Keeps only values satisfying {@code predicate}, trying up to {@link #DEFAULT_FILTER_TRIES}
     * times per value; shrinking never proposes a rejected value. Every rejected value counts
     * against the run's discard budget ({@link Property.Runner#maxDiscardRatio}), so a filter that
     * rejects most values fails the run with a message saying so, the same way on every run. Prefer
     * generating valid values directly when the predicate rejects more than a small fraction.
     *
     * @throws IllegalStateException from {@link #generate} when every try for one value was
     *         rejected (the property then discards the try)
     */
    default Gen<T> filter(Predicate<? super T> predicate) {
        return filter(predicate, DEFAULT_FILTER_TRIES);
    }

    /** Like {@link #filter(Predicate)}, giving up after {@code maxTries} rejections in a row. */
    default Gen<T> filter(Predicate<? super T> predicate, int maxTries) {
        Objects.requireNonNull(predicate, "predicate");
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be positive, got " + maxTries);
        }
        Gen<T> self = this;
        return Finite.of(source -> {
            T rejected = null;
            for (int attempt = 0; attempt < maxTries; attempt++) {
                Shrinkable<T> candidate = self.generate(source);
                T value = candidate.value();
                if (predicate.test(value)) {
                    return candidate.filter(predicate);
                }
                rejected = value;
                source.rejected++;
            }
            throw new Discarded(Discarded.Cause.FILTER, "Gen.filter gave up: the predicate rejected all " + maxTries
                    + " values generated in a row (last rejected: " + Render.value(rejected)
                    + "). Generate valid values directly (a narrower range, map, or flatMap) "
                    + "instead of filtering most of them out.");
        }, limit -> self.exhaustive((int) Math.min(Integer.MAX_VALUE, 4L * limit + 16))
                .map(all -> all.stream().filter(s -> predicate.test(s.value())).map(s -> s.filter(predicate)).toList())
                .filter(kept -> kept.size() <= limit && !kept.isEmpty()));
    }

    /** The same values without shrinking, for values whose simplification means nothing. */
    default Gen<T> noShrink() {
        return source -> Shrinkable.of(generate(source).value());
    }

    /**
     * The same values, shrunk by {@code shrinker} instead: it returns strictly simpler values,
     * simplest first, and is applied again to each of them.
     */
    default Gen<T> withShrinker(Function<? super T, ? extends Stream<? extends T>> shrinker) {
        Objects.requireNonNull(shrinker, "shrinker");
        return source -> generate(source).withShrinker(shrinker);
    }

    /** Always {@code value}. */
    static <T> Gen<T> constant(T value) {
        return Finite.of(source -> Shrinkable.of(value), limit -> Optional.of(List.of(Shrinkable.of(value))));
    }

    /** One of {@code values}, uniformly; shrinks towards the earlier ones. */
    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        List<T> copy = new ArrayList<>(values.length);
        for (T value : values) {
            copy.add(value);
        }
        return Gens.elements(copy);
    }

    /** A value from one of {@code gens}, picked uniformly; shrinks towards the earlier generators. */
    @SafeVarargs
    static <T> Gen<T> choose(Gen<? extends T>... gens) {
        if (gens.length == 0) {
            throw new IllegalArgumentException("choose needs at least one generator");
        }
        List<Gen<? extends T>> choices = new ArrayList<>(gens.length);
        for (Gen<? extends T> gen : gens) {
            choices.add(Objects.requireNonNull(gen, "gen"));
        }
        return Gens.ints(0, choices.size() - 1).flatMap(i -> choices.get(i).map(Function.<T>identity()));
    }

    /** Independent values of {@code a} and {@code b}; shrinks {@code a} first, then {@code b}. */
    static <A, B> Gen<Pair<A, B>> zip(Gen<A> a, Gen<B> b) {
        return zip(a, b, Pair::new);
    }

    /** Independent values combined by {@code f}; shrinks {@code a} first, then {@code b}. */
    static <A, B, R> Gen<R> zip(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return Finite.of(source -> {
            Shrinkable<A> sa = a.generate(source);
            Shrinkable<B> sb = b.generate(source);
            return Shrinkable.zip(sa, sb, f);
        }, limit -> Finite.product(a, b, f, limit));
    }

    /** Independent values of {@code a}, {@code b} and {@code c}; shrinks them in that order. */
    static <A, B, C> Gen<Triple<A, B, C>> zip(Gen<A> a, Gen<B> b, Gen<C> c) {
        return zip(zip(a, b), c, (ab, vc) -> new Triple<>(ab.first(), ab.second(), vc));
    }

    /**
     * Lists of {@code minSize..maxSize} independent elements. Shrinks by dropping elements (never
     * below {@code minSize}), then by shrinking the elements.
     */
    static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int maxSize) {
        return Lists.of(element, minSize, maxSize);
    }

    /** Like {@link #listOf} but as an {@code int[]}. */
    static Gen<int[]> intArray(Gen<Integer> element, int minLength, int maxLength) {
        return listOf(element, minLength, maxLength).map(list -> list.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Like {@link #listOf} but as a {@code double[]}. */
    static Gen<double[]> doubleArray(Gen<Double> element, int minLength, int maxLength) {
        return listOf(element, minLength, maxLength).map(list -> list.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
