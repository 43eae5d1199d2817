package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Generation and shrinking of lists whose elements shrink on their own. */
final class Lists {

    private Lists() {
    }

    static <T> Gen<List<T>> of(Gen<T> element, int minSize, int maxSize) {
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("need 0 <= minSize <= maxSize, got [" + minSize + ", " + maxSize + "]");
        }
        return source -> {
            int size = source.nextInt(minSize, maxSize);
            List<Shrinkable<T>> elements = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                elements.add(element.generate(source));
            }
            return shrinkable(elements, minSize);
        };
    }

    /**
     * A list tree. Candidates, in order: drop chunks of elements (the largest chunk first, so a
     * long list collapses quickly, down to single elements), replace every element by its own
     * first candidate at once (usually the zero of its type, which settles "the values do not
     * matter" in one step), then shrink one element at a time. Removals never go below
     * {@code minSize}.
     */
    static <T> Shrinkable<List<T>> shrinkable(List<Shrinkable<T>> elements, int minSize) {
        List<Shrinkable<T>> fixed = List.copyOf(elements);
        return Shrinkable.lazy(() -> values(fixed), () -> Lazy.concat(
                () -> removals(fixed, minSize),
                () -> elementShrinks(fixed).map(candidate -> shrinkable(candidate, minSize))));
    }

    static <T> List<T> values(List<Shrinkable<T>> elements) {
        List<T> out = new ArrayList<>(elements.size());
        for (Shrinkable<T> element : elements) {
            out.add(element.value());
        }
        return Collections.unmodifiableList(out);
    }

    private static <T> Stream<Shrinkable<List<T>>> removals(List<Shrinkable<T>> elements, int minSize) {
        int n = elements.size();
        int removable = n - minSize;
        if (removable <= 0) {
            return Stream.empty();
        }
        List<Integer> chunkSizes = new ArrayList<>();
        chunkSizes.add(removable);
        for (int k = n / 2; k > 0; k /= 2) {
            if (k < removable) {
                chunkSizes.add(k);
            }
        }
        return Lazy.flatMap(chunkSizes.stream(), k -> chunkStarts(n, k).mapToObj(start -> {
            List<Shrinkable<T>> rest = new ArrayList<>(elements.subList(0, start));
            rest.addAll(elements.subList(start + k, n));
            return shrinkable(rest, minSize);
        }));
    }

    /** Aligned chunks, plus the trailing one so that "keep only the first elements" is tried too. */
    private static IntStream chunkStarts(int n, int k) {
        IntStream aligned = IntStream.iterate(0, start -> start + k <= n, start -> start + k);
        return n % k == 0 ? aligned : IntStream.concat(aligned, IntStream.of(n - k));
    }

    /**
     * Same-length variants of {@code elements}: every element replaced by its own first candidate
     * at once, then each element shrunk on its own.
     */
    static <T> Stream<List<Shrinkable<T>>> elementShrinks(List<Shrinkable<T>> elements) {
        return Lazy.concat(() -> allAtOnce(elements), () -> oneAtATime(elements));
    }

    private static <T> Stream<List<Shrinkable<T>>> allAtOnce(List<Shrinkable<T>> elements) {
        // A single element's first candidate comes first among the one-at-a-time ones anyway.
        if (elements.size() < 2) {
            return Stream.empty();
        }
        List<Shrinkable<T>> firsts = new ArrayList<>(elements.size());
        boolean changed = false;
        for (Shrinkable<T> element : elements) {
            Shrinkable<T> first = element.shrinks().findFirst().orElse(null);
            firsts.add(first == null ? element : first);
            changed |= first != null;
        }
        return changed ? Stream.of(firsts) : Stream.empty();
    }

    private static <T> Stream<List<Shrinkable<T>>> oneAtATime(List<Shrinkable<T>> elements) {
        return Lazy.flatMap(IntStream.range(0, elements.size()).boxed(),
                i -> elements.get(i).shrinks().map(candidate -> {
                    List<Shrinkable<T>> replaced = new ArrayList<>(elements);
                    replaced.set(i, candidate);
                    return replaced;
                }));
    }
}
