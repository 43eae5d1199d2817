package dev.jgrad.cli.learn;

import dev.jgrad.learn.Cells;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.SweepPlot;
import dev.jgrad.learn.WdSweep;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code jgrad wd-sweep}: the learning rate × weight decay grid of Loshchilov &amp; Hutter's Figure 2,
 * small: the MNIST MLP trained with Adam + L2 and with AdamW in every cell, two heatmaps of the
 * final test error and a CSV.
 */
@Command(name = "wd-sweep", sortOptions = false, subcommands = WdSweepCommand.Merge.class,
        description = {"Learning rate × weight decay on MNIST, Adam + L2 against AdamW: two heatmaps of test error.",
            "Trains the MNIST MLP in every cell of the grid with Adam + L2 (coupled) and with AdamW (decoupled) and "
                + "draws the final test errors side by side (the AdamW paper's Figure 2, small), plus a CSV. The "
                + "default grid takes a few minutes on two cores."},
        footerHeading = "%nExample:%n",
        footer = {
            "  java -jar examples/target/jgrad.jar wd-sweep \\",
            "      --lrs 3e-4,1e-3,3e-3 --wds 0,1e-4,1e-3,1e-2 --out wd-sweep"})
public final class WdSweepCommand implements Callable<Integer> {
    static final int MAX_EPOCHS = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = "--lrs", split = ",", paramLabel = "γ", defaultValue = "3e-4,1e-3,3e-3",
            description = "Learning rates (default: ${DEFAULT-VALUE}).")
    List<Double> lrs;

    @Option(names = "--wds", split = ",", paramLabel = "λ", defaultValue = "0,1e-4,1e-3,1e-2",
            description = "Weight decays, the same list for both optimizers (default: ${DEFAULT-VALUE}).")
    List<Double> wds;

    @Option(names = "--decay", paramLabel = "paper|pytorch", defaultValue = "paper",
            description = "What AdamW's λ means: paper, θ ← θ − λθ per step whatever γ (Loshchilov & Hutter); "
                    + "pytorch, θ ← θ − γλθ (torch.optim.AdamW). Default: ${DEFAULT-VALUE}.")
    String decay;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "4", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "2000",
            description = "Train on the first N training images only; 0 for all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A directory with the four MNIST IDX files (default: the subset bundled in the jar).")
    Path data;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "" + ModelSpec.DEFAULT_HIDDEN,
            description = "Hidden width of the MLP (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Initial weights and data order, the same in every cell (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Cells trained at once (default: ${DEFAULT-VALUE}; results do not depend on it).")
    int jobs;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the compute kernels, as for mnist (sets the jgrad.threads system property). "
                    + "Default: the kernels' choice.")
    Integer threads;

    @Option(names = "--cell", paramLabel = "i/n",
            description = "Train slice i of n only (cells i, i + n, ... of the plan; 1 <= i <= n) and write its CSV; "
                    + "join the slices with 'jgrad wd-sweep merge'.")
    String cell;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "wd-sweep",
            description = "Directory for wd-sweep.png and wd-sweep.csv (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        WdSweep.Grid grid;
        try {
            new WdSweep.Grid(lrs, List.of(0.0)); // the rates alone, to name the option at fault
        } catch (IllegalArgumentException e) {
            throw usage("--lrs: " + e.getMessage());
        }
        try {
            grid = new WdSweep.Grid(lrs, wds);
        } catch (IllegalArgumentException e) {
            throw usage("--wds: " + e.getMessage());
        }
        boolean paper = switch (decay.trim().toLowerCase(Locale.ROOT)) {
            case "paper" -> true;
            case "pytorch" -> false;
            default -> throw usage("unknown --decay '" + decay + "' (valid: paper, pytorch)");
        };
        range("--epochs", epochs, 1, MAX_EPOCHS);
        range("--limit", limit, 0, Integer.MAX_VALUE);
        range("--batch-size", batchSize, 1, 1 << 20);
        range("--hidden", hidden, 1, 100_000);
        range("--jobs", jobs, 1, 256);
        if (threads != null) {
            range("--threads", threads, 1, dev.jgrad.kernel.KernelThreads.MAX_THREADS);
            System.setProperty("jgrad.threads", Integer.toString(threads)); // before anything computes
        }
        Cells.Slice slice;
        try {
            slice = cell == null ? Cells.Slice.ALL : Cells.Slice.parse(cell);
        } catch (IllegalArgumentException e) {
            throw usage("--cell: " + e.getMessage());
        }
        WdSweep.Setup setup = new WdSweep.Setup(epochs, batchSize, hidden, seed, limit, paper);
        Outputs.directory(out);

        PrintWriter w = spec.commandLine().getOut();
        MnistData d = data != null ? MnistSource.fromDirectory(data) : MnistSource.bundled();
        int used = limit == 0 ? d.train().count() : Math.min(limit, d.train().count());
        w.printf(Locale.ROOT, "Data: %s; training on %d images, testing on %d%n", d.description(), used, d.test().count());
        w.printf(Locale.ROOT, "Grid: γ ∈ %s × λ ∈ %s, Adam + L2 and AdamW (%s decay): %d runs of %d epoch%s%n",
                labels(grid.lrs()), labels(grid.wds()), paper ? "the paper's" : "PyTorch's", 2 * grid.size(), epochs,
                epochs == 1 ? "" : "s");
        w.flush();
        AtomicInteger doneCount = new AtomicInteger();
        long start = System.nanoTime();
        int mine = 0;
        for (int r = 0; r < 2 * grid.size(); r++) mine += slice.takes(r) ? 1 : 0;
        int total = mine;
        WorkProgress progress = new WorkProgress(spec.commandLine().getErr(), "wd-sweep", WorkProgress.steps(total,
                epochs, used, batchSize), "training steps");
        WdSweep.Result result = WdSweep.run(d, grid, setup, jobs, slice, progress.steps(), c -> {
            w.printf(Locale.ROOT, "[%2d/%d] %-7s γ %-6s λ %-6s test error %5.2f%%  (%.1f s)%n", doneCount.incrementAndGet(),
                    total, WdSweep.name(c.kind()), SweepPlot.label(c.lr()), SweepPlot.label(c.wd()),
                    c.testError(), c.seconds());
            w.flush();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!slice.equals(Cells.Slice.ALL)) {
            Path csv = out.resolve("wd-sweep-cell-" + slice.index() + "-of-" + slice.count() + ".csv");
            Outputs.writeText(csv, WdSweep.csv(result));
            w.printf(Locale.ROOT, "wrote %s (%.0f s); join the cells with: jgrad wd-sweep merge --out %s %s%n", csv, seconds,
                    out, out.resolve("wd-sweep-cell-*.csv"));
            w.flush();
            return 0;
        }
        report(w, out, result);
        w.printf(Locale.ROOT, "(%.0f s)%n", seconds);
        w.flush();
        return 0;
    }

    /** Writes wd-sweep.csv and wd-sweep.png into {@code out} and prints each optimizer's best cells. */
    static void report(PrintWriter w, Path out, WdSweep.Result result) {
        WdSweep.Grid grid = result.grid();
        Path png = out.resolve("wd-sweep.png"), csv = out.resolve("wd-sweep.csv");
        Outputs.writeText(csv, WdSweep.csv(result));
        Outputs.writePng(png, SweepPlot.render(result));
        for (String kind : WdSweep.KINDS) {
            WdSweep.Cell best = result.best(kind);
            StringBuilder perLr = new StringBuilder();
            for (List<Double> ties : result.bestWdsPerLr(kind)) {
                perLr.append(perLr.length() == 0 ? "" : ", ").append(labels(ties).replaceAll("[{}]", "").replace(", ", " = "));
            }
            w.printf(Locale.ROOT, "%-7s lowest error %.2f%% at γ %s, λ %s; best λ for each γ in %s: {%s}%n",
                    WdSweep.name(kind), best.testError(), SweepPlot.label(best.lr()), SweepPlot.label(best.wd()),
                    labels(grid.lrs()), perLr);
        }
        w.printf(Locale.ROOT, "wrote %s and %s%n", png, csv);
    }

    private static String labels(List<Double> values) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) s.append(i > 0 ? ", " : "").append(SweepPlot.label(values.get(i)));
        return s.append('}').toString();
    }

    private void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw usage(option + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code jgrad wd-sweep merge}: joins the CSVs of a sweep's cells, then writes the picture, the CSV and the summary. */
    @Command(name = "merge", description = {"Join the CSVs that 'jgrad wd-sweep --cell i/n' wrote into one sweep.",
        "Checks that the files come from one sweep and that every cell of the grid is there exactly once, then writes "
            + "wd-sweep.png and wd-sweep.csv into --out and prints each optimizer's best cells."},
        footerHeading = "%nExample:%n",
        footer = {
            "  java -jar examples/target/jgrad.jar wd-sweep merge \\",
            "      --out wd-sweep wd-sweep/wd-sweep-cell-*.csv"})
    static final class Merge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(paramLabel = "CSV", arity = "1..*", description = "The cells' CSV files.")
        List<Path> files;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "wd-sweep",
                description = "Directory for wd-sweep.png and wd-sweep.csv (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() {
            java.util.Map<String, String> texts = Cells.readAll(files);
            WdSweep.Result result;
            try {
                result = WdSweep.merge(texts);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            Outputs.directory(out);
            PrintWriter w = spec.commandLine().getOut();
            report(w, out, result);
            w.flush();
            return 0;
        }
    }
}
