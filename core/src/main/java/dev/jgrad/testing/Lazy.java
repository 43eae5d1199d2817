package dev.jgrad.testing;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Stream helpers that stay lazy under {@link Stream#iterator()}.
 *
 * <p>The shrinker walks candidates with an iterator and usually stops at the first one that still
 * fails. {@link Stream#flatMap} and {@link Stream#concat} buffer a whole inner stream as soon as
 * one of its elements is requested through an iterator, which would build (and, for
 * {@code flatMap} generators, regenerate) every candidate of a level up front.
 */
final class Lazy {

    private Lazy() {
    }

    static <A, B> Stream<B> flatMap(Stream<A> outer, Function<? super A, ? extends Stream<? extends B>> f) {
        Iterator<A> outerIt = outer.iterator();
        Iterator<B> it = new Iterator<>() {
            private Iterator<? extends B> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!outerIt.hasNext()) {
                        return false;
                    }
                    current = f.apply(outerIt.next()).iterator();
                }
                return true;
            }

            @Override
            public B next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
    }

    /** Concatenates the streams, creating each one only when the previous is exhausted. */
    static <T> Stream<T> concat(List<Supplier<Stream<T>>> parts) {
        return flatMap(parts.stream(), Supplier::get);
    }

    static <T> Stream<T> concat(Supplier<Stream<T>> first, Supplier<Stream<T>> second) {
        return concat(List.of(first, second));
    }

    static <T> Stream<T> concat(Supplier<Stream<T>> first, Supplier<Stream<T>> second, Supplier<Stream<T>> third) {
        return concat(List.of(first, second, third));
    }
}
