package dev.jgrad.cli.learn;

import dev.jgrad.cli.CliException;
import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.OptimizerFlags;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.StepTrace;
import dev.jgrad.learn.Surface;
import dev.jgrad.learn.TraceTable;
import dev.jgrad.learn.Trajectories;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.AdamW;
import dev.jgrad.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code jgrad explain}: runs any optimizer that takes one gradient per step for a few steps and prints every
 * number of every step for the chosen elements (for SGD, Adam and AdamW each column labelled with its line of
 * the algorithm box), then the numbers computed once per tensor.
 */
@Command(name = "explain",
        description = {"Step through any optimizer of the registry (LBFGS aside): every number of every step.",
            "For each step and chosen element, the numbers the optimizer's loop reports (for Adam and AdamW: t, g, m, v, "
                + "m̂, v̂, the denominator √v̂ + ε, the decay term, the update and θ; for SGD: g, the momentum buffer b, "
                + "the direction d, decay, update, θ, each labelled with its line of the algorithm box), then the "
                + "numbers computed once per tensor (trust ratios, rectification, factors, singular values)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  java -jar examples/target/jgrad.jar explain --optimizer adamw \\",
            "      --lr 0.1 --weight-decay 0.1 --theta 1 --grads 0.5,-0.2,0.4",
            "  java -jar examples/target/jgrad.jar explain --optimizer sgd \\",
            "      --lr 0.001 --momentum 0.9 --function rosenbrock --steps 5 --csv steps.csv",
            "  java -jar examples/target/jgrad.jar explain --optimizer muon \\",
            "      --theta 1,2,3,4,5,6 --shape 2,3 --grads 1,0,2,0,1,1"})
public final class ExplainCommand extends CliCommand {
    @Mixin OptimizerFlags optimizer = new OptimizerFlags();

    @Option(names = "--paper-decay", order = 14,
            description = "adamw: decay by the schedule multiplier only (the paper), not by γ (PyTorch).")
    boolean paperDecay;

    /** The dtype of θ and the optimizer's loop. */
    enum DTypeChoice { FLOAT64, FLOAT32 }

    @Option(names = "--dtype", paramLabel = "float64|float32", order = 14, defaultValue = "float64",
            converter = DTypeConverter.class,
            description = "float32 runs the optimizer's float32 loop (the one the MNIST example runs, where it has one). "
                    + "Default: ${DEFAULT-VALUE}.")
    DTypeChoice dtype;

