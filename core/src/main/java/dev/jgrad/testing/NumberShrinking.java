package dev.jgrad.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Candidate lists for shrinking numbers; see {@link Gens#ints} and {@link Gens#doubles}. */
final class NumberShrinking {

    private NumberShrinking() {
    }

    /**
     * The target itself, then values halfway, a quarter of the way, ... back from {@code x},
     * ending with {@code x} one step closer to the target. Trying the target first finds
     * "any value fails" in one step; ending with the neighbour guarantees that greedy shrinking
     * reaches the exact boundary of a monotone property. All candidates lie between target and
     * {@code x}, so they stay in any interval containing both.
     */
    static Stream<Integer> towards(int x, int target) {
        long distance = (long) x - target;
        if (distance == 0) {
            return Stream.empty();
        }
        Stream<Long> halvings = Stream.iterate(distance, d -> d != 0, d -> d / 2).skip(1);
        return Stream.concat(Stream.of(distance), halvings).map(d -> (int) (x - d));
    }

    /** The number closest to zero within {@code [min, max]}: where integers shrink to. */
    static int target(int min, int max) {
        return Math.max(min, Math.min(max, 0));
    }

    static double target(double min, double max) {
        return Math.max(min, Math.min(max, 0.0));
    }

    /**
     * Shrink candidates for a double, simplest first, among the values {@code allowed} accepts.
     *
     * <p>"Simpler" is measured on the shortest decimal representation: fewer decimal places is
     * simpler, and at the same number of decimals, closer to {@code target} is simpler. The
     * target counts as simplest of all. Candidates are the target; {@code x} rounded to each
     * coarser number of decimals (towards and away from the target, since rounding towards it
     * may leave the allowed set, e.g. into an avoided neighbourhood of 0); and the integer-style
     * halvings of the distance to the target at {@code x}'s own precision. So 0.7316 can become
     * 1.0 or 0.7, and 0.7 can become 0.4, 0.6 and so on. Every candidate is checked to be strictly
     * simpler, so shrinking terminates whatever rounding the conversions do.
     */
    static Stream<Double> doubles(double x, double target, DoublePredicate allowed) {
        if (x == target) {
            // -0.0 == 0.0, but -0.0 is an edge case of its own: it shrinks to the plain zero.
            boolean signedZero = Double.doubleToRawLongBits(x) != Double.doubleToRawLongBits(target);
            return signedZero && allowed.test(target) ? Stream.of(target) : Stream.empty();
        }
        if (!Double.isFinite(x)) {
            return Stream.empty();
        }
        BigDecimal exact = decimal(x);
        BigDecimal goal = decimal(target);
        int scale = scale(exact);
        boolean above = exact.compareTo(goal) > 0;
        RoundingMode towardsGoal = above ? RoundingMode.FLOOR : RoundingMode.CEILING;
        RoundingMode awayFromGoal = above ? RoundingMode.CEILING : RoundingMode.FLOOR;

        List<Supplier<Stream<BigDecimal>>> parts = new ArrayList<>();
        parts.add(() -> Stream.of(goal));
        parts.add(() -> IntStream.range(0, scale).boxed().flatMap(k -> Stream.of(
                exact.setScale(k, towardsGoal), exact.setScale(k, awayFromGoal))));
        parts.add(() -> sameScaleHalvings(exact, goal, scale));

        Rank rank = Rank.of(exact, goal);
        return Lazy.concat(parts)
                .map(BigDecimal::doubleValue)
                .filter(c -> c != x && allowed.test(c))
                .filter(c -> c == target || Rank.of(decimal(c), goal).compareTo(rank) < 0)
                .distinct();
    }

    /**
     * The shrink tree of a double: {@link #doubles} candidates, and for {@link DoubleShrink#TO_BOUNDARY}
     * then {@link #bisection} ones. A node reached by bisection offers only bisection candidates,
     * each strictly closer to the target, so the tree stays finite although the two orders differ
     * (3.0 is simpler than 2.5 by decimals, 2.5 simpler than 3.0 by distance).
     */
    static Shrinkable<Double> doubleTree(double x, double target, DoublePredicate allowed, DoubleShrink how) {
        if (how == DoubleShrink.TO_SIMPLE) {
            return Shrinkable.unfold(x, v -> doubles(v, target, allowed));
        }
        return Shrinkable.of(x, () -> Lazy.concat(
                () -> doubles(x, target, allowed).map(v -> doubleTree(v, target, allowed, how)),
                () -> bisection(x, target, allowed)
                        .map(v -> Shrinkable.unfold(v, w -> bisection(w, target, allowed)))));
    }

    /**
     * Points between {@code x} and the target, halfway first, then ever closer to {@code x}, ending
     * one ulp from it: greedy shrinking over these is a binary search for the failing value
     * nearest the target.
     */
    static Stream<Double> bisection(double x, double target, DoublePredicate allowed) {
        if (x == target || !Double.isFinite(x)) {
            return Stream.empty();
        }
        double distance = x - target;
        Stream<Double> halves = Stream.iterate(distance / 2, d -> Math.abs(d) >= Math.ulp(x), d -> d / 2)
                .map(d -> x - d);
        return Stream.concat(halves, Stream.of(Math.nextAfter(x, target)))
                .filter(c -> c != x && Math.abs(c - target) < Math.abs(distance) && allowed.test(c))
                .distinct();
    }

    /** Like {@link #towards} on the integer {@code x * 10^scale}. */
    private static Stream<BigDecimal> sameScaleHalvings(BigDecimal x, BigDecimal goal, int scale) {
        BigDecimal distance = x.subtract(goal);
        BigInteger units = distance.abs().movePointRight(scale).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        if (units.signum() == 0) {
            return Stream.empty();
        }
        BigDecimal direction = BigDecimal.valueOf(distance.signum());
        // Steps below half an ulp of x would round back to x; for huge x that is most of them.
        BigDecimal smallestStep = new BigDecimal(Math.ulp(x.doubleValue()) / 2);
        return Stream.iterate(units, u -> u.signum() > 0, u -> u.shiftRight(1))
                .map(u -> new BigDecimal(u, scale))
                .takeWhile(step -> step.compareTo(smallestStep) >= 0)
                .map(step -> x.subtract(direction.multiply(step)));
    }

    /** The shortest decimal that reads back as {@code x}, as printed by {@link Double#toString}. */
    static BigDecimal decimal(double x) {
        return BigDecimal.valueOf(x);
    }

    /** Number of decimal places, ignoring trailing zeros; integers (even 1e20) have 0. */
    static int scale(BigDecimal d) {
        return Math.max(0, d.stripTrailingZeros().scale());
    }

    private record Rank(int scale, BigDecimal distance) implements Comparable<Rank> {

        static Rank of(BigDecimal value, BigDecimal goal) {
            return new Rank(NumberShrinking.scale(value), value.subtract(goal).abs());
        }

        @Override
        public int compareTo(Rank other) {
            int byScale = Integer.compare(scale, other.scale);
            return byScale != 0 ? byScale : distance.compareTo(other.distance);
        }
    }
}
