package dev.jgrad.cli.learn;

import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.SharedOptions.OutDir;
import dev.jgrad.learn.Method;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.Surface;
import dev.jgrad.learn.Trajectories;
import dev.jgrad.learn.TrajectoryPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code jgrad trajectories}: the paths of SGD, momentum, Nesterov, Adam, AMSGrad, Adam + L2 and AdamW
 * on the built-in 2-D functions, one PNG per function and one CSV of every path.
 */
@Command(name = "trajectories",
        description = {"Draw optimizers' paths over the contour lines of 2-D test functions (a PNG per function, a CSV).",
            "Runs sgd, momentum, nesterov, adam, amsgrad, adam-l2, adamw, newton and damped-newton from the same start "
                + "on rosenbrock, beale, "
                + "an ill-conditioned quadratic and a saddle; every default is chosen so that each optimizer's "
                + "characteristic behaviour shows."},
        footer = {
            "  java -jar examples/target/jgrad.jar trajectories \\",
            "      --functions rosenbrock,saddle --optimizers sgd,momentum,adam --out pics"})
public final class TrajectoriesCommand extends CliCommand {
    static final int MAX_STEPS = 100_000;

    @Option(names = "--functions", split = ",", paramLabel = "NAME",
            description = "Functions to draw (default: all): rosenbrock, beale, quadratic, saddle.")
    List<String> functions;

    @Option(names = "--optimizers", split = ",", paramLabel = "NAME",
            description = "Optimizers (default: the presets): sgd, momentum, nesterov, adam, amsgrad, adam-l2, adamw, newton, "
                    + "damped-newton (Newton's steps use autograd's Hessian and take no rate); any registered optimizer "
                    + "by name (rmsprop, adagrad, ...: PyTorch's defaults at the adaptive rate --adam-lr); or 'all'.")
    List<String> optimizers;

    @Option(names = "--steps", paramLabel = "N", description = "Steps per path (default: per function, 150 to 400).")
    Integer steps;

    @Option(names = "--start", split = ",", paramLabel = "X,Y", description = "Start point (default: per function).")
    List<Double> start;

    @Option(names = "--sgd-lr", paramLabel = "RATE", description = "Rate of sgd, momentum and nesterov (default: per function).")
    Double sgdLr;

    @Option(names = "--adam-lr", paramLabel = "RATE", description = "Rate of the Adam family (default: per function).")
    Double adamLr;

    @Option(names = "--weight-decay", paramLabel = "λ", description = "λ of adam-l2 and adamw (default: 0.1).")
    Double weightDecay;

    @Mixin OutDir output = new OutDir("trajectories");

    @Override
    public Integer call() {
        List<Surface> surfaces = parseSurfaces();
        List<Method> methods = parseMethods();
        checkOptions();
        PrintWriter w = out();
        Path out = Outputs.directory(output.value());
        List<Trajectories.Path> all = new ArrayList<>();
        for (Surface s : surfaces) {
            Trajectories.Settings d = Trajectories.defaults(s);
            double[] from = start != null ? new double[] {start.get(0), start.get(1)} : d.start();
            int n = steps != null ? steps : d.steps();
            List<Trajectories.Path> paths = new ArrayList<>();
            for (Method m : methods) {
                double lr = m.lr(sgdLr != null ? sgdLr : d.sgdLr(), adamLr != null ? adamLr : d.adamLr());
                double lambda = weightDecay != null ? weightDecay : d.weightDecay();
                Trajectories.Path p;
                try {
                    p = Trajectories.run(s, m, lr, lambda, from, n);
                } catch (RuntimeException e) { // e.g. LBFGS needs a closure, Muon a matrix: say so, draw the others
                    w.printf(Locale.ROOT, "%-10s %-9s skipped: %s%n", s.id(), m.id(), e.getMessage());
                    continue;
                }
                paths.add(p);
                Trajectories.Point last = p.last();
                w.printf(Locale.ROOT, "%-10s %-9s %4d steps  ends at (%9.4g, %9.4g)  f = %.4g%s%n", s.id(), m.id(),
                        last.step(), last.x(), last.y(), last.f(), last.step() < n ? "  (ran off: stopped early)" : "");
            }
            Path png = out.resolve(s.id() + ".png");
            Outputs.writePng(png, TrajectoryPlot.render(s, paths));
            w.println("wrote " + png);
            w.flush();
            all.addAll(paths);
        }
        Path csv = out.resolve("trajectories.csv");
        Outputs.writeText(csv, Trajectories.csv(all));
        w.println("wrote " + csv);
        w.flush();
        return 0;
    }

    private List<Surface> parseSurfaces() {
        return functions == null ? List.of(Surface.values()) : distinct("--functions", functions, Surface::byId);
    }

    private List<Method> parseMethods() {
        if (optimizers == null) {
            return List.of(Method.values());
        }
        if (optimizers.size() == 1 && optimizers.get(0).trim().equals("all")) {
            return Method.all();
        }
        return distinct("--optimizers", optimizers, Method::byId);
    }

    /** {@code option}'s names looked up by {@code byId}, each once, in the order given. */
    private <T> List<T> distinct(String option, List<String> names, Function<String, T> byId) {
        List<T> out = new ArrayList<>();
        for (String name : names) {
            T t;
            try {
                t = byId.apply(name);
            } catch (IllegalArgumentException e) {
                throw usage(option + ": " + e.getMessage());
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private void checkOptions() {
        if (steps != null) {
            range("--steps", steps, 1, MAX_STEPS);
        }
        if (start != null && (start.size() != 2 || !Double.isFinite(start.get(0)) || !Double.isFinite(start.get(1)))) {
            throw usage("--start needs two finite numbers X,Y, got " + start);
        }
        positive("--sgd-lr", sgdLr);
        positive("--adam-lr", adamLr);
        if (weightDecay != null && !(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw usage("--weight-decay must be a finite number >= 0, got " + weightDecay);
        }
    }

    private void positive(String option, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw usage(option + " must be a finite number > 0, got " + value);
        }
    }
}
