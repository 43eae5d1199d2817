package dev.jgrad.cli.learn;

import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.SharedOptions.OutDir;
import dev.jgrad.cli.options.SharedOptions.Threads;
import dev.jgrad.cli.options.SweepOptions;
import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.learn.Cells;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.SweepPlot;
import dev.jgrad.learn.WdSweep;
import dev.jgrad.learn.data.MnistData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code jgrad wd-sweep}: the learning rate × weight decay grid of Loshchilov &amp; Hutter's Figure 2,
 * small: the MNIST MLP trained with Adam + L2 and with AdamW in every cell, two heatmaps of the
 * final test error and a CSV.
 */
@Command(name = "wd-sweep", subcommands = WdSweepCommand.Merge.class,
        description = {"Learning rate × weight decay on MNIST, Adam + L2 against AdamW: two heatmaps of test error.",
            "Trains the MNIST MLP in every cell of the grid with Adam + L2 (coupled) and with AdamW (decoupled) and "
                + "draws the final test errors side by side (the AdamW paper's Figure 2, small), plus a CSV. The "
                + "default grid takes a few minutes on two cores."},
        footer = {
            "  java -jar examples/target/jgrad.jar wd-sweep \\",
            "      --lrs 3e-4,1e-3,3e-3 --wds 0,1e-4,1e-3,1e-2 --out wd-sweep"})
public final class WdSweepCommand extends CliCommand {
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

    @Mixin SweepOptions sweep = new SweepOptions(4, 2000);
    @Mixin Threads threads = new Threads();
    @Mixin OutDir output = new OutDir("wd-sweep");

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
        SweepOptions.Plan control = sweep.check();
        if (threads.value() != null) {
            range("--threads", threads.value(), 1, KernelThreads.MAX_THREADS);
        }
        threads.apply(); // before anything computes
        Cells.Slice slice = control.slice();
        int epochs = control.epochs();
        WdSweep.Setup setup = new WdSweep.Setup(epochs, control.batchSize(), control.hidden(), control.seed(),
                control.limit(), paper);
        Path out = Outputs.directory(output.value());
        PrintWriter w = out();
        MnistData d = sweep.load();
        int used = control.used(d);
        w.printf(Locale.ROOT, "Data: %s; training on %d images, testing on %d%n", d.description(), used, d.test().count());
        w.printf(Locale.ROOT, "Grid: γ ∈ %s × λ ∈ %s, Adam + L2 and AdamW (%s decay): %d runs of %d epoch%s%n",
                labels(grid.lrs()), labels(grid.wds()), paper ? "the paper's" : "PyTorch's", 2 * grid.size(), epochs,
                epochs == 1 ? "" : "s");
        w.flush();
        AtomicInteger doneCount = new AtomicInteger();
        long start = System.nanoTime();
        int mine = 0;
        for (int r = 0; r < 2 * grid.size(); r++) {
            mine += slice.takes(r) ? 1 : 0;
        }
        int total = mine;
        WorkProgress progress = new WorkProgress(err(), "wd-sweep", WorkProgress.steps(total,
                epochs, used, control.batchSize()), "training steps");
        WdSweep.Result result = WdSweep.run(d, grid, setup, control.jobs(), slice, progress.steps(), c -> {
            w.printf(Locale.ROOT, "[%2d/%d] %-7s γ %-6s λ %-6s test error %5.2f%%  (%.1f s)%n", doneCount.incrementAndGet(),
                    total, WdSweep.name(c.kind()), SweepPlot.label(c.lr()), SweepPlot.label(c.wd()),
                    c.testError(), c.seconds());
            w.flush();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!slice.equals(Cells.Slice.ALL)) {
            return CellMerge.writeCell(w, "wd-sweep", out, slice, WdSweep.csv(result), seconds);
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
        for (int i = 0; i < values.size(); i++) {
            s.append(i > 0 ? ", " : "").append(SweepPlot.label(values.get(i)));
        }
        return s.append('}').toString();
    }

    /** {@code jgrad wd-sweep merge}: joins the CSVs of a sweep's cells, then writes the picture, the CSV and the summary. */
    @Command(name = "merge", description = {"Join the CSVs that 'wd-sweep --cell i/n' wrote into one sweep.",
        "Checks that the files come from one sweep and that every cell of the grid is there exactly once, then writes "
            + "wd-sweep.png and wd-sweep.csv into --out and prints each optimizer's best cells."},
        footer = {
            "  java -jar examples/target/jgrad.jar wd-sweep merge \\",
            "      --out wd-sweep wd-sweep/wd-sweep-cell-*.csv"})
    static final class Merge extends CellMerge<WdSweep.Result> {
        Merge() {
            super("wd-sweep");
        }

        @Override
        WdSweep.Result join(Map<String, String> texts) {
            return WdSweep.merge(texts);
        }

        @Override
        void finish(PrintWriter w, Path dir, WdSweep.Result result) {
            report(w, dir, result);
        }
    }
}
