package dev.jgrad.testing;

/** How a {@link DoubleGen} shrinks a failing double. */
public enum DoubleShrink {
    /**
     * Towards the simplest value: the shrink target (0, or the range end nearest it), then fewer
     * decimal places, then closer to the target at the same precision. {@code x*x >= x} shrinks to
     * 0.1 and {@code x <= 2} to 3.0: readable counterexamples, which is what a gradient report needs.
     */
    TO_SIMPLE,
    /**
     * As {@link #TO_SIMPLE}, then a binary search between the target and the value for the failing
     * double nearest the target, down to one ulp: {@code x <= 2} shrinks to 2.0000000000000004, the
     * exact boundary. Where the failures reach the target itself ({@code x*x >= x} near 0) it ends
     * at the smallest subnormal, which is true but says less than 0.1.
     */
    TO_BOUNDARY
}
