package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Generators that can list their values: the enumeration behind {@link Gen#exhaustive}. */
final class Finite {

    private Finite() {
    }

    /** {@code gen} with {@code enumeration} as its {@link Gen#exhaustive}. */
    static <T> Gen<T> of(Gen<T> gen, IntFunction<Optional<List<Shrinkable<T>>>> enumeration) {
        return new Gen<>() {
            @Override
            public Shrinkable<T> generate(Source source) {
                return gen.generate(source);
            }

            @Override
            public Optional<List<Shrinkable<T>>> exhaustive(int limit) {
                return enumeration.apply(limit);
            }
        };
    }

    /** The integers {@code min..max}, each shrinking as {@link Gens#ints} does, if they are at most {@code limit}. */
    static Optional<List<Shrinkable<Integer>>> ints(int min, int max, int target, int limit) {
        if ((long) max - min + 1 > limit) {
            return Optional.empty();
        }
        return Optional.of(IntStream.rangeClosed(min, max)
                .mapToObj(v -> Shrinkable.unfold(v, x -> NumberShrinking.towards(x, target))).toList());
    }

    /** Every combination of the two enumerations, first component slowest, if there are at most {@code limit}. */
    static <A, B, R> Optional<List<Shrinkable<R>>> product(Gen<A> a, Gen<B> b,
                                                          BiFunction<? super A, ? super B, ? extends R> f, int limit) {
        Optional<List<Shrinkable<A>>> as = a.exhaustive(limit);
        if (as.isEmpty()) {
            return Optional.empty();
        }
        int perA = limit / Math.max(1, as.get().size());
        Optional<List<Shrinkable<B>>> bs = b.exhaustive(perA);
        if (bs.isEmpty() || (long) as.get().size() * bs.get().size() > limit) {
            return Optional.empty();
        }
        List<Shrinkable<R>> out = new ArrayList<>();
        for (Shrinkable<A> x : as.get()) {
            for (Shrinkable<B> y : bs.get()) {
                out.add(Shrinkable.zip(x, y, f));
            }
        }
        return Optional.of(out);
    }
}
