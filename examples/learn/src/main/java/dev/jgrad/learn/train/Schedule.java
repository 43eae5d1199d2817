package dev.jgrad.learn.train;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.optim.schedule.CosineAnnealingLR;
import dev.jgrad.optim.schedule.EpochScheduler;
import dev.jgrad.optim.schedule.ReduceLROnPlateau;
import dev.jgrad.optim.schedule.StepLR;

/**
 * A {@link ScheduleSpec} attached to an optimizer: one {@link #afterEpoch} per epoch, and its state
 * as JSON for checkpoints (null for a constant rate, which has none).
 */
final class Schedule {
    private final EpochScheduler perEpoch;
    private final ReduceLROnPlateau plateau;

    private Schedule(EpochScheduler perEpoch, ReduceLROnPlateau plateau) {
        this.perEpoch = perEpoch;
        this.plateau = plateau;
    }

    /** The schedule of {@code spec} for a run of {@code epochs} epochs (cosine anneals over them). */
    static Schedule attach(ScheduleSpec spec, Optimizer<?> optimizer, int epochs) {
        return switch (spec.kind()) {
            case NONE -> new Schedule(null, null);
            case COSINE -> new Schedule(new CosineAnnealingLR(optimizer, epochs), null);
            case STEP -> new Schedule(new StepLR(optimizer, spec.stepSize(), spec.gamma()), null);
            case PLATEAU -> new Schedule(null, new ReduceLROnPlateau(optimizer, ReduceLROnPlateau.Options.defaults()
                    .withFactor(spec.gamma()).withPatience(spec.patience())));
        };
    }

    /** Steps the schedule once the epoch's test loss is known. */
    void afterEpoch(double testLoss) {
        if (perEpoch != null) {
            perEpoch.step();
        } else if (plateau != null) {
            plateau.step(testLoss);
        }
    }

    /** The schedule's progress as JSON, or null if it has none. */
    String stateJson() {
        if (perEpoch != null) {
            return StateFiles.toJson(perEpoch.stateDict());
        }
        return plateau == null ? null : StateFiles.toJson(plateau.stateDict());
    }

    /** Restores what {@link #stateJson()} wrote. */
    void loadStateJson(String json) {
        if (perEpoch != null) {
            perEpoch.loadStateDict(StateFiles.fromJson(json, EpochScheduler.State.class));
        } else if (plateau != null) {
            plateau.loadStateDict(StateFiles.fromJson(json, ReduceLROnPlateau.State.class));
        }
    }
}
