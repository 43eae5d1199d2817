package dev.jgrad.learn;

import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.train.EpochMetrics;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.ScheduleSpec;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingDivergedException;
import dev.jgrad.learn.train.TrainingListener;
import dev.jgrad.optim.OptimizerRegistry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A race on MNIST: the MLP trained by every optimizer of the shelf, once per seed. A seed fixes the initial
 * weights and the order of the images, and every optimizer gets the same seeds, so within a seed the runs differ
 * in the optimizer alone, and across seeds the spread shows how much of a difference is luck. Each runs at a
 * documented learning rate ({@link #field()}); with {@code tune}, at each of {@link #TUNE_FACTORS} times it,
 * and the rate with the lowest mean final training loss over the seeds represents the optimizer (the test split
 * is not used to choose). {@link #ranking} ranks the optimizers by their mean final test accuracy over the seeds
 * and gives the spread ({@link Stats}: mean, standard deviation, min and max) and the time to a target accuracy.
 *
 * <p>The runs of a race are numbered in plan order, one per (optimizer, rate, seed); a {@link Cells.Slice} takes
 * every n-th, so a job array can train them on many machines, and {@link #merge} joins the CSVs the slices write.
 * Every run is deterministic, so a merged race equals one run in one process (the seconds aside).
 */
public final class Race {
    private Race() {}

    /** With {@code tune}: each optimizer's rate times these. */
    public static final List<Double> TUNE_FACTORS = List.of(0.1, 0.3, 1.0, 3.0, 10.0);

    /** One racer: the legend's name and its optimizer at its documented learning rate. */
    public record Racer(String label, OptimizerSpec spec) {}

    /**
     * Every optimizer of the shelf but LBFGS (which re-evaluates the loss within a step, so it does not train
     * on one mini-batch per step), at PyTorch's default learning rate; plain SGD, which has none in PyTorch, at
     * 0.1, and with momentum 0.9 at 0.01 (the same step size once the momentum has built up). Muon trains the
     * hidden matrix, AdamW (defaults) the rest. Then every other registered optimizer that steps on one gradient
     * (the frontier optimizers, then an {@code OptimizerProvider}'s from a jar on the class path), at its default
     * rate: the authors' defaults for the frontier (Schedule-Free SGD at 1.0, Prodigy at 1.0, a multiplier of its
     * own estimate), Schedule-Free evaluated at x.
     */
    public static List<Racer> field() {
        List<Racer> out = new ArrayList<>();
        out.add(new Racer("SGD", OptimizerSpec.of("SGD").withLr(0.1)));
        out.add(new Racer("SGD, momentum 0.9", OptimizerSpec.of("SGD").withLr(0.01).with("momentum", 0.9)));
        for (String name : List.of("Adam", "AdamW", "NAdam", "RAdam", "Adamax", "Adagrad", "Adadelta", "RMSprop",
                "Rprop", "ASGD", "Lion", "LAMB", "Adafactor", "Muon")) {
            out.add(racer(name));
        }
        for (String name : OptimizerRegistry.names()) {   // the rest of the registry: yours, from your jar
            boolean listed = name.equals("SGD") || out.stream().anyMatch(r -> r.spec().name().equals(name));
            if (!listed && !OptimizerRegistry.get(name).requiresClosure()) {
                out.add(racer(name));
            }
        }
        return List.copyOf(out);
    }

    /** {@code name} with its defaults; a matrices-only rule (Muon) is labelled with the AdamW it is paired with. */
    private static Racer racer(String name) {
        boolean paired = OptimizerRegistry.get(name).shapes() == OptimizerRegistry.ParamShapes.MATRICES;
        return new Racer(paired ? name + " + AdamW" : name, OptimizerSpec.of(name));
    }

    /**
     * What every run shares.
     *
     * @param epochs    epochs per run
     * @param batchSize images per step
     * @param hidden    width of the MLP's hidden layer
     * @param seed      the first seed: seeds {@code seed}, {@code seed + 1}, ... fix initial weights and batch order
     * @param seeds     runs per optimizer (and rate), one per seed
     * @param limit     train on the first {@code limit} images only (0: all)
     * @param tune      each racer at every factor of {@link #TUNE_FACTORS}, or at its rate only
     * @param target    the test accuracy (a fraction, 0 &lt; target ≤ 1) whose first crossing is timed
     *                  ({@link Reached}); NaN for none
     */
    public record Setup(int epochs, int batchSize, int hidden, long seed, int seeds, int limit, boolean tune,
                        double target) {
        public Setup {
            Checks.atLeast(1, "epochs", epochs);
            Checks.atLeast(1, "batch size", batchSize);
            Checks.atLeast(1, "hidden width", hidden);
            Checks.atLeast(1, "seeds", seeds);
            Checks.atLeast(0, "limit", limit);
            if (!Double.isNaN(target) && !(target > 0 && target <= 1)) {
                throw new IllegalArgumentException("the target is a fraction of the test images between 0 and 1 "
                        + "(e.g. 0.9 for 90%), got " + target);
            }
        }
    }

    /** Run {@code index} of the plan: a racer at learning rate {@code lr}, from seed {@code seed}. */
    public record Run(int index, Racer racer, double lr, long seed) {}

    /**
     * The runs, in order: every racer, with {@code tune} every factor of its rate, and every seed innermost, so
     * run r has seed {@code setup.seed() + r mod setup.seeds()} (which {@link #merge} checks).
     */
    public static List<Run> plan(List<Racer> field, Setup setup) {
        List<Run> out = new ArrayList<>();
        for (Racer r : field) {
            for (double f : setup.tune() ? TUNE_FACTORS : List.of(1.0)) {
                for (int s = 0; s < setup.seeds(); s++) {
                    out.add(new Run(out.size(), r, f * r.spec().lr(), setup.seed() + s));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * One epoch of one run; NaN losses and accuracies after a run diverged.
     *
     * @param seconds wall time of the epoch's training and its end-of-epoch evaluation (not the target checks')
     */
    public record Epoch(int epoch, double trainLoss, double testAccuracy, double seconds) {}

    /**
     * When a run first reached the target test accuracy: after {@code step} optimizer steps, and {@code seconds}
     * of training (steps, forward and backward; no evaluation). The test split is checked every
     * {@link TargetWatch#CHECK_STEPS} steps until then and after every epoch.
     */
    public record Reached(long step, double seconds) {}

    /**
     * A finished run.
     *
     * @param reached when it reached the race's target, or null if it did not (or the race has none)
     */
    public record Result(int run, String label, double lr, long seed, List<Epoch> epochs, Reached reached) {
        public Result {
            epochs = List.copyOf(epochs);
        }

        public Epoch last() {
            return epochs.get(epochs.size() - 1);
        }

        /** Whether training stopped on a non-finite loss. */
        public boolean diverged() {
            return Double.isNaN(last().trainLoss());
        }

        public double seconds() {
            return epochs.stream().mapToDouble(Epoch::seconds).sum();
        }

        /** When it reached the target, if it did. */
        public Optional<Reached> toTarget() {
            return Optional.ofNullable(reached);
        }
    }

    /**
     * Trains the runs of {@code plan} that {@code slice} takes, {@code jobs} at a time.
     *
     * @param done hears each run as it finishes (one at a time)
     */
    public static List<Result> run(MnistData data, Setup setup, List<Run> plan, Cells.Slice slice, int jobs,
                                   Consumer<Result> done) {
        return run(data, setup, plan, slice, jobs, TrainingListener.NONE, done);
    }

    /** {@link #run(MnistData, Setup, List, Cells.Slice, int, Consumer)}; {@code steps} hears every run's steps. */
    public static List<Result> run(MnistData data, Setup setup, List<Run> plan, Cells.Slice slice, int jobs,
                            TrainingListener steps, Consumer<Result> done) {
        Objects.requireNonNull(data, "data");
        MnistData used = WdSweep.limit(data, setup.limit());
        List<Run> mine = plan.stream().filter(r -> slice.takes(r.index())).toList();
        return Cells.train(mine, jobs, "race", run -> train(used, setup, run, steps), done);
    }

    private static Result train(MnistData data, Setup setup, Run run, TrainingListener steps) {
        OptimizerSpec spec = run.racer().spec().withLr(run.lr());
        TrainConfig config = new TrainConfig(new ModelSpec(ModelSpec.Kind.MLP, data.train().pixels(), setup.hidden(), 10),
                spec, ScheduleSpec.none(), setup.epochs(), setup.batchSize(), run.seed());
        Trainer trainer = new Trainer(data, config);
        TargetWatch watch = new TargetWatch(trainer, setup.target());
        TrainingListener listener = TrainingListener.both(steps, watch);
        List<Epoch> epochs = new ArrayList<>();
        try {
            for (int e = 0; e < setup.epochs(); e++) {
                long start = System.nanoTime();
                EpochMetrics m = trainer.trainEpoch(listener);
                double seconds = (System.nanoTime() - start - watch.epochCheckNanos()) / 1e9;
                epochs.add(new Epoch(m.epoch(), m.trainLoss(), m.testAccuracy(), seconds));
            }
        } catch (TrainingDivergedException diverged) {
            while (epochs.size() < setup.epochs()) {
                epochs.add(new Epoch(epochs.size() + 1, Double.NaN, Double.NaN, 0));
            }
        }
        return new Result(run.index(), run.racer().label(), run.lr(), run.seed(), epochs, watch.reached());
    }

    /**
     * Mean, sample standard deviation (0 for one value), min and max of {@code n} values; all NaN for none.
     */
    public record Stats(int n, double mean, double sd, double min, double max) {
        /** The statistics of the finite values among {@code values}. */
        public static Stats of(double[] values) {
            double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
            int n = finite.length;
            if (n == 0) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double mean = Arrays.stream(finite).sum() / n, ss = 0;
            for (double v : finite) {
                ss += (v - mean) * (v - mean);
            }
            return new Stats(n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
                    Arrays.stream(finite).min().orElseThrow(), Arrays.stream(finite).max().orElseThrow());
        }
    }

    /**
     * One optimizer's place in the race: its runs at the chosen rate, one per seed, and their statistics. Diverged
     * runs are counted, and left out of the statistics.
     */
    public record Standing(String label, double lr, List<Result> runs) {
        public Standing {
            runs = List.copyOf(runs);
        }

        /** Runs that stopped on a non-finite loss. */
        public int diverged() {
            return (int) runs.stream().filter(Result::diverged).count();
        }

        /** Test accuracy (%) after epoch {@code epoch} (1-based) over the seeds. */
        public Stats testAccuracy(int epoch) {
            return Stats.of(runs.stream().mapToDouble(r -> r.epochs().get(epoch - 1).testAccuracy()).toArray());
        }

        /** Mean training loss of epoch {@code epoch} (1-based) over the seeds. */
        public Stats trainLoss(int epoch) {
            return Stats.of(runs.stream().mapToDouble(r -> r.epochs().get(epoch - 1).trainLoss()).toArray());
        }

        public int epochs() {
            return runs.get(0).epochs().size();
        }

        /** The final test accuracy (%) over the seeds: what the ranking goes by. */
        public Stats finalAccuracy() {
            return testAccuracy(epochs());
        }

        public Stats finalTrainLoss() {
            return trainLoss(epochs());
        }

        /** Runs that reached the target. */
        public int reached() {
            return (int) runs.stream().filter(r -> r.reached() != null).count();
        }

        /** Steps to the target, over the runs that reached it. */
        public Stats stepsToTarget() {
            return Stats.of(runs.stream().filter(r -> r.reached() != null).mapToDouble(r -> r.reached().step()).toArray());
        }

        /** Seconds of training to the target, over the runs that reached it. */
        public Stats secondsToTarget() {
            return Stats.of(runs.stream().filter(r -> r.reached() != null).mapToDouble(r -> r.reached().seconds()).toArray());
        }

        /** Wall seconds per run, over every run. */
        public Stats seconds() {
            return Stats.of(runs.stream().mapToDouble(Result::seconds).toArray());
        }
    }

    /**
     * Each racer's standing, best first: its runs at its rate, or with tuning at the rate with the fewest diverged
     * seeds and then the lowest mean final training loss. Ranked by the number of diverged seeds (fewest first), then
     * by the mean final test accuracy over the seeds (highest first), then by the mean final training loss.
     */
    public static List<Standing> ranking(List<Result> results) {
        Map<String, Map<Double, List<Result>>> byRate = new LinkedHashMap<>();
        for (Result r : results) {
            byRate.computeIfAbsent(r.label(), k -> new LinkedHashMap<>()).computeIfAbsent(r.lr(), k -> new ArrayList<>())
                    .add(r);
        }
        Comparator<Standing> byTrainLoss = Comparator.comparingDouble(s -> s.finalTrainLoss().n() == 0
                ? Double.POSITIVE_INFINITY : s.finalTrainLoss().mean());
        Comparator<Standing> byDiverged = Comparator.comparingInt(Standing::diverged);
        List<Standing> out = new ArrayList<>();
        for (var racer : byRate.entrySet()) {
            out.add(racer.getValue().entrySet().stream().map(e -> new Standing(racer.getKey(), e.getKey(), e.getValue()))
                    .min(byDiverged.thenComparing(byTrainLoss)).orElseThrow());
        }
        out.sort(byDiverged.thenComparing(Comparator.comparingDouble((Standing s) -> s.finalAccuracy().n() == 0
                ? Double.NEGATIVE_INFINITY : s.finalAccuracy().mean()).reversed()).thenComparing(byTrainLoss));
        return out;
    }

    /**
     * The ranked table printed at the end: per optimizer the mean final test accuracy over the seeds with its
     * min–max, the mean final training loss, the mean steps and seconds to the target over the seeds that reached it
     * (and how many did), and the mean seconds per run.
     */
    public static String table(List<Standing> ranked, double target) {
        boolean seeds = ranked.stream().anyMatch(s -> s.runs().size() > 1);
        int w = Math.max(9, ranked.stream().mapToInt(s -> s.label().length()).max().orElse(9));
        String row = "%4s  %-" + w + "s  %8s  %9s" + (seeds ? "  %-18s" : "%s") + "  %10s  %14s  %9s  %7s%n";
        String to = Double.isNaN(target) ? "target" : OptimizerSpec.num(Math.round(target * 1e6) / 1e4) + "%";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, row, "rank", "optimizer", "lr",
                seeds ? "mean acc" : "test acc", seeds ? "min–max" : "", "train loss", "steps to " + to,
                "s to " + to, "s/run"));
        for (int i = 0; i < ranked.size(); i++) {
            Standing s = ranked.get(i);
            Stats acc = s.finalAccuracy(), steps = s.stepsToTarget();
            String mean = acc.n() == 0 ? "diverged" : String.format(Locale.ROOT, "%.2f%%", acc.mean());
            String spread = !seeds || acc.n() == 0 ? "" : String.format(Locale.ROOT, "%.2f–%.2f", acc.min(), acc.max());
            if (seeds && s.diverged() > 0 && acc.n() > 0) {
                spread += " (" + s.diverged() + " div.)";
            }
            String loss = acc.n() == 0 ? "–" : String.format(Locale.ROOT, "%.4f", s.finalTrainLoss().mean());
            String reached = steps.n() == 0 ? "–" : String.format(Locale.ROOT, "%.0f", steps.mean())
                    + (seeds ? " (" + steps.n() + "/" + s.runs().size() + ")" : "");
            String secs = steps.n() == 0 ? "–" : String.format(Locale.ROOT, "%.1f", s.secondsToTarget().mean());
            out.append(String.format(Locale.ROOT, row, i + 1, s.label(), OptimizerSpec.num(s.lr()), mean, spread, loss,
                    reached, secs, String.format(Locale.ROOT, "%.1f", s.seconds().mean())));
        }
        return out.toString();
    }

    /** One row per run and epoch, with what the run shares, so that slices can be checked when merged. */
    public static String csv(List<Result> results, Setup setup, int runs, int trainImages) {
        return RaceCsv.write(results, setup, runs, trainImages);
    }

    /**
     * Joins the CSVs of a race's slices (given as file name and text) into the results of the whole race,
     * checking that they come from one race and that every run is there exactly once. Messages number
     * runs from 1, as the progress lines do (the CSV's {@code run} column counts from 0). A CSV of a race from
     * before seeds and targets (one seed, no target columns) is read as a race of one seed without a target.
     *
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static Merged merge(Map<String, String> files) {
        return RaceCsv.merge(files);
    }

    /** A merged race: its results, what they shared, the plan's size and the training images used. */
    public record Merged(List<Result> results, Setup setup, int runs, int trainImages) {}
}
