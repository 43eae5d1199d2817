package dev.jgrad.cli.learn;

import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.SharedOptions.OutDir;
import dev.jgrad.cli.options.SweepOptions;
import dev.jgrad.learn.Cells;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.Race;
import dev.jgrad.learn.RacePlot;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.train.OptimizerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code jgrad race}: every optimizer of the shelf trains the MNIST MLP from the same starts (one per seed); one
 * picture, one CSV and a ranked table. {@code --cell i/n} trains a slice only (for job arrays), {@code race merge}
 * joins slices.
 */
@Command(name = "race", subcommands = RaceCommand.Merge.class,
        description = {"Every optimizer of the shelf on MNIST, from the same initial weights and batch order.",
            "Trains the MNIST MLP once per optimizer and seed (SGD, momentum, Adam, AdamW, NAdam, RAdam, Adamax, Adagrad, "
                + "Adadelta, RMSprop, Rprop, ASGD, Lion, LAMB, Adafactor, Muon + AdamW, the Schedule-Free pair, Prodigy, "
                + "SOAP, AdEMAMix, Adan, SophiaG) at its default learning rate, or with "
                + "--tune at the best of five, and writes race.png (test accuracy and training loss per epoch: the mean "
                + "over the seeds, with a band from the lowest to the highest), race.csv and a table ranked by the mean "
                + "final test accuracy, with its spread and the steps and seconds to --target. With --cell i/n only every "
                + "n-th run is trained and only the CSV is written; "
                + "'race merge' joins the slices' CSVs and draws the picture."},
        footer = {
            "  java -jar examples/target/jgrad.jar race --epochs 5 --seeds 3 --out race"})
public final class RaceCommand extends CliCommand {
    @Option(names = "--tune", description = "Train each optimizer at 0.1, 0.3, 1, 3 and 10 times its rate and keep "
            + "the rate with the lowest mean final training loss over the seeds (five times the work).")
    boolean tune;

    @Option(names = "--optimizers", split = ",", paramLabel = "NAME",
            description = "Only these racers, by optimizer name (e.g. adam,lion,muon); default: the whole field.")
    List<String> only;

    @Mixin SweepOptions sweep = new SweepOptions(5, 0);

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Runs per optimizer, from seeds S, S + 1, ..., S + N - 1 (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--target", paramLabel = "A", defaultValue = "0.9",
            description = "Test accuracy to time, as a fraction: the table gives the steps and seconds each optimizer "
                    + "took to reach it (default: ${DEFAULT-VALUE}).")
    double target;

    @Mixin OutDir output = new OutDir("race");

    @Override
    public Integer call() {
        SweepOptions.Plan control = sweep.check();
        range("--seeds", seeds, 1, 1000);
        if (!(target > 0 && target <= 1)) {
            throw usage("--target is a fraction of the test images between 0 and 1 (e.g. 0.9 for 90%), got "
                    + OptimizerSpec.num(target));
        }
        Cells.Slice slice = control.slice();
        int epochs = control.epochs();
        List<Race.Racer> field = field();
        Race.Setup setup = new Race.Setup(epochs, control.batchSize(), control.hidden(), control.seed(), seeds,
                control.limit(), tune, target);
        List<Race.Run> plan = Race.plan(field, setup);
        Path out = Outputs.directory(output.value());
        PrintWriter w = out();
        MnistData d = sweep.load();
        int used = control.used(d);
        long mine = plan.stream().filter(r -> slice.takes(r.index())).count();
        w.printf(Locale.ROOT, "Data: %s; training on %d images, testing on %d%n", d.description(), used, d.test().count());
        long s = control.seed();
        w.printf(Locale.ROOT, "Race: %d optimizers%s, %d epoch%s each, %s: %d runs%s%n", field.size(),
                tune ? " × 5 learning rates" : " at their default learning rates", epochs, epochs == 1 ? "" : "s",
                seeds == 1 ? "seed " + s : "seeds " + s + " to " + (s + seeds - 1), plan.size(),
                slice.equals(Cells.Slice.ALL) ? "" : "; cell " + slice + " trains " + mine + " of them");
        w.flush();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        WorkProgress progress = new WorkProgress(err(), "race", WorkProgress.steps(mine, epochs,
                used, control.batchSize()), "training steps");
        List<Race.Result> results = Race.run(d, setup, plan, slice, control.jobs(), progress.steps(), r -> {
            w.printf(Locale.ROOT, "[%2d/%d] %-18s lr %-7s seed %-3d %s  (%.1f s)%n", done.incrementAndGet(), mine,
                    r.label(), OptimizerSpec.num(r.lr()), r.seed(), r.diverged() ? "diverged"
                            : String.format(Locale.ROOT, "test accuracy %.2f%%", r.last().testAccuracy()), r.seconds());
            w.flush();
        });
        String csvText = Race.csv(results, setup, plan.size(), used);
        if (!slice.equals(Cells.Slice.ALL)) {
            return CellMerge.writeCell(w, "race", out, slice, csvText, (System.nanoTime() - start) / 1e9);
        }
        finish(w, out, csvText, results, setup, used);
        w.printf(Locale.ROOT, "(%.0f s)%n", (System.nanoTime() - start) / 1e9);
        w.flush();
        return 0;
    }

