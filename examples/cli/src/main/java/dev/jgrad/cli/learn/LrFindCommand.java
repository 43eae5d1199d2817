package dev.jgrad.cli.learn;

import dev.jgrad.learn.LrFindPlot;
import dev.jgrad.learn.LrFinder;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.OptimizerRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jgrad lr-find}: the learning-rate range test ({@link LrFinder}) on the MNIST MLP, for any optimizer. */
@Command(name = "lr-find", sortOptions = false,
        description = {"The learning-rate range test (Smith 2015; fastai's lr_find): train the MNIST MLP while the "
                + "learning rate grows exponentially from --start-lr to --end-lr, smooth the loss, stop when it "
                + "exceeds 4x its best, and suggest the rate where the smoothed loss falls fastest.",
            "Writes a PNG (loss against learning rate) and a CSV beside it; prints the suggestion."},
        footerHeading = "%nExample:%n",
        footer = {
            "  java -jar examples/target/jgrad.jar lr-find \\",
            "      --optimizer sgd --option momentum=0.9 --out sgd-lr.png"})
public final class LrFindCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adamw",
            description = "Any optimizer of the registry, by PyTorch's class name in any case "
                    + "(default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "Any keyword argument of the optimizer but lr, by PyTorch's name, e.g. --option "
                    + "momentum=0.9, --option betas=0.9,0.99 (repeatable).")
    List<String> options = new ArrayList<>();

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

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "500",
            description = "Hidden units of the MLP 784-H-10 (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A directory with the four MNIST IDX files (default: the bundled subset).")
    Path data;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Initial weights and data order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.png", defaultValue = "lr-find.png",
            description = "The picture; the CSV goes beside it as FILE.csv (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        LrFinder.Setup setup;
        try {
            if (hidden < 1) {
                throw new IllegalArgumentException("--hidden must be at least 1, got " + hidden);
            }
            setup = new LrFinder.Setup(ModelSpec.mlp(hidden), optimizerSpec(), startLr, endLr, steps, batchSize, seed);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path csv = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.png$", "") + ".csv");
        dev.jgrad.io.AtomicFile.checkWritable(out);
        dev.jgrad.io.AtomicFile.checkWritable(csv);
        Dataset train = data == null ? MnistSource.bundled().train() : MnistSource.fromDirectory(data).train();
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "lr-find: %s on %s, %d training images, batch %d: lr %s to %s over %d steps, seed %d%n",
                setup.optimizer(), setup.model().id(), train.count(), setup.batchSize(),
                rate(startLr), rate(endLr), steps, seed);
        w.flush();
        WorkProgress progress = new WorkProgress(spec.commandLine().getErr(), "lr-find", steps, "steps");
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

    private OptimizerSpec optimizerSpec() {
        if (!OptimizerRegistry.has(optimizer)) {
            throw new IllegalArgumentException("--optimizer: unknown optimizer '" + optimizer + "' (known: "
                    + String.join(", ", OptimizerRegistry.names()) + ")");
        }
        String name = OptimizerRegistry.get(optimizer).name();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (String kv : options) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--option takes KEY=VALUE (e.g. --option momentum=0.9), got '"
                        + kv + "'");
            }
            String key = kv.substring(0, eq).trim();
            if (key.equals("lr")) {
                throw new IllegalArgumentException("--option lr: lr-find sets the learning rate itself; give the "
                        + "range with --start-lr and --end-lr");
            }
            kwargs.put(key, OptimizerSpec.parseValue(kv.substring(eq + 1)));
        }
        OptimizerSpec spec;
        try {
            spec = new OptimizerSpec(name, kwargs, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--option: " + e.getMessage(), e);
        }
        if (spec.requiresClosure()) {
            throw new IllegalArgumentException("--optimizer: "
                    + spec.closureRefusal("lr-find (one gradient per step)"));
        }
        return spec;
    }

    /** A learning rate in three significant digits: {@code 0.00486}, {@code 1e-07}. */
    static String rate(double lr) {
        return LrFinder.rate(lr);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
