package dev.jgrad.examples.learn;

import dev.jgrad.examples.data.Dataset;
import dev.jgrad.examples.data.MnistData;
import dev.jgrad.examples.mnist.EpochMetrics;
import dev.jgrad.examples.mnist.ModelSpec;
import dev.jgrad.examples.mnist.OptimizerSpec;
import dev.jgrad.examples.mnist.ScheduleSpec;
import dev.jgrad.examples.mnist.TrainConfig;
import dev.jgrad.examples.mnist.Trainer;
import dev.jgrad.examples.mnist.TrainingListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            if (hidden < 1) throw new IllegalArgumentException("hidden width must be >= 1, got " + hidden);
            if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
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
            for (Cell c : cells) {
                if (c.kind().equals(kind) && c.lr() == lr && c.wd() == wd) return c;
            }
            throw new IllegalArgumentException("no cell " + kind + " lr=" + lr + " wd=" + wd);
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
                for (double wd : grid.wds()) best = Math.min(best, cell(kind, lr, wd).testError());
                List<Double> ties = new ArrayList<>();
                for (double wd : grid.wds()) {
                    if (cell(kind, lr, wd).testError() == best) ties.add(wd);
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
        Objects.requireNonNull(data, "data");
        if (jobs < 1) throw new IllegalArgumentException("jobs must be >= 1, got " + jobs);
        MnistData used = limit(data, setup.limit());
        record Job(OptimizerSpec spec, double wd) {}
        List<Job> work = new ArrayList<>();
        for (String kind : KINDS) {
            for (double lr : grid.lrs()) {
                for (double wd : grid.wds()) {
                    // Without a schedule the paper's step θ ← θ − λθ is PyTorch's θ ← θ − γλθ with λ/γ in
                    // place of λ (WeightDecay.DECOUPLED_SCHEDULE_ONLY with η_t = 1), so the trainer's
                    // PyTorch-style AdamW runs the paper's variant when given λ/γ.
                    double lambda = kind.equals("AdamW") && setup.paperDecay() ? wd / lr : wd;
                    work.add(new Job(OptimizerSpec.of(kind).withLr(lr).withWeightDecay(lambda), wd));
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, work.size()), r -> {
            Thread t = new Thread(r, "wd-sweep");
            t.setDaemon(true); // an interrupted sweep must not keep the JVM alive
            return t;
        });
        Object lock = new Object(); // one report at a time, so listeners need not be thread-safe
        try {
            List<Future<Cell>> futures = new ArrayList<>();
            for (Job job : work) {
                futures.add(pool.submit(() -> {
                    Cell c = train(used, setup, job.spec(), job.wd());
                    synchronized (lock) {
                        done.accept(c);
                    }
                    return c;
                }));
            }
            List<Cell> cells = new ArrayList<>();
            for (Future<Cell> f : futures) cells.add(f.get());
            return new Result(grid, setup, used.train().count(), used.test().count(), cells);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Cell train(MnistData data, Setup setup, OptimizerSpec spec, double wd) {
        TrainConfig config = new TrainConfig(new ModelSpec(ModelSpec.Kind.MLP, data.train().pixels(), setup.hidden(), 10),
                spec, ScheduleSpec.none(), setup.epochs(), setup.batchSize(), setup.seed());
        long start = System.nanoTime();
        Trainer trainer = new Trainer(data, config);
        List<EpochMetrics> history = trainer.train(TrainingListener.NONE);
        EpochMetrics last = history.get(history.size() - 1);
        return new Cell(spec.name(), spec.lr(), wd, 100 - last.testAccuracy(), last.testLoss(),
                last.trainLoss(), (System.nanoTime() - start) / 1e9);
    }

    /** The first {@code limit} training images (the test split stays whole); {@code data} itself if 0 or no fewer. */
    static MnistData limit(MnistData data, int limit) {
        Dataset t = data.train();
        if (limit == 0 || limit >= t.count()) return data;
        int px = t.pixels();
        Dataset cut = new Dataset(Arrays.copyOf(t.images(), limit * px), Arrays.copyOf(t.labels(), limit), limit,
                t.rows(), t.cols());
        return new MnistData(cut, data.test(), data.description() + ", first " + limit + " training images");
    }

    /** One row per cell: optimizer, lr, weight decay, then the measurements. */
    public static String csv(Result r) {
        StringBuilder out = new StringBuilder(
                "optimizer,lr,weight_decay,epochs,train_images,test_images,test_error_percent,test_loss,train_loss,seconds\n");
        for (String kind : KINDS) {
            for (double lr : r.grid().lrs()) {
                for (double wd : r.grid().wds()) {
                    Cell c = r.cell(kind, lr, wd);
                    out.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.2f,%.6f,%.6f,%.1f%n", name(kind), lr, wd,
                            r.setup().epochs(), r.trainImages(), r.testImages(), c.testError(), c.testLoss(),
                            c.trainLoss(), c.seconds()));
                }
            }
        }
        return out.toString();
    }

    /** "Adam + L2" or "AdamW", as the pictures and the CSV name them. */
    static String name(String kind) {
        return kind.equals("Adam") ? "Adam+L2" : "AdamW";
    }
}
