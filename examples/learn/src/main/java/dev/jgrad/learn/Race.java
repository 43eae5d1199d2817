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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A race on MNIST: the MLP trained once per optimizer of the shelf, from the same initial weights and with
 * the images in the same order (one seed), so the runs differ in the optimizer alone. Each runs at a
 * documented learning rate ({@link #field()}); with {@code tune}, at each of {@link #TUNE_FACTORS} times it,
 * and the run with the lowest final training loss represents the optimizer (the test split is not used to
 * choose).
 *
 * <p>The runs of a race are numbered in plan order; a {@link Cells.Slice} takes every n-th, so a job array
 * can train them on many machines, and {@link #merge} joins the CSVs the slices write. Every run is
 * deterministic, so a merged race equals one run in one process.
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
     * @param seed      initial weights and batch order
     * @param limit     train on the first {@code limit} images only (0: all)
     * @param tune      each racer at every factor of {@link #TUNE_FACTORS}, or at its rate only
     */
    public record Setup(int epochs, int batchSize, int hidden, long seed, int limit, boolean tune) {
        public Setup {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            if (hidden < 1) throw new IllegalArgumentException("hidden width must be >= 1, got " + hidden);
            if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
    }

    /** Run {@code index} of the plan: a racer at learning rate {@code lr}. */
    public record Run(int index, Racer racer, double lr) {}

    /** The runs, in order: every racer, and with {@code tune} every factor of its rate. */
    public static List<Run> plan(List<Racer> field, boolean tune) {
        List<Run> out = new ArrayList<>();
        for (Racer r : field) {
            for (double f : tune ? TUNE_FACTORS : List.of(1.0)) {
                out.add(new Run(out.size(), r, f * r.spec().lr()));
            }
        }
        return List.copyOf(out);
    }

    /** One epoch of one run; NaN losses and accuracies after a run diverged. */
    public record Epoch(int epoch, double trainLoss, double testAccuracy, double seconds) {}

    /** A finished run. */
    public record Result(int run, String label, double lr, List<Epoch> epochs) {
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
                spec, ScheduleSpec.none(), setup.epochs(), setup.batchSize(), setup.seed());
        Trainer trainer = new Trainer(data, config);
        List<Epoch> epochs = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int e = 0; e < setup.epochs(); e++) {
                EpochMetrics m = trainer.trainEpoch(steps);
                long now = System.nanoTime();
                epochs.add(new Epoch(m.epoch(), m.trainLoss(), m.testAccuracy(), (now - start) / 1e9));
                start = now;
            }
        } catch (TrainingDivergedException diverged) {
            while (epochs.size() < setup.epochs()) epochs.add(new Epoch(epochs.size() + 1, Double.NaN, Double.NaN, 0));
        }
        return new Result(run.index(), run.racer().label(), run.lr(), epochs);
    }

    /**
     * Each racer's representative, best first: its only run, or with tuning the run with the lowest final
     * training loss; ranked by final test accuracy, then by final training loss; diverged runs last.
     */
    public static List<Result> ranking(List<Result> results) {
        Map<String, Result> best = new LinkedHashMap<>();
        Comparator<Result> byTrainLoss = Comparator.comparingDouble(r -> r.diverged() ? Double.POSITIVE_INFINITY
                : r.last().trainLoss());
        for (Result r : results) {
            best.merge(r.label(), r, (a, b) -> byTrainLoss.compare(b, a) < 0 ? b : a);
        }
        List<Result> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparing(Result::diverged)
                .thenComparing(Comparator.comparingDouble((Result r) -> r.last().testAccuracy()).reversed())
                .thenComparing(byTrainLoss));
        return out;
    }

    /** The ranked table printed at the end. */
    public static String table(List<Result> ranked) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%4s  %-18s  %8s  %9s  %10s  %7s%n", "rank",
                "optimizer", "lr", "test acc", "train loss", "seconds"));
        for (int i = 0; i < ranked.size(); i++) {
            Result r = ranked.get(i);
            String acc = r.diverged() ? "diverged" : String.format(Locale.ROOT, "%.2f%%", r.last().testAccuracy());
            String loss = r.diverged() ? "–" : String.format(Locale.ROOT, "%.4f", r.last().trainLoss());
            out.append(String.format(Locale.ROOT, "%4d  %-18s  %8s  %9s  %10s  %7.1f%n", i + 1, r.label(),
                    OptimizerSpec.num(r.lr()), acc, loss, r.seconds()));
        }
        return out.toString();
    }

    /** The header of a race CSV; {@link #merge} reads the same columns back. */
    static final String HEADER = "run,runs,optimizer,lr,epoch,epochs,seed,batch_size,hidden,train_images,tune,"
            + "train_loss,test_accuracy,seconds";

    /** One row per run and epoch, with what the run shares, so that slices can be checked when merged. */
    public static String csv(List<Result> results, Setup setup, int runs, int trainImages) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Result r : results.stream().sorted(Comparator.comparingInt(Result::run)).toList()) {
            for (Epoch e : r.epochs()) {
                out.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%d,%d,%d,%d,%d,%d,%s,%s,%s,%.3f%n", r.run(), runs,
                        Cells.quote(r.label()), r.lr(), e.epoch(), setup.epochs(), setup.seed(), setup.batchSize(),
                        setup.hidden(), trainImages, setup.tune(), e.trainLoss(), e.testAccuracy(), e.seconds()));
            }
        }
        return out.toString();
    }

    /**
     * Joins the CSVs of a race's slices (given as file name and text) into the results of the whole race,
     * checking that they come from one race and that every run is there exactly once. Messages number
     * runs from 1, as the progress lines do (the CSV's {@code run} column counts from 0).
     *
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static Merged merge(Map<String, String> files) {
        Map<Integer, List<String[]>> rows = new java.util.TreeMap<>();
        Map<Integer, String> from = new LinkedHashMap<>();
        String[] shared = null;
        String sharedFile = null;
        int runs = -1;
        for (var f : files.entrySet()) {
            List<String[]> table = Cells.read(f.getKey(), f.getValue(), HEADER);
            for (String[] row : table) {
                String[] same = {row[1], row[5], row[6], row[7], row[8], row[9], row[10]};
                if (shared == null) {
                    shared = same;
                    sharedFile = f.getKey();
                    runs = Cells.integer(f.getKey(), row[1], "runs");
                } else if (!java.util.Arrays.equals(shared, same)) {
                    throw new IllegalArgumentException(f.getKey() + ": not the race of " + sharedFile + " (runs, epochs, "
                            + "seed, batch_size, hidden, train_images, tune: " + String.join(",", same) + " vs "
                            + String.join(",", shared) + ")");
                }
                int run = Cells.integer(f.getKey(), row[0], "run");
                String prior = from.putIfAbsent(run, f.getKey());
                if (prior != null && !prior.equals(f.getKey())) {
                    throw new IllegalArgumentException(f.getKey() + ": run " + (run + 1) + " is in " + prior + " too");
                }
                rows.computeIfAbsent(run, k -> new ArrayList<>()).add(row);
            }
        }
        if (shared == null) throw new IllegalArgumentException("no rows in " + String.join(", ", files.keySet()));
        int epochs = Cells.integer(sharedFile, shared[1], "epochs");
        List<Result> out = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            List<String[]> mine = rows.get(run);
            if (mine == null) {
                throw new IllegalArgumentException("run " + (run + 1) + " of " + runs + " is in none of the files: a slice "
                        + "is missing");
            }
            if (mine.size() != epochs) {
                throw new IllegalArgumentException(from.get(run) + ": run " + (run + 1) + " has " + mine.size()
                        + " epoch rows, the race has " + epochs);
            }
            List<Epoch> es = new ArrayList<>();
            for (String[] row : mine) {
                es.add(new Epoch(Cells.integer(from.get(run), row[4], "epoch"), Cells.number(from.get(run), row[11]),
                        Cells.number(from.get(run), row[12]), Cells.number(from.get(run), row[13])));
            }
            es.sort(Comparator.comparingInt(Epoch::epoch));
            out.add(new Result(run, mine.get(0)[2], Cells.number(from.get(run), mine.get(0)[3]), es));
        }
        if (rows.size() > runs) {
            throw new IllegalArgumentException("the files hold runs beyond the race's " + runs);
        }
        Setup setup = new Setup(epochs, Cells.integer(sharedFile, shared[3], "batch_size"),
                Cells.integer(sharedFile, shared[4], "hidden"), Long.parseLong(shared[2].trim()), 0,
                Boolean.parseBoolean(shared[6].trim()));
        return new Merged(out, setup, runs, Cells.integer(sharedFile, shared[5], "train_images"));
    }

    /** A merged race: its results, what they shared, the plan's size and the training images used. */
    public record Merged(List<Result> results, Setup setup, int runs, int trainImages) {}
}