    static final class DTypeConverter implements CommandLine.ITypeConverter<DTypeChoice> {
        @Override
        public DTypeChoice convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "float64" -> DTypeChoice.FLOAT64;
                case "float32" -> DTypeChoice.FLOAT32;
                default -> throw new CommandLine.TypeConversionException(
                        "expected float64 or float32, got '" + value + "'");
            };
        }
    }

    @Option(names = "--grads", split = ",", paramLabel = "G", order = 20,
            description = "The gradients, step after step; with an n-element --theta each step takes n values.")
    List<Double> grads;

    @Option(names = "--grads-file", paramLabel = "FILE", order = 21,
            description = "The gradients, one step per line (values separated by commas or spaces; # comments).")
    Path gradsFile;

    @Option(names = "--theta", split = ",", paramLabel = "θ", order = 22,
            description = "θ before the first step, one value per element (default: 1 for each element).")
    List<Double> theta;

    @Option(names = "--shape", split = ",", paramLabel = "R,C", order = 26,
            description = "Treat θ and every gradient as an R×C matrix, row-major (for Muon and Adafactor's factored "
                    + "second moment); the per-tensor numbers are printed after the table.")
    List<Integer> shape;

    @Option(names = "--function", paramLabel = "NAME", order = 23,
            description = "Take gradients from a built-in function of θ = (x, y) instead: rosenbrock, beale, quadratic, saddle.")
    String function;

    @Option(names = "--start", split = ",", paramLabel = "X,Y", order = 24,
            description = "With --function: where θ starts (default: the function's trajectory start).")
    List<Double> start;

    @Option(names = "--steps", paramLabel = "N", order = 25, defaultValue = "5",
            description = "With --function: number of steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--elements", split = ",", paramLabel = "I", order = 30,
            description = "Which elements of θ to show (default: all).")
    List<Integer> elements;

    @Option(names = "--digits", paramLabel = "N", order = 31, defaultValue = "6",
            description = "Significant digits in the table (default: ${DEFAULT-VALUE}; the CSV has them all).")
    int digits;

    @Option(names = "--csv", paramLabel = "FILE", order = 32, description = "Also write the rows to FILE as CSV.")
    Path csv;

    @Override
    public Integer call() {
        OptimizerSpec config = config();
        StepTrace.Source source = source();
        int n = source.start().length;
        int[] shown = shownElements(n);
        if (digits < 1 || digits > 17) {
            throw usage("--digits must be between 1 and 17, got " + digits);
        }
        List<String> names = elementNames(source, n);

        StepTrace trace;
        try {
            trace = StepTrace.run(config, source, dtype == DTypeChoice.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64,
                    shape(n));
        } catch (IllegalArgumentException e) { // the optimizer refuses this θ (Muon takes matrices only)
            throw usage(e.getMessage());
        }
        PrintWriter out = out();
        out.println(config + " " + describe(source) + (dtype == DTypeChoice.FLOAT32 ? ", in float32" : ""));
        out.println();
        out.print(TraceTable.format(trace, shown, names, digits));
        if (csv != null) {
            Outputs.writeText(csv, TraceTable.csv(trace, shown, names));
            out.println("wrote " + csv);
        }
        out.flush();
        return 0;
    }

    /** The optimizer from its flags, with the paper's decay if asked for. */
    private OptimizerSpec config() {
        OptimizerSpec s = optimizer.parse("explain (one gradient per step, element by element)");
        if (paperDecay && s.entry().type() != AdamW.class) {
            throw usage("--paper-decay is an option of adamw only");
        }
        return s.withPaperDecay(paperDecay);
    }

    /** --shape, checked against θ's n elements; a vector without it. */
    private int[] shape(int n) {
        if (shape == null) {
            return new int[] {n};
        }
        if (shape.size() != 2 || shape.get(0) < 1 || shape.get(1) < 1) {
            throw usage("--shape takes two positive sizes R,C, got " + shape);
        }
        if (shape.get(0) * shape.get(1) != n) {
            throw usage("--shape " + shape.get(0) + "," + shape.get(1) + " has " + shape.get(0) * shape.get(1)
                    + " elements but θ has " + n);
        }
        return new int[] {shape.get(0), shape.get(1)};
    }

    private StepTrace.Source source() {
        int given = (grads != null ? 1 : 0) + (gradsFile != null ? 1 : 0) + (function != null ? 1 : 0);
        if (given != 1) {
            throw usage("give exactly one of --grads, --grads-file and --function");
        }
        if (function != null) {
            if (theta != null) {
                throw usage("--theta is for given gradients; with --function use --start X,Y");
            }
            Surface s;
            try {
                s = Surface.byId(function);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            if (start != null && (start.size() != 2 || !start.stream().allMatch(Double::isFinite))) {
                throw usage("--start needs two finite numbers X,Y, got " + start);
            }
            range("--steps", steps, 1, TrajectoriesCommand.MAX_STEPS);
            double[] from = start == null ? Trajectories.defaults(s).start() : new double[] {start.get(0), start.get(1)};
            return new StepTrace.OnSurface(s, from, steps);
        }
        if (start != null) {
            throw usage("--start is for --function; for given gradients use --theta");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--steps")) {
            throw usage("--steps is for --function; with given gradients there is one step per gradient");
        }
        List<double[]> perStep = gradsFile != null ? readGradients(gradsFile) : null;
        int n = theta != null ? theta.size() : perStep != null ? perStep.get(0).length : 1;
        double[] theta0 = new double[n];
        Arrays.fill(theta0, 1.0);
        if (theta != null) {
            for (int i = 0; i < n; i++) {
                theta0[i] = theta.get(i);
            }
        }
        if (!Arrays.stream(theta0).allMatch(Double::isFinite)) {
            throw usage("--theta must be finite, got " + theta);
        }
        if (perStep == null) {
            if (!grads.stream().allMatch(Double::isFinite)) {
                throw usage("--grads must be finite, got " + grads);
            }
            if (grads.size() % n != 0) {
                throw usage("--grads has " + grads.size() + " values, not a multiple of θ's " + n + " elements");
            }
            perStep = new ArrayList<>();
            for (int i = 0; i < grads.size(); i += n) {
                double[] g = new double[n];
                for (int j = 0; j < n; j++) {
                    g[j] = grads.get(i + j);
                }
                perStep.add(g);
            }
        }
        try {
            return new StepTrace.Gradients(theta0, perStep);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** One step per non-blank line; every line must have as many values as the first. */
    private static List<double[]> readGradients(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + Outputs.reason(e), e);
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("[,\\s]+");
            double[] g = new double[parts.length];
            for (int j = 0; j < parts.length; j++) {
                try {
                    g[j] = Double.parseDouble(parts[j]);
                } catch (NumberFormatException e) {
                    throw new CliException(file + ":" + (i + 1) + ": '" + parts[j] + "' is not a number");
                }
                if (!Double.isFinite(g[j])) {
                    throw new CliException(file + ":" + (i + 1) + ": gradients must be finite");
                }
            }
            if (!out.isEmpty() && g.length != out.get(0).length) {
                throw new CliException(file + ":" + (i + 1) + ": " + g.length + " values, but the first step has "
                        + out.get(0).length);
            }
            out.add(g);
        }
        if (out.isEmpty()) {
            throw new CliException(file + ": no gradients in the file");
        }
        return out;
    }

    private int[] shownElements(int n) {
        if (elements == null) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        for (int e : elements) {
            if (e < 0 || e >= n) {
                throw usage("--elements: θ has elements 0 to " + (n - 1) + ", got " + e);
            }
        }
        return elements.stream().distinct().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> elementNames(StepTrace.Source source, int n) {
        if (source instanceof StepTrace.OnSurface) {
            return List.of("x", "y");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(n == 1 ? "θ" : "θ[" + i + "]");
        }
        return names;
    }

    private static String describe(StepTrace.Source source) {
        if (source instanceof StepTrace.OnSurface s) {
            return "on " + s.surface().id() + " f(x, y) = " + s.surface().formula() + ", from (x, y) = ("
                    + OptimizerSpec.num(s.start()[0]) + ", " + OptimizerSpec.num(s.start()[1]) + "), "
                    + s.steps() + " steps";
        }
        StepTrace.Gradients g = (StepTrace.Gradients) source;
        StringBuilder s = new StringBuilder("on " + g.steps() + " given gradient" + (g.steps() == 1 ? "" : "s")
                + ", θ₀ = ");
        double[] t = g.start();
        if (t.length == 1) {
            return s.append(OptimizerSpec.num(t[0])).toString();
        }
        s.append('[');
        for (int i = 0; i < t.length; i++) {
            s.append(i > 0 ? ", " : "").append(OptimizerSpec.num(t[i]));
        }
        return s.append(']').toString();
    }
}
