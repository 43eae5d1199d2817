package dev.jgrad.optim.schedule;

import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerOptions;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.SgdOptions;

import java.util.Objects;

/**
 * The 1cycle policy (Smith &amp; Topin, 2017), as {@code torch.optim.lr_scheduler.OneCycleLR}: warm up
 * from η_init = maxLr / divFactor to maxLr over the first pctStart of totalSteps, then anneal down to
 * η_min = η_init / finalDivFactor. With anneal(a, b, p) = b + (a − b)·(1 + cos(π·p))/2 (or linear):
 * <pre>
 * phase 1, t ≤ e₁ = pctStart·totalSteps − 1:   ηₜ = anneal(η_init, maxLr, t / e₁)
 * phase 2, t &gt; e₁, e₂ = totalSteps − 1:        ηₜ = anneal(maxLr, η_min, (t − e₁) / (e₂ − e₁))
 * </pre>
 * (threePhase: up to maxLr, back down to η_init symmetrically, then to η_min.) The momentum (SGD's
 * momentum, Adam's β₁) is cycled the opposite way, from maxMomentum down to baseMomentum and back,
 * unless cycleMomentum is off; as in PyTorch it is on by default and also applies to SGD with momentum 0.
 * Not chainable: the rate depends on t only. Stepping past totalSteps is an error.
 */
public final class OneCycleLR extends EpochScheduler {

    /** How a phase moves between its end points. */
    public enum Anneal {
        /** b + (a − b)·(1 + cos(π·p))/2. */
        COS,
        /** a + (b − a)·p. */
        LINEAR;

        double apply(double start, double end, double pct) {
            if (this == LINEAR) {
                return (end - start) * pct + start;
            }
            double cosOut = Math.cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
    }

    /**
     * OneCycleLR's settings, with PyTorch's defaults from {@link #of}.
     *
     * @param maxLr          peak learning rate
     * @param totalSteps     length of the cycle, in steps
     * @param pctStart       fraction of the cycle spent warming up (0.3)
     * @param anneal         {@link Anneal#COS} (default) or {@link Anneal#LINEAR}
     * @param cycleMomentum  cycle momentum / β₁ inversely to the rate (true)
     * @param baseMomentum   momentum at the peak rate (0.85)
     * @param maxMomentum    momentum at the start and end (0.95)
     * @param divFactor      η_init = maxLr / divFactor (25)
     * @param finalDivFactor η_min = η_init / finalDivFactor (1e4)
     * @param threePhase     use the paper's symmetric three phases (false)
     */
    public record Options(double maxLr, int totalSteps, double pctStart, Anneal anneal, boolean cycleMomentum,
                          double baseMomentum, double maxMomentum, double divFactor, double finalDivFactor,
                          boolean threePhase) {
        public Options {
            nonNegative("maxLr", maxLr);
            atLeast("totalSteps", totalSteps, 1);
            if (!(pctStart >= 0 && pctStart <= 1)) {
                throw new IllegalArgumentException("Invalid pctStart: " + pctStart + " (must be in [0, 1])");
            }
            Objects.requireNonNull(anneal, "anneal");
            if (!(divFactor > 0)) {
                throw new IllegalArgumentException("Invalid divFactor: " + divFactor + " (must be > 0)");
            }
            if (!(finalDivFactor > 0)) {
                throw new IllegalArgumentException("Invalid finalDivFactor: " + finalDivFactor + " (must be > 0)");
            }
            nonNegative("baseMomentum", baseMomentum);
            nonNegative("maxMomentum", maxMomentum);
        }

        public static Options of(double maxLr, int totalSteps) {
            return new Options(maxLr, totalSteps, 0.3, Anneal.COS, true, 0.85, 0.95, 25, 1e4, false);
        }

        public Options withPctStart(double pctStart) {
            return new Options(maxLr, totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                    finalDivFactor, threePhase);
        }

        public Options withAnneal(Anneal anneal) {
            return new Options(maxLr, totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                    finalDivFactor, threePhase);
        }

        public Options withCycleMomentum(boolean cycleMomentum) {
            return new Options(maxLr, totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                    finalDivFactor, threePhase);
        }

        public Options withMomentumRange(double baseMomentum, double maxMomentum) {
            return new Options(maxLr, totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                    finalDivFactor, threePhase);
        }

        public Options withDivFactors(double divFactor, double finalDivFactor) {
            return new Options(maxLr, totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                    finalDivFactor, threePhase);
        }

        public Options withThreePhase(boolean threePhase) {
            return new Options(maxLr, totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                    finalDivFactor, threePhase);
        }
    }

