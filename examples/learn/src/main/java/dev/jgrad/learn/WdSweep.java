package dev.jgrad.learn;

import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.train.EpochMetrics;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.ScheduleSpec;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The experiment behind Figure 2 of Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization"
 * (ICLR 2019), at the scale of a laptop: train the MNIST MLP once per (learning rate, weight decay)
 * pair with Adam + L2 (coupled) and once with AdamW (decoupled), and record the final test error.
 * The paper found that with decoupling the best weight decay depends far less on the learning rate.
 *
 * <p>Every run starts from the same initial weights and sees the images in the same order (one
 * seed), so the grid differs in the two hyper-parameters only. Runs are independent, so they can
 * be trained {@code jobs} at a time; each run is deterministic, so the result does not depend on how
 * many.
 */
public final class WdSweep {
    private WdSweep() {}

    /** Upper bound on each axis of the grid, to keep a mistyped list from starting a day-long run. */
    public static final int MAX_AXIS = 12;

    /**
     * The grid: every learning rate with every weight decay.
     *
     * @param lrs learning rates, each finite and &gt; 0, distinct
     * @param wds weight decays λ, each finite and &ge; 0, distinct
     */
    public record Grid(List<Double> lrs, List<Double> wds) {
        public Grid {
            lrs = check("learning rates", lrs, false);
            wds = check("weight decays", wds, true);
        }

        private static List<Double> check(String what, List<Double> values, boolean zeroAllowed) {
            if (values.isEmpty() || values.size() > MAX_AXIS) {
                throw new IllegalArgumentException("give 1 to " + MAX_AXIS + " " + what + ", got " + values.size());
            }
            for (double v : values) {
                if (!Double.isFinite(v) || v < 0 || (v == 0 && !zeroAllowed)) {
                    throw new IllegalArgumentException(what + " must be finite and " + (zeroAllowed ? ">= 0" : "> 0")
                            + ", got " + v);
                }
            }
            if (values.stream().distinct().count() != values.size()) {
                throw new IllegalArgumentException(what + " must be distinct, got " + values);
            }
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(Comparator.naturalOrder());
            return Collections.unmodifiableList(sorted);
        }

        public int size() {
            return lrs.size() * wds.size();
        }
    }

    /**
     * What stays fixed across the grid.
     *
     * @param epochs    epochs per run
     * @param batchSize images per step
     * @param hidden    width of the MLP's hidden layer
     * @param seed      initial weights and data order, the same for every run
     * @param limit     use only the first {@code limit} training images (0: all)
     * @param paperDecay AdamW's λ as in the paper, θ ← θ − λθ per step whatever the learning rate (true),
     *                  or as in PyTorch, θ ← θ − γλθ (false); Adam + L2 is the same either way
     */
    public record Setup(int epochs, int batchSize, int hidden, long seed, int limit, boolean paperDecay) {
        public Setup {
            Checks.atLeast(1, "epochs", epochs);
            Checks.atLeast(1, "batch size", batchSize);
            Checks.atLeast(1, "hidden width", hidden);
            Checks.atLeast(0, "limit", limit);
        }
    }

    /** One trained run: its final test error (percent), test and train loss, and wall time. */
    public record Cell(String kind, double lr, double wd, double testError, double testLoss,
                       double trainLoss, double seconds) {}

    /** Every cell of both optimizers; {@link #cell} looks one up. */
    public record Result(Grid grid, Setup setup, int trainImages, int testImages, List<Cell> cells) {
        public Result {
            cells = List.copyOf(cells);
        }

        public Cell cell(String kind, double lr, double wd) {
            Cell c = find(kind, lr, wd);
            if (c == null) {
                throw new IllegalArgumentException("no cell " + kind + " lr=" + lr + " wd=" + wd);
            }
            return c;
        }

        /** The cell, or null if this (slice of a) sweep did not train it. */
        Cell find(String kind, double lr, double wd) {
            for (Cell c : cells) {
                if (c.kind().equals(kind) && c.lr() == lr && c.wd() == wd) {
                    return c;
                }
            }
            return null;
        }

        /** The cell with the lowest test error of {@code kind} (the first in grid order on ties). */
        public Cell best(String kind) {
            return cells.stream().filter(c -> c.kind().equals(kind)).min(Comparator.comparingDouble(Cell::testError))
                    .orElseThrow();
        }

