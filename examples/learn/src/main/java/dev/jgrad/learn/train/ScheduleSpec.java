package dev.jgrad.learn.train;

import java.util.Locale;
import java.util.Objects;

/**
 * How the learning rate changes from epoch to epoch. Every schedule steps once per epoch, after
 * the epoch's evaluation.
 *
 * <ul>
 *   <li>{@code none}: constant;</li>
 *   <li>{@code cosine}: {@code CosineAnnealingLR} from the base rate to 0 over the run's epochs
 *       (so the last epoch trains at a small but non-zero rate);</li>
 *   <li>{@code step}: {@code StepLR}, the rate times {@code gamma} every {@code stepSize} epochs;</li>
 *   <li>{@code plateau}: {@code ReduceLROnPlateau} on the test loss, the rate times {@code gamma}
 *       after more than {@code patience} epochs without improvement.</li>
 * </ul>
 *
 * @param kind which schedule
 * @param stepSize epochs between cuts of {@code step}
 * @param gamma factor of each cut ({@code step} and {@code plateau})
 * @param patience epochs without improvement that {@code plateau} tolerates
 */
public record ScheduleSpec(Kind kind, int stepSize, double gamma, int patience) {
    /** The schedule family. */
    public enum Kind {
        NONE, COSINE, STEP, PLATEAU;

        /** The command-line spelling. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the values. */
    public ScheduleSpec {
        Objects.requireNonNull(kind, "kind");
        if (stepSize < 1) {
            throw new IllegalArgumentException("step size must be >= 1, got " + stepSize);
        }
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1), got " + gamma);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
    }

    /** A constant learning rate. */
    public static ScheduleSpec none() {
        return of(Kind.NONE);
    }

    /** {@code kind} with the defaults: step size 2, gamma 0.1, patience 1. */
    public static ScheduleSpec of(Kind kind) {
        return new ScheduleSpec(kind, 2, 0.1, 1);
    }

    /** A short description for the run's header line. */
    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "constant learning rate";
            case COSINE -> "cosine schedule";
            case STEP -> "step schedule (x" + OptimizerSpec.num(gamma) + " every " + stepSize + " epochs)";
            case PLATEAU -> "plateau schedule on test loss (x" + OptimizerSpec.num(gamma) + " after " + (patience + 1)
                    + " epochs without improvement)";
        };
    }
}
