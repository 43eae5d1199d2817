package dev.jgrad.testing;

/**
 * Two values generated together, e.g. by {@link Gen#zip(Gen, Gen)} or
 * {@link Gens#broadcastablePair(int, int)}.
 *
 * <p>{@link #toString()} renders array components by content ({@code ([2, 3], [3])}); note that
 * {@code equals} is the record's, so array components compare by identity.
 *
 * @param first  the first value
 * @param second the second value
 * @param <A>    the type of the first value
 * @param <B>    the type of the second value
 */
public record Pair<A, B>(A first, B second) {

    @Override
    public String toString() {
        return "(" + Render.value(first) + ", " + Render.value(second) + ")";
    }
}