        /**
         * For each learning rate, in order, the weight decays with the lowest test error of {@code kind}
         * (several when they tie, which is common: the error is a count of test images).
         */
        public List<List<Double>> bestWdsPerLr(String kind) {
            List<List<Double>> out = new ArrayList<>();
            for (double lr : grid.lrs()) {
                double best = Double.POSITIVE_INFINITY;
                for (double wd : grid.wds()) {
                    best = Math.min(best, cell(kind, lr, wd).testError());
                }
                List<Double> ties = new ArrayList<>();
                for (double wd : grid.wds()) {
                    if (cell(kind, lr, wd).testError() == best) {
                        ties.add(wd);
                    }
                }
                out.add(List.copyOf(ties));
            }
            return out;
        }
    }

    /** The two optimizers compared, in the order of the pictures: coupled first, as in the paper. */
    public static final List<String> KINDS = List.of("Adam", "AdamW");

    /**
     * Trains every cell of the grid with both optimizers.
     *
     * @param done hears each cell as it finishes (from the worker threads, one at a time)
     */
    public static Result run(MnistData data, Grid grid, Setup setup, int jobs, Consumer<Cell> done) {
        return run(data, grid, setup, jobs, Cells.Slice.ALL, done);
    }

    /**
     * Trains the cells of the grid that {@code slice} takes (cell r of the plan, numbered Adam + L2 first, then
     * by learning rate and weight decay, as in the CSV); the result holds only those.
     */
    public static Result run(MnistData data, Grid grid, Setup setup, int jobs, Cells.Slice slice, Consumer<Cell> done) {
        return run(data, grid, setup, jobs, slice, TrainingListener.NONE, done);
    }

    /** {@link #run(MnistData, Grid, Setup, int, Cells.Slice, Consumer)}; {@code steps} hears every cell's steps. */
    public static Result run(MnistData data, Grid grid, Setup setup, int jobs, Cells.Slice slice, TrainingListener steps,
                      Consumer<Cell> done) {
        Objects.requireNonNull(data, "data");
        MnistData used = limit(data, setup.limit());
        record Job(OptimizerSpec spec, double wd) {}
        List<Job> work = new ArrayList<>();
        int index = 0;
        for (String kind : KINDS) {
            for (double lr : grid.lrs()) {
                for (double wd : grid.wds()) {
                    // Without a schedule the paper's step θ ← θ − λθ is PyTorch's θ ← θ − γλθ with λ/γ in
                    // place of λ (WeightDecay.DECOUPLED_SCHEDULE_ONLY with η_t = 1), so the trainer's
                    // PyTorch-style AdamW runs the paper's variant when given λ/γ.
                    double lambda = kind.equals("AdamW") && setup.paperDecay() ? wd / lr : wd;
                    if (slice.takes(index++)) {
                        work.add(new Job(OptimizerSpec.of(kind).withLr(lr).withWeightDecay(lambda), wd));
                    }
                }
            }
        }
        List<Cell> cells = Cells.train(work, jobs, "wd-sweep", job -> train(used, setup, job.spec(), job.wd(), steps),
                done);
        return new Result(grid, setup, used.train().count(), used.test().count(), cells);
    }

    private static Cell train(MnistData data, Setup setup, OptimizerSpec spec, double wd, TrainingListener steps) {
        TrainConfig config = new TrainConfig(new ModelSpec(ModelSpec.Kind.MLP, data.train().pixels(), setup.hidden(), 10),
                spec, ScheduleSpec.none(), setup.epochs(), setup.batchSize(), setup.seed());
        long start = System.nanoTime();
        Trainer trainer = new Trainer(data, config);
        List<EpochMetrics> history = trainer.train(steps);
        EpochMetrics last = history.get(history.size() - 1);
        return new Cell(spec.name(), spec.lr(), wd, 100 - last.testAccuracy(), last.testLoss(),
                last.trainLoss(), (System.nanoTime() - start) / 1e9);
    }

    /** The first {@code limit} training images (the test split stays whole); {@code data} itself if 0 or no fewer. */
    static MnistData limit(MnistData data, int limit) {
        Dataset t = data.train();
        if (limit == 0 || limit >= t.count()) {
            return data;
        }
        int px = t.pixels();
        Dataset cut = new Dataset(Arrays.copyOf(t.images(), limit * px), Arrays.copyOf(t.labels(), limit), limit,
                t.rows(), t.cols());
        return new MnistData(cut, data.test(), data.description() + ", first " + limit + " training images");
    }

    /** The CSV's header; {@link #merge} reads the same columns back. */
    static final String HEADER = "optimizer,lr,weight_decay,epochs,train_images,test_images,test_error_percent,test_loss,"
            + "train_loss,seconds,run,runs,batch_size,hidden,seed,decay";

