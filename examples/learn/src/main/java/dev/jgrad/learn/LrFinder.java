package dev.jgrad.learn;

import dev.jgrad.learn.data.Batches;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.train.GaussNewtonBartlett;
import dev.jgrad.learn.train.ModelFactory;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The learning-rate range test (Smith 2015, "Cyclical Learning Rates"; fastai's {@code lr_find}): train a fresh
 * network for a few steps while the learning rate grows exponentially, and watch the loss.
 * <pre>
 * given  start γ₀ &lt; end γ₁, steps N, β = 0.98
 * for i = 0, 1, ..., N − 1
 *   (1) γᵢ = γ₀ · (γ₁/γ₀)^(i/(N − 1))           the exponential ramp: γ₀ first, γ₁ last
 *   (2) ℓᵢ = loss of one optimizer step at γᵢ     on the next mini-batch
 *   (3) aᵢ = β·aᵢ₋₁ + (1 − β)·ℓᵢ,  a₋₁ = 0        exponential moving average
 *   (4) sᵢ = aᵢ / (1 − β^(i+1))                   bias-corrected: the smoothed loss
 *   (5) stop if sᵢ is not finite or sᵢ &gt; 4 · min(s₀ … sᵢ₋₁)
 * suggestion: γⱼ with j = argmin over the kept points of (sⱼ₊₁ − sⱼ)/(ln γⱼ₊₁ − ln γⱼ),
 *   the steepest descent of the smoothed loss; kept: all but the first ⌊N/10⌋ and the last 5
 * </pre>
 * Steps (3)–(5) and the suggestion are fastai's (its {@code steep} suggestion, which also skips the first tenth
 * and the last five points); the ramp reaches γ₁ at the last step (fastai's stops one step short). Batches are
 * full: each epoch is a fresh permutation from the seeded generator that also initialised the network, so a seed
 * fixes the whole test.
 */
public final class LrFinder {
    /** The smoothing factor β of the loss average (fastai's). */
    public static final double BETA = 0.98;
    /** Stop once the smoothed loss exceeds this many times its best (fastai's). */
    public static final double DIVERGENCE = 4;

    /**
     * What to test.
     *
     * @param model     the network, built fresh from {@code seed}
     * @param optimizer the optimizer and its options; its learning rate is replaced by the ramp
     * @param startLr   γ₀, &gt; 0
     * @param endLr     γ₁, &gt; γ₀
     * @param steps     N, at least 2
     * @param batchSize images per step
     * @param seed      initial weights and data order
     */
    public record Setup(ModelFactory model, OptimizerSpec optimizer, double startLr, double endLr, int steps,
                        int batchSize, long seed) {
        /** Checks the ranges; the messages name the command-line options. */
        public Setup {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(optimizer, "optimizer");
            if (!(startLr > 0 && Double.isFinite(startLr))) {
                throw new IllegalArgumentException("--start-lr must be a finite number > 0, got " + startLr);
            }
            if (!(endLr > startLr && Double.isFinite(endLr))) {
                throw new IllegalArgumentException("--end-lr must be finite and above --start-lr (" + startLr
                        + "), got " + endLr);
            }
            if (steps < 2) {
                throw new IllegalArgumentException("--steps must be at least 2 (a ramp has two ends), got " + steps);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
            }
        }

        /** (1): the learning rate of step {@code i}. */
        public double lr(int i) {
            if (i == steps - 1) {
                return endLr; // exactly, not exp(log(...)) rounded
            }
            return startLr * Math.exp(Math.log(endLr / startLr) * i / (steps - 1));
        }
    }

    /** One step of the test: its index (from 0), γᵢ, ℓᵢ and sᵢ. */
    public record Point(int step, double lr, double loss, double smoothedLoss) {
    }

    /** Why the test ended. */
    public enum Stop {
        /** It ran the whole ramp. */
        END_OF_RAMP,
        /** The smoothed loss exceeded {@link #DIVERGENCE} times its best. */
        DIVERGED,
        /** A loss was NaN or infinite. */
        NOT_FINITE
    }

    /**
     * The outcome.
     *
     * @param points     every step run, in order
     * @param stop       why it ended
     * @param suggestion the learning rate at the steepest descent of the smoothed loss (NaN if fewer than two
     *                   points were run)
     */
    public record Result(Setup setup, List<Point> points, Stop stop, double suggestion) {
        public Result {
            points = List.copyOf(points);
        }

        /** The lowest smoothed loss. */
        public double bestSmoothedLoss() {
            return points.stream().mapToDouble(Point::smoothedLoss).filter(Double::isFinite).min().orElse(Double.NaN);
        }
    }

    private LrFinder() {
    }

    /** Runs the test on {@code train}. */
    public static Result run(Dataset train, Setup s) {
        return run(train, s, () -> { });
    }

    /** Runs the test on {@code train}; {@code stepped} hears every step. */
    public static Result run(Dataset train, Setup s, Runnable stepped) {
        Objects.requireNonNull(train, "train");
        if (train.pixels() != s.model().inputs()) {
            throw new IllegalArgumentException("the images have " + train.pixels() + " pixels but model "
                    + s.model().id() + " takes " + s.model().inputs());
        }
        Generator gen = new Generator(s.seed());
        Module model = s.model().build(gen);
        List<Optimizer<?>> optimizers = s.optimizer().forBatch(Math.min(s.batchSize(), train.count()))
                .buildAll(model.parameters());                                      // Muon: Muon + AdamW, as mnist
        CrossEntropyLoss crossEntropy = new CrossEntropyLoss();
        int n = train.count();
        int b = Math.min(s.batchSize(), n);
        Tensor x = Tensor.zeros(DType.FLOAT32, b, train.pixels());
        float[] pixels = new float[b * train.pixels()];
        int[] y = new int[b];
        int[] order = gen.permutation(n);
        int next = 0;
        List<Point> points = new ArrayList<>();
        Stop stop = Stop.END_OF_RAMP;
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.steps(); i++) {
            if (next + b > n) {
                order = gen.permutation(n);
                next = 0;
            }
            Batches.normalizeBatch(train, order, next, next + b, pixels);
            x.copyFrom(pixels, 0, pixels.length);
            Batches.labelBatch(train, order, next, next + b, y);
            next += b;
            double lr = s.lr(i);                                                   // (1)
            for (Optimizer<?> o : optimizers) {
                for (ParamGroup<?> g : o.paramGroups()) {
                    g.setLr(lr);
                }
                o.zeroGrad();
            }
            Tensor loss = crossEntropy.apply(model.forward(x), y);
            loss.backward();
            for (Optimizer<?> o : optimizers) {
                o.step();
            }
            stepped.run();
            double l = loss.item();                                                // (2)
            GaussNewtonBartlett.afterStep(i, optimizers, model, x, gen);          // SophiaG's Hessian estimate
            average = BETA * average + (1 - BETA) * l;                             // (3)
            double smoothed = average / (1 - Math.pow(BETA, i + 1));               // (4)
            points.add(new Point(i, lr, l, smoothed));
            if (!Double.isFinite(smoothed)) {                                      // (5)
                stop = Stop.NOT_FINITE;
                break;
            }
            if (smoothed > DIVERGENCE * best) {
                stop = Stop.DIVERGED;
                break;
            }
            best = Math.min(best, smoothed);
        }
        return new Result(s, points, stop, steepest(points, s.steps()));
    }

    /**
     * γⱼ where the smoothed loss falls fastest per unit of ln γ, over the points without the first ⌊N/10⌋ and
     * the last 5 (all points if that leaves fewer than two); NaN for fewer than two points.
     */
    static double steepest(List<Point> points, int plannedSteps) {
        int from = plannedSteps / 10;
        int to = points.size() - 5;
        if (to - from < 2) {
            from = 0;
            to = points.size();
        }
        if (to - from < 2) {
            return Double.NaN;
        }
        int best = -1;
        double steepest = Double.POSITIVE_INFINITY;
        for (int j = from; j + 1 < to; j++) {
            Point a = points.get(j);
            Point c = points.get(j + 1);
            double slope = (c.smoothedLoss() - a.smoothedLoss()) / (Math.log(c.lr()) - Math.log(a.lr()));
            if (slope < steepest) {
                steepest = slope;
                best = j;
            }
        }
        return best < 0 ? Double.NaN : points.get(best).lr();
    }

    /** A learning rate to three significant digits, as the tool prints it: {@code 0.00316}, {@code 1e-05}. */
    public static String rate(double lr) {
        return OptimizerSpec.num(Double.parseDouble(String.format(Locale.ROOT, "%.3g", lr)));
    }
}