    /** Writes race.csv and race.png into {@code out} and prints the ranking. */
    static void finish(PrintWriter w, Path out, String csvText, List<Race.Result> results, Race.Setup setup,
                       int trainImages) {
        List<Race.Standing> ranked = Race.ranking(results);
        Path png = out.resolve("race.png"), csv = out.resolve("race.csv");
        Outputs.writeText(csv, csvText);
        String title = "MNIST MLP, " + trainImages + " training images";
        Outputs.writePng(png, RacePlot.render(ranked, title));
        w.print(Race.table(ranked, setup.target()));
        if (setup.seeds() > 1) {
            w.printf(Locale.ROOT, "Ranked by the mean final test accuracy over %d seeds (min–max beside it); steps and "
                    + "seconds to the target are means over the seeds that reached it (how many did in brackets).%n",
                    setup.seeds());
        }
        w.printf(Locale.ROOT, "wrote %s and %s%n", png, csv);
    }

    private List<Race.Racer> field() {
        List<Race.Racer> all = Race.field();
        if (only == null) {
            return all;
        }
        List<Race.Racer> out = new ArrayList<>();
        for (String name : only) {
            String n = name.trim();
            List<Race.Racer> match = all.stream().filter(r -> r.spec().name().equalsIgnoreCase(n)).toList();
            if (match.isEmpty()) {
                if (n.equalsIgnoreCase("lbfgs")) {
                    throw usage("--optimizers: " + OptimizerSpec.of("LBFGS").closureRefusal("the race's mini-batch "
                            + "training (one gradient per batch)"));
                }
                throw usage("--optimizers: no racer '" + n + "' (the field: " + String.join(", ",
                        all.stream().map(r -> r.spec().name().toLowerCase(Locale.ROOT)).distinct().toList()) + ")");
            }
            match.forEach(r -> {
                if (!out.contains(r)) {
                    out.add(r);
                }
            });
        }
        return out;
    }

    /** {@code jgrad race merge}: joins the CSVs of a race's cells, then writes the picture, the CSV and the table. */
    @Command(name = "merge", description = {"Join the CSVs that 'race --cell i/n' wrote into one race.",
        "Checks that the files come from one race and that every run is there exactly once, then writes race.png and "
            + "race.csv into --out and prints the ranked table."},
        footer = {
            "  java -jar examples/target/jgrad.jar race merge \\",
            "      --out race race/race-cell-*.csv"})
    static final class Merge extends CellMerge<Race.Merged> {
        Merge() {
            super("race");
        }

        @Override
        Race.Merged join(Map<String, String> texts) {
            return Race.merge(texts);
        }

        @Override
        void finish(PrintWriter w, Path dir, Race.Merged merged) {
            String csv = Race.csv(merged.results(), merged.setup(), merged.runs(), merged.trainImages());
            RaceCommand.finish(w, dir, csv, merged.results(), merged.setup(), merged.trainImages());
        }
    }
}
