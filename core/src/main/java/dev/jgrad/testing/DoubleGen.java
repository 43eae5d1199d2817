package dev.jgrad.testing;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.stream.DoubleStream;

/**
 * The doubles of {@link Gens#doubles}, {@link Gens#doublesAvoiding} and {@link Gens#allDoubles}, with
 * the distribution stated and switchable per generator.
 *
 * <p><b>Edge cases.</b> With probability 1/10 a draw is an edge case instead, picked uniformly
 * among those the generator allows: the range ends and the values just inside them, the shrink
 * target, 0.0 and −0.0, ±{@link Double#MIN_VALUE} (the smallest subnormal), ±{@link Double#MIN_NORMAL},
 * ±1 and the doubles either side of 1, ±{@link Double#MAX_VALUE}, and for {@link Gens#allDoubles} NaN
 * and ±∞. {@link #withoutEdgeCases()} turns them off (a finite range never yields NaN or ∞ anyway).
 *
 * <p><b>Magnitudes.</b> When the range spans three or more orders of magnitude, half the other draws
 * pick the magnitude log-uniformly: between the smallest and largest magnitude in the range, or
 * for a range around 0, between 10⁻⁶ of the largest and the largest. {@code doubles(-1e4, 1e4)}
 * then gives |x| &lt; 1 in about one draw in six instead of one in ten thousand.
 * {@link #uniformMagnitudes()} keeps every draw uniform.
 *
 * <p><b>Shrinking.</b> By default towards the simplest value ({@link DoubleShrink#TO_SIMPLE});
 * {@link #shrinking(DoubleShrink)} can ask for the exact boundary instead.
 */
public final class DoubleGen implements Gen<Double> {

    /** One draw in this many is an edge case. */
    static final int EDGE_CASE_ODDS = 10;
    /** A range whose largest to smallest magnitude is at least this is sampled log-uniformly half the time. */
    static final double LOG_SCALE_RATIO = 1e3;

    private final double min;
    private final double max;
    private final DoublePredicate allowed;
    private final List<double[]> intervals;
    private final double[] edgeCases;
    private final boolean logMagnitudes;
    private final DoubleShrink shrink;
    private final boolean nonFinite;

    private DoubleGen(double min, double max, DoublePredicate allowed, List<double[]> intervals, double[] edgeCases,
                      boolean logMagnitudes, DoubleShrink shrink, boolean nonFinite) {
        this.min = min;
        this.max = max;
        this.allowed = allowed;
        this.intervals = intervals;
        this.edgeCases = edgeCases;
        this.logMagnitudes = logMagnitudes;
        this.shrink = shrink;
        this.nonFinite = nonFinite;
    }

    /** Doubles in {@code [min, max]} that {@code allowed} accepts, drawn from the union of {@code intervals}. */
    static DoubleGen of(double min, double max, DoublePredicate allowed, List<double[]> intervals) {
        double target = NumberShrinking.target(min, max);
        double[] edges = DoubleStream.of(target, min, max, Math.nextUp(min), Math.nextDown(max), 0.0, -0.0,
                        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
                        1, -1, Math.nextDown(1.0), Math.nextUp(1.0), -Math.nextDown(1.0), -Math.nextUp(1.0),
                        Double.MAX_VALUE, -Double.MAX_VALUE)
                .filter(allowed).distinct().toArray();
        double lo = smallestMagnitude(min, max);
        boolean log = lo > 0 && Math.max(Math.abs(min), Math.abs(max)) / lo >= LOG_SCALE_RATIO;
        return new DoubleGen(min, max, allowed, List.copyOf(intervals), edges, log, DoubleShrink.TO_SIMPLE, false);
    }

    /** The smallest magnitude log-uniform draws reach: the range's own, or 10⁻⁶ of the largest around 0. */
    private static double smallestMagnitude(double min, double max) {
        double hi = Math.max(Math.abs(min), Math.abs(max));
        return min <= 0 && max >= 0 ? hi * 1e-6 : Math.min(Math.abs(min), Math.abs(max));
    }

    /** Every double: finite ones log-uniform over the whole exponent range, and the edge cases with NaN and ±∞. */
    static DoubleGen all() {
        DoubleGen finite = of(-Double.MAX_VALUE, Double.MAX_VALUE, x -> true,
                List.of(new double[] {-Double.MAX_VALUE, Double.MAX_VALUE}));
        double[] edges = DoubleStream.concat(Arrays.stream(finite.edgeCases),
                DoubleStream.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).toArray();
        return new DoubleGen(finite.min, finite.max, finite.allowed, finite.intervals, edges, true, finite.shrink,
                true);
    }

    /** The same generator without edge cases: every draw from the (possibly log-uniform) distribution. */
    public DoubleGen withoutEdgeCases() {
        return new DoubleGen(min, max, allowed, intervals, new double[0], logMagnitudes, shrink, nonFinite);
    }

    /** The same generator drawing uniformly over the range, whatever orders of magnitude it spans. */
    public DoubleGen uniformMagnitudes() {
        return new DoubleGen(min, max, allowed, intervals, edgeCases, false, shrink, nonFinite);
    }

    /** The same generator shrinking the given way. */
    public DoubleGen shrinking(DoubleShrink how) {
        return new DoubleGen(min, max, allowed, intervals, edgeCases, logMagnitudes, how, nonFinite);
    }

    /** The edge cases this generator mixes in, for inspection. */
    public double[] edgeCases() {
        return edgeCases.clone();
    }

    @Override
    public Shrinkable<Double> generate(Source source) {
        double value = draw(source);
        double target = NumberShrinking.target(min, max);
        if (!Double.isFinite(value)) {
            return Shrinkable.of(value);
        }
        return NumberShrinking.doubleTree(value, target, allowed, shrink);
    }

    private double draw(Source source) {
        if (edgeCases.length > 0 && source.oneIn(EDGE_CASE_ODDS)) {
            return edgeCases[source.nextInt(0, edgeCases.length - 1)];
        }
        if (logMagnitudes && source.nextBoolean()) {
            double hi = Math.max(Math.abs(min), Math.abs(max));
            // allDoubles spans the whole normal exponent range; a finite range around 0 six decades.
            double lo = nonFinite ? Double.MIN_NORMAL : smallestMagnitude(min, max);
            for (int attempt = 0; attempt < 8; attempt++) {
                double u = source.nextDouble();
                double magnitude = Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
                double x = source.nextBoolean() ? magnitude : -magnitude;
                if (Double.isFinite(x) && allowed.test(x)) {
                    return x;
                }
            }
        }
        return uniform(source);
    }

    private double uniform(Source source) {
        double total = 0;
        for (double[] iv : intervals) {
            total += iv[1] - iv[0];
        }
        // Interval ends are excluded when they border an avoided point; hitting one exactly is
        // a 2^-53 event, so redrawing a few times is plenty.
        for (int attempt = 0; attempt < 100; attempt++) {
            double[] interval = intervals.get(intervals.size() - 1);
            double r = source.nextDouble() * total;
            for (double[] iv : intervals) {
                if (r < iv[1] - iv[0]) {
                    interval = iv;
                    break;
                }
                r -= iv[1] - iv[0];
            }
            double u = source.nextDouble();
            double x = interval[0] + u * (interval[1] - interval[0]);
            if (!Double.isFinite(x)) {
                x = u * interval[1] + (1 - u) * interval[0];
            }
            x = Math.max(interval[0], Math.min(interval[1], x));
            if (allowed.test(x)) {
                return x;
            }
        }
        throw new IllegalStateException("could not draw an allowed double from " + intervals.size() + " intervals");
    }
}
