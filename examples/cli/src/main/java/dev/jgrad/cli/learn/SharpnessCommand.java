package dev.jgrad.cli.learn;

import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.SharedOptions.Hidden;
import dev.jgrad.cli.options.SharedOptions.Picture;
import dev.jgrad.cli.options.SharedOptions.Seed;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.Sharpness;
import dev.jgrad.learn.SharpnessPlot;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.OptimizerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code jgrad sharpness}: λ_max of the MNIST MLP's training loss during gradient descent at several rates, against 2/η. */
@Command(name = "sharpness",
        description = {"Track the sharpness (top Hessian eigenvalue, by power iteration on Hessian-vector products) of "
                + "the MNIST MLP's training loss while gradient descent trains it, at two or more learning rates, and "
                + "plot it against each rate's stability threshold 2/η (the 'edge of stability', Cohen et al. 2021).",
            "Full-batch: the first --samples images of the bundled subset are the whole training set."},
        footer = {
            "  java -jar examples/target/jgrad.jar sharpness \\",
            "      --lrs 0.1,0.4 --steps 600 --every 20 --out sharpness.png"})
public final class SharpnessCommand extends CliCommand {
    @Option(names = "--lrs", split = ",", paramLabel = "RATE", defaultValue = "0.2,0.5,1",
            description = "Learning rates, at least two (default: ${DEFAULT-VALUE}).")
    List<Double> lrs;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "400", description = "Steps per rate (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--every", paramLabel = "N", defaultValue = "10",
            description = "Measure the sharpness every N steps (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "12",
            description = "Power iterations per measurement, warm-started (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "Training images, one full batch (default: ${DEFAULT-VALUE}).")
    int samples;

    @Mixin Hidden hidden = new Hidden(64);
    @Mixin Seed seed = new Seed();
    @Mixin Picture picture = new Picture("sharpness.png");

    @Override
    public Integer call() {
        if (lrs.size() < 2) {
            throw usage("--lrs needs at least two rates to compare, got " + lrs);
        }
        for (double lr : lrs) {
            if (!(lr > 0 && Double.isFinite(lr))) {
                throw usage("--lrs: every rate must be a finite number > 0, got " + lr);
            }
        }
        Sharpness experiment;
        try {
            experiment = new Sharpness(samples, hidden.value(), steps, every, iterations, seed.value());
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
        PrintWriter w = out();
        Dataset train = MnistSource.bundled().train();
        if (samples > train.count()) {
            throw usage("--samples must be at most " + train.count()
                    + " (the bundled training images), got " + samples);
        }
        WorkProgress progress = new WorkProgress(err(), "sharpness", (long) lrs.size() * steps,
                "steps");
        List<Sharpness.Run> runs = new ArrayList<>();
        for (double lr : lrs) {
            Sharpness.Run r = experiment.run(train, lr, progress::step);
            runs.add(r);
            for (Sharpness.Point p : r.points()) {
                w.printf(Locale.ROOT, "lr %-6s step %5d  loss %.4f  sharpness %8.3f  (2/lr = %.3g)%n", OptimizerSpec.num(lr),
                        p.step(), p.loss(), p.sharpness(), r.threshold());
            }
            w.flush();
        }
        Path out = picture.png();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Outputs.directory(parent);
        }
        String title = "MLP 784-" + hidden.value() + "-10, " + samples + " MNIST images, full-batch GD";
        Outputs.writePng(out, SharpnessPlot.render(runs, title));
        w.println("wrote " + out);
        Path csv = picture.csv();
        Outputs.writeText(csv, csv(runs));
        w.println("wrote " + csv);
        w.flush();
        return 0;
    }

    static String csv(List<Sharpness.Run> runs) {
        StringBuilder s = new StringBuilder("lr,two_over_lr,step,loss,sharpness\n");
        for (Sharpness.Run r : runs) {
            for (Sharpness.Point p : r.points()) {
                s.append(r.lr()).append(',').append(r.threshold()).append(',').append(p.step()).append(',').append(p.loss())
                        .append(',').append(p.sharpness()).append('\n');
            }
        }
        return s.toString();
    }
}
