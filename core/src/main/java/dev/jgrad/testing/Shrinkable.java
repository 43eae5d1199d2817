package dev.jgrad.testing;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A generated value together with the tree of its smaller variants.
 *
 * <p>{@link #shrinks()} lists candidate replacements, simplest first; each candidate is again a
 * {@code Shrinkable} with its own candidates. The tree is built lazily, so a large value costs
 * nothing until a property fails. Every path down the tree must be finite: a shrinker has to
 * move strictly towards some well-founded notion of "simpler" (smaller magnitude, fewer
 * elements, fewer decimals).
 *
 * <p>Because shrinking lives in the tree rather than in a separate function of the value,
 * {@link #map} and {@link #filter} keep it for free: a mapped tree is the same tree with the
 * function applied at every node. Most code never builds one directly; {@link Gen} does it. For a
 * custom type, {@link #unfold} turns a value and a shrinking function into a tree:
 *
 * <pre>{@code
 * Gen<Integer> evens = source -> Shrinkable.unfold(2 * source.nextInt(0, 50),
 *         n -> n == 0 ? Stream.empty() : Stream.of(0, n - 2));
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class Shrinkable<T> {

    private final Supplier<? extends T> value;
    private final Supplier<? extends Stream<Shrinkable<T>>> shrinks;

    private Shrinkable(Supplier<? extends T> value, Supplier<? extends Stream<Shrinkable<T>>> shrinks) {
        this.value = value;
        this.shrinks = shrinks;
    }

    /** A value that does not shrink. */
    public static <T> Shrinkable<T> of(T value) {
        return new Shrinkable<>(() -> value, Stream::empty);
    }

    /**
     * A value with explicitly given candidates; {@code shrinks} is called anew each time the
     * candidates are requested.
     */
    public static <T> Shrinkable<T> of(T value, Supplier<? extends Stream<Shrinkable<T>>> shrinks) {
        Objects.requireNonNull(shrinks, "shrinks");
        return new Shrinkable<>(() -> value, shrinks);
    }

    /**
     * The tree obtained by applying {@code shrinker} repeatedly: the candidates of a value are
     * {@code shrinker.apply(value)}, each of which shrinks the same way.
     *
     * @param shrinker returns strictly simpler values, simplest first, or an empty stream
     */
    public static <T> Shrinkable<T> unfold(T value, Function<? super T, ? extends Stream<? extends T>> shrinker) {
        Objects.requireNonNull(shrinker, "shrinker");
        return new Shrinkable<>(() -> value,
                () -> shrinker.apply(value).map(v -> Shrinkable.<T>unfold(v, shrinker)));
    }

    /** Internal constructor for trees whose value is recomputed rather than stored. */
    static <T> Shrinkable<T> lazy(Supplier<? extends T> value, Supplier<? extends Stream<Shrinkable<T>>> shrinks) {
        return new Shrinkable<>(value, shrinks);
    }

    /**
     * The value. For trees made by {@link #map} the mapping is applied again on each call, so a
     * property that mutates an array it was given cannot corrupt the value reported later.
     */
    public T value() {
        return value.get();
    }

    /** The candidate simplifications of this value, simplest first. */
    public Stream<Shrinkable<T>> shrinks() {
        return shrinks.get();
    }

    /** The same tree with {@code f} applied to every value. */
    public <R> Shrinkable<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return new Shrinkable<>(() -> f.apply(value()), () -> shrinks().map(s -> s.map(f)));
    }

    /**
     * The tree without the candidates (and their subtrees) whose value fails {@code predicate}.
     * The root itself is kept; callers check it.
     */
    public Shrinkable<T> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new Shrinkable<>(value,
                () -> shrinks().filter(s -> predicate.test(s.value())).map(s -> s.filter(predicate)));
    }

    /** The tree of the value with the candidates replaced by {@code shrinker}'s. */
    Shrinkable<T> withShrinker(Function<? super T, ? extends Stream<? extends T>> shrinker) {
        return unfold(value(), shrinker);
    }

    /**
     * Combines two trees: candidates shrink the first component with the second unchanged, then
     * the second with the first as it stands.
     */
    static <A, B, R> Shrinkable<R> zip(Shrinkable<A> a, Shrinkable<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        return new Shrinkable<>(() -> f.apply(a.value(), b.value()), () -> Lazy.concat(
                () -> a.shrinks().map(sa -> zip(sa, b, f)),
                () -> b.shrinks().map(sb -> zip(a, sb, f))));
    }

    /**
     * The tree of a value drawn from {@code inner}, where {@code inner} was chosen by the value of
     * {@code outer}. The outer value shrinks first: each of its candidates regenerates the inner
     * value from the same {@code innerSeed}, so the new inner value is as close to the old one as
     * the new outer value allows (e.g. a shorter array keeps its leading elements). A candidate
     * whose inner value cannot be generated (say a filter gives up) is skipped. Then the inner
     * value shrinks with the outer one fixed.
     */
    static <T, R> Shrinkable<R> bind(Shrinkable<T> outer, Shrinkable<R> inner,
                                     Function<? super T, ? extends Gen<R>> f, long innerSeed) {
        return new Shrinkable<>(inner::value, () -> Lazy.concat(
                () -> Lazy.flatMap(outer.shrinks(), o -> regenerate(o, f, innerSeed)),
                () -> inner.shrinks().map(i -> bind(outer, i, f, innerSeed))));
    }

    private static <T, R> Stream<Shrinkable<R>> regenerate(Shrinkable<T> outer,
                                                           Function<? super T, ? extends Gen<R>> f, long innerSeed) {
        Shrinkable<R> inner;
        try {
            inner = f.apply(outer.value()).generate(new Source(innerSeed));
        } catch (RuntimeException e) {
            return Stream.empty();
        }
        return Stream.of(bind(outer, inner, f, innerSeed));
    }
}
