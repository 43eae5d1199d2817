package dev.jgrad.tensor;

import java.util.Arrays;

/**
 * An explicit, seeded source of randomness. Every random factory takes one, so a run is
 * reproducible from its seed regardless of threads or of what else drew random numbers.
 *
 * <p>Algorithm: xoshiro256** (Blackman and Vigna, 2018), a 256-bit state advanced by shifts,
 * rotations and xors; the seed is expanded into the state with SplitMix64, as its authors recommend.
 * Uniform doubles take the top 53 bits ({@code (x >>> 11)·2⁻⁵³}, in [0, 1)); normals use the
 * Box–Muller transform on two uniforms (the cosine branch only, so the state stays four longs);
 * bounded integers use rejection sampling, so they are exactly uniform.
 * The same seed gives the same stream on every JVM.
 */
public final class Generator {
    private final long[] s = new long[4];

    public Generator(long seed) {
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
    }

    private Generator(long[] state) {
        System.arraycopy(state, 0, s, 0, 4);
    }

    /** Restores a generator saved with {@link #state()}. */
    public static Generator fromState(long[] state) {
        return new Generator(checkState(state));
    }

    /**
     * Continues from a state saved with {@link #state()}, in place (PyTorch's {@code Generator.set_state}):
     * what already holds this generator, a dropout layer say, draws from the restored stream.
     */
    public void setState(long[] state) {
        System.arraycopy(checkState(state), 0, s, 0, 4);
    }

    private static long[] checkState(long[] state) {
        if (state == null) {
            throw new IllegalArgumentException("generator state is null; pass the 4 longs state() returned");
        }
        if (state.length != 4) {
            throw new IllegalArgumentException("generator state must have 4 longs, got " + state.length);
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("generator state must not be all zero");
        }
        return state;
    }

    /** A snapshot of the 256-bit state, e.g. for a checkpoint. */
    public long[] state() {
        return s.clone();
    }

    public long nextLong() {
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by Box–Muller; 1 − u keeps the logarithm's argument in (0, 1]. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        // Reject the top partial block of the 31-bit range so every value is equally likely.
        int limit = Integer.MAX_VALUE - (Integer.MAX_VALUE % bound);
        int r;
        do {
            r = (int) (nextLong() >>> 33);
        } while (r >= limit);
        return r % bound;
    }

    /** A random permutation of 0..n-1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public String toString() {
        return "Generator" + Arrays.toString(s);
    }
}
