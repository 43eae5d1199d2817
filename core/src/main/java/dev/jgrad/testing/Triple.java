package dev.jgrad.testing;

/**
 * Three values generated together by {@link Gen#zip(Gen, Gen, Gen)}.
 *
 * <p>{@link #toString()} renders array components by content; {@code equals} is the record's, so
 * array components compare by identity.
 *
 * @param first  the first value
 * @param second the second value
 * @param third  the third value
 * @param <A>    the type of the first value
 * @param <B>    the type of the second value
 * @param <C>    the type of the third value
 */
public record Triple<A, B, C>(A first, B second, C third) {

    @Override
    public String toString() {
        return "(" + Render.value(first) + ", " + Render.value(second) + ", " + Render.value(third) + ")";
    }
}