    /**
     * One row per trained cell: optimizer, lr, weight decay, the measurements, then the cell's number in the plan
     * and what every cell shares, so that the CSVs of {@code --cell} slices can be checked and joined.
     */
    public static String csv(Result r) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        int index = 0, runs = 2 * r.grid().size();
        Setup s = r.setup();
        for (String kind : KINDS) {
            for (double lr : r.grid().lrs()) {
                for (double wd : r.grid().wds()) {
                    Cell c = r.find(kind, lr, wd);
                    int run = index++;
                    if (c == null) {
                        continue;
                    }
                    out.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.2f,%.6f,%.6f,%.1f,%d,%d,%d,%d,%d,%s%n",
                            name(kind), lr, wd, s.epochs(), r.trainImages(), r.testImages(), c.testError(), c.testLoss(),
                            c.trainLoss(), c.seconds(), run, runs, s.batchSize(), s.hidden(), s.seed(),
                            s.paperDecay() ? "paper" : "pytorch"));
                }
            }
        }
        return out.toString();
    }

    /**
     * Joins the CSVs of a sweep's slices (file name to text) into the whole sweep, checking that they come from one
     * sweep and that every cell of the grid is there exactly once.
     *
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static Result merge(Map<String, String> files) {
        List<Cell> cells = new ArrayList<>();
        Map<Integer, String> from = new LinkedHashMap<>();
        String[] shared = null;
        String sharedFile = null;
        TreeSet<Double> lrs = new TreeSet<>(), wds = new TreeSet<>();
        for (var f : files.entrySet()) {
            for (String[] row : Cells.read(f.getKey(), f.getValue(), HEADER)) {
                String[] same = {row[3], row[4], row[5], row[11], row[12], row[13], row[14], row[15]};
                if (shared == null) {
                    shared = same;
                    sharedFile = f.getKey();
                } else if (!Arrays.equals(shared, same)) {
                    throw new IllegalArgumentException(f.getKey() + ": not the sweep of " + sharedFile + " (epochs, images, "
                            + "runs, batch_size, hidden, seed, decay: " + String.join(",", same) + " vs "
                            + String.join(",", shared) + ")");
                }
                int run = Cells.integer(f.getKey(), row[10], "run");
                String prior = from.put(run, f.getKey());
                if (prior != null) {
                    throw new IllegalArgumentException(f.getKey() + ": cell " + (run + 1) + " is in " + prior + " too");
                }
                String kind = row[0].equals(name("Adam")) ? "Adam" : row[0].equals(name("AdamW")) ? "AdamW" : null;
                if (kind == null) {
                    throw new IllegalArgumentException(f.getKey() + ": unknown optimizer '" + row[0] + "'");
                }
                double lr = Cells.number(f.getKey(), row[1]), wd = Cells.number(f.getKey(), row[2]);
                lrs.add(lr);
                wds.add(wd);
                cells.add(new Cell(kind, lr, wd, Cells.number(f.getKey(), row[6]), Cells.number(f.getKey(), row[7]),
                        Cells.number(f.getKey(), row[8]), Cells.number(f.getKey(), row[9])));
            }
        }
        if (shared == null) {
            throw new IllegalArgumentException("no rows in " + String.join(", ", files.keySet()));
        }
        int runs = Cells.integer(sharedFile, shared[3], "runs");
        for (int run = 0; run < runs; run++) {
            if (!from.containsKey(run)) {
                throw new IllegalArgumentException("cell " + (run + 1) + " of " + runs + " is in none of the files: a slice is missing");
            }
        }
        Grid grid = new Grid(List.copyOf(lrs), List.copyOf(wds));
        if (2 * grid.size() != runs || from.size() != runs) {
            throw new IllegalArgumentException("the files' " + from.size() + " cells do not form the " + runs + "-cell grid");
        }
        Setup setup = new Setup(Cells.integer(sharedFile, shared[0], "epochs"), Cells.integer(sharedFile, shared[4],
                "batch_size"), Cells.integer(sharedFile, shared[5], "hidden"), Long.parseLong(shared[6].trim()), 0,
                shared[7].trim().equals("paper"));
        return new Result(grid, setup, Cells.integer(sharedFile, shared[1], "train_images"),
                Cells.integer(sharedFile, shared[2], "test_images"), cells);
    }

    /** "Adam + L2" or "AdamW", as the pictures and the CSV name them. */
    public static String name(String kind) {
        return kind.equals("Adam") ? "Adam+L2" : "AdamW";
    }
}
