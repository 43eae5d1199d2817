package dev.jgrad.testing;

/**
 * The stream of random numbers that generators draw from.
 *
 * <p>It is the SplitMix64 generator (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): a 64-bit counter advanced by the golden-ratio constant and passed
 * through a fixed mixing function. The harness carries its own generator rather than using
 * {@link java.util.Random} or {@link java.util.SplittableRandom} so that a seed printed today keeps
 * replaying the same values whatever JDK runs the tests later. Everything derived from it
 * (bounded integers, doubles) is specified here too, for the same reason.
 *
 * <p>A {@code Source} is mutable and not thread-safe; each try of a property gets its own.
 * Custom generators should draw only from the source they are given:
 *
 * <pre>{@code
 * Gen<Integer> dice = source -> Shrinkable.of(source.nextInt(1, 6));
 * }</pre>
 */
public final class Source {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;
    /** Values {@link Gen#filter} rejected while drawing from this source: discards, for the run's budget. */
    int rejected;

    /** Creates a source whose whole output is determined by {@code seed}. */
    public Source(long seed) {
        this.state = seed;
    }

    /** Returns the next 64 uniformly distributed bits. */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /**
     * Returns a uniform long in {@code [0, bound)}.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // Rejection sampling: plain modulo would favour small results whenever bound does not
        // divide 2^63, and the bias is visible for bounds near the top of the range.
        long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    /**
     * Returns a uniform int in {@code [minInclusive, maxInclusive]}.
     *
     * @throws IllegalArgumentException if {@code minInclusive > maxInclusive}
     */
    public int nextInt(int minInclusive, int maxInclusive) {
        if (minInclusive > maxInclusive) {
            throw new IllegalArgumentException(
                    "empty range [" + minInclusive + ", " + maxInclusive + "]");
        }
        long span = (long) maxInclusive - minInclusive + 1;
        return (int) (minInclusive + nextLong(span));
    }

    /** Returns a uniform double in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Returns {@code true} with probability 1/2. */
    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /** Returns {@code true} with probability {@code 1/n}; used to bias towards edge cases. */
    boolean oneIn(int n) {
        return nextLong(n) == 0;
    }

    /** The SplitMix64 output function (a variant of MurmurHash3's 64-bit finaliser). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The seed of try {@code tryNumber} of a run seeded with {@code runSeed}. Each try gets an
     * independent stream, so a single failing try can be replayed without running the ones
     * before it. The run seed is mixed first so that nearby run seeds do not share tries.
     */
    static long trySeed(long runSeed, int tryNumber) {
        return mix64(mix64(runSeed) + tryNumber * GOLDEN_GAMMA);
    }
}
