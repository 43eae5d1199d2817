package dev.jgrad.cli.learn;

import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.OptimizerFlags;
import dev.jgrad.cli.options.SharedOptions.Data;
import dev.jgrad.cli.options.SharedOptions.Hidden;
import dev.jgrad.cli.options.SharedOptions.Picture;
import dev.jgrad.cli.options.SharedOptions.Seed;
import dev.jgrad.io.AtomicFile;
import dev.jgrad.learn.LrFindPlot;
import dev.jgrad.learn.LrFinder;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code jgrad lr-find}: the learning-rate range test ({@link LrFinder}) on the MNIST MLP, for any optimizer. */
@Command(name = "lr-find",
        description = {"The learning-rate range test (Smith 2015; fastai's lr_find): train the MNIST MLP while the "
                + "learning rate grows exponentially from --start-lr to --end-lr, smooth the loss, stop when it "
                + "exceeds 4x its best, and suggest the rate where the smoothed loss falls fastest.",
            "Writes a PNG (loss against learning rate) and a CSV beside it; prints the suggestion."},
        footer = {
            "  java -jar examples/target/jgrad.jar lr-find \\",
            "      --optimizer sgd --option momentum=0.9 --out sgd-lr.png"})
public final class LrFindCommand extends CliCommand {
    @Mixin OptimizerFlags optimizer = new OptimizerFlags();

    @Option(names = "--start-lr", paramLabel = "RATE", defaultValue = "1e-7",
            description = "First learning rate of the ramp (default: ${DEFAULT-VALUE}).")
    double startLr;

    @Option(names = "--end-lr", paramLabel = "RATE", defaultValue = "10",
            description = "Last learning rate of the ramp (default: ${DEFAULT-VALUE}).")
    double endLr;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "Steps of the ramp, at least 2 (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "64",
            description = "Training images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin Hidden hidden = new Hidden();
    @Mixin Data data = new Data();
    @Mixin Seed seed = new Seed();
    @Mixin Picture picture = new Picture("lr-find.png");

    @Override
    public Integer call() {
        if (hidden.value() < 1) {
            throw usage("--hidden must be at least 1, got " + hidden.value());
        }
        OptimizerSpec o = optimizer.parse("lr-find (one gradient per step)", "lr",
                "lr-find sets the learning rate itself; give the range with --start-lr and --end-lr");
        LrFinder.Setup setup;
        try {
            setup = new LrFinder.Setup(ModelSpec.mlp(hidden.value()), o, startLr, endLr, steps, batchSize, seed.value());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path out = picture.png();
        Path csv = picture.csv();
        AtomicFile.checkWritable(out);
        AtomicFile.checkWritable(csv);
        Dataset train = data.load().train();
        PrintWriter w = out();
        w.printf(Locale.ROOT, "lr-find: %s on %s, %d training images, batch %d: lr %s to %s over %d steps, seed %d%n",
                setup.optimizer(), setup.model().id(), train.count(), setup.batchSize(),
                rate(startLr), rate(endLr), steps, seed.value());
        w.flush();
        WorkProgress progress = new WorkProgress(err(), "lr-find", steps, "steps");
        LrFinder.Result r = LrFinder.run(train, setup, progress::step);
        LrFinder.Point last = r.points().get(r.points().size() - 1);
        switch (r.stop()) {
            case END_OF_RAMP -> w.printf(Locale.ROOT, "Ran the whole ramp; best smoothed loss %.4f%n",
                    r.bestSmoothedLoss());
            case DIVERGED -> w.printf(Locale.ROOT, "Stopped after step %d of %d at lr %s: the smoothed loss %.4f "
                            + "exceeded %s x the best, %.4f%n", last.step() + 1, steps, rate(last.lr()),
                    last.smoothedLoss(), OptimizerSpec.num(LrFinder.DIVERGENCE), r.bestSmoothedLoss());
            case NOT_FINITE -> w.printf(Locale.ROOT, "Stopped after step %d of %d at lr %s: the loss is %s%n",
                    last.step() + 1, steps, rate(last.lr()), last.loss());
            default -> throw new IllegalStateException(r.stop().toString());
        }
        if (Double.isFinite(r.suggestion())) {
            w.println("Suggested lr: " + rate(r.suggestion())
                    + " (steepest descent of the smoothed loss)");
        } else {
            w.println("No suggestion: fewer than two steps ran (try a lower --start-lr)");
        }
        String title = "LR range test — " + setup.optimizer().name() + ", " + setup.model().id();
        Outputs.writePng(out, LrFindPlot.render(r, title));
        Outputs.writeText(csv, csv(r));
        w.println("wrote " + out);
        w.println("wrote " + csv);
        w.flush();
        return 0;
    }

    /** {@code step,lr,loss,smoothed_loss}, one row per step run; numbers in full precision. */
    static String csv(LrFinder.Result r) {
        StringBuilder s = new StringBuilder("step,lr,loss,smoothed_loss\n");
        for (LrFinder.Point p : r.points()) {
            s.append(p.step()).append(',').append(p.lr()).append(',').append(p.loss()).append(',')
                    .append(p.smoothedLoss()).append('\n');
        }
        return s.toString();
    }

    /** A learning rate in three significant digits: {@code 0.00486}, {@code 1e-07}. */
    static String rate(double lr) {
        return LrFinder.rate(lr);
    }
}