    /** One phase: from (lr, momentum) at the previous phase's end step to these at {@code endStep}. */
    private record Phase(double endStep, double[] startLr, double[] endLr, double startMomentum, double endMomentum) {}

    private final Options options;
    private final Phase[] phases;

    /** PyTorch's defaults around maxLr and totalSteps. */
    public OneCycleLR(Optimizer<?> optimizer, double maxLr, int totalSteps) {
        this(optimizer, Options.of(maxLr, totalSteps));
    }

    public OneCycleLR(Optimizer<?> optimizer, Options options) {
        super(withInitialLr(optimizer, options));
        this.options = options;
        int groups = baseLrs.length;
        double[] initial = baseLrs.clone(), max = new double[groups], min = new double[groups];
        for (int i = 0; i < groups; i++) {
            max[i] = options.maxLr();
            min[i] = initial[i] / options.finalDivFactor();
        }
        double total = options.totalSteps(), pct = options.pctStart();
        double lo = options.baseMomentum(), hi = options.maxMomentum();
        phases = options.threePhase()
                ? new Phase[] {
                        new Phase(pct * total - 1, initial, max, hi, lo),
                        new Phase(2 * pct * total - 2, max, initial, lo, hi),
                        new Phase(total - 1, initial, min, hi, hi)}
                : new Phase[] {
                        new Phase(pct * total - 1, initial, max, hi, lo),
                        new Phase(total - 1, max, min, lo, hi)};
        if (options.cycleMomentum()) {
            for (ParamGroup<?> g : optimizer.paramGroups()) {
                setMomentum(g, hi);
            }
        }
        initialStep();
    }

    /** OneCycleLR overwrites {@code initialLr} (PyTorch's group['initial_lr'] = max_lr / div_factor). */
    private static Optimizer<?> withInitialLr(Optimizer<?> optimizer, Options options) {
        for (ParamGroup<?> g : optimizer.paramGroups()) {
            g.setInitialLr(options.maxLr() / options.divFactor());
        }
        return optimizer;
    }

    @Override
    public void step() {
        if (lastEpoch + 1 > options.totalSteps()) {
            throw new IllegalStateException("Tried to step " + (lastEpoch + 1) + " times. The specified number of total "
                    + "steps is " + options.totalSteps());
        }
        super.step();
    }

    @Override
    double[] chainedLrs() {
        double[] lr = new double[baseLrs.length];
        double t = lastEpoch;
        double startStep = 0;
        for (int k = 0; k < phases.length; k++) {
            Phase phase = phases[k];
            if (t <= phase.endStep() || k == phases.length - 1) {
                double pct = (t - startStep) / (phase.endStep() - startStep);
                for (int i = 0; i < lr.length; i++) {
                    lr[i] = options.anneal().apply(phase.startLr()[i], phase.endLr()[i], pct);
                }
                if (options.cycleMomentum()) {
                    double momentum = options.anneal().apply(phase.startMomentum(), phase.endMomentum(), pct);
                    for (ParamGroup<?> g : optimizer.paramGroups()) {
                        setMomentum(g, momentum);
                    }
                }
                break;
            }
            startStep = phase.endStep();
        }
        return lr;
    }

    /** OneCycleLR has no separate closed form: its rate is already a function of t alone. */
    @Override
    double[] closedFormLrs() {
        return chainedLrs();
    }

    /** The coefficient PyTorch cycles: {@code betas[0]} for the Adam family, {@code momentum} for SGD. */
    @SuppressWarnings("unchecked") // the options' class fixes the group's type parameter
    private static void setMomentum(ParamGroup<?> group, double momentum) {
        OptimizerOptions<?> o = group.options();
        if (o instanceof AdamOptions a) {
            ((ParamGroup<AdamOptions>) group).setOptions(a.withBetas(momentum, a.beta2()));
        } else if (o instanceof SgdOptions s) {
            ((ParamGroup<SgdOptions>) group).setOptions(s.withMomentum(momentum));
        }
    }
}
