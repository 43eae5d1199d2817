package dev.jgrad.cli.learn;

import dev.jgrad.autograd.GraphDot;
import dev.jgrad.cli.CliException;
import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.SharedOptions.Hidden;
import dev.jgrad.cli.options.SharedOptions.Seed;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.data.Batches;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code jgrad graph}: the autograd graph of one training step of the MNIST MLP, as the trainer
 * starts it (same seed, same initial weights), on the first batch of the bundled digits: forward,
 * cross-entropy, backward. Writes DOT, and SVG and PNG when Graphviz's {@code dot} can be found.
 */
@Command(name = "graph",
        description = {"Write the autograd graph of an MNIST MLP training step as Graphviz DOT (and SVG, PNG).",
            "The graph of forward and cross-entropy on the first batch of the bundled digits, for the MLP 784-H-10 "
                + "initialised as the mnist command initialises it: op names, shapes, dtypes and the gradient norms "
                + "after backward. Renders SVG and PNG too if Graphviz's dot is on the PATH, else says how."},
        footer = {
            "  java -jar examples/target/jgrad.jar graph --out mlp-graph.dot"})
public final class GraphCommand extends CliCommand {
    @Option(names = "--out", paramLabel = "FILE", defaultValue = "mlp-graph.dot",
            description = "DOT file to write (default: ${DEFAULT-VALUE}); the pictures go next to it.")
    Path out;

    @Mixin Hidden hidden = new Hidden();

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Images in the batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin Seed seed = new Seed();

    @Option(names = "--no-grad-norms", description = "Leave out the gradient norms (and do not run backward).")
    boolean noGradNorms;

    @Option(names = "--dot", paramLabel = "PROGRAM", defaultValue = "dot",
            description = "Graphviz's dot: a name looked up on the PATH, or a path (default: ${DEFAULT-VALUE}).")
    String dot;

    @Option(names = "--no-render", description = "Write only the DOT file, even if dot is available.")
    boolean noRender;

    @Option(names = "--dot-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Stop dot if one picture takes longer (default: ${DEFAULT-VALUE}).")
    int dotTimeout;

    @Override
    public Integer call() {
        if (hidden.value() < 1 || hidden.value() > 100_000) {
            throw usage("--hidden must be between 1 and 100000, got " + hidden.value());
        }
        if (dotTimeout < 1) {
            throw usage("--dot-timeout must be at least 1 second, got " + dotTimeout);
        }
        Dataset train = MnistSource.bundled().train();
        if (batchSize < 1 || batchSize > train.count()) {
            throw usage("--batch-size must be between 1 and " + train.count() + ", got " + batchSize);
        }
        PrintWriter w = out();
        TrainingGraph graph = trainingGraph(ModelSpec.mlp(hidden.value()), seed.value(), train, batchSize, !noGradNorms);
        Outputs.writeText(out, graph.dot());
        w.println("wrote " + out + " (" + GraphDot.ops(graph.loss()).size() + " ops, " + countNodes(graph.dot())
                + " tensors)");
        w.flush();
        if (noRender) {
            return 0;
        }
        Path program = findDot(dot);
        String base = out.getFileName().toString().replaceFirst("\\.dot$", "");
        Path svg = out.resolveSibling(base + ".svg"), png = out.resolveSibling(base + ".png");
        if (program == null) {
            w.println("Graphviz's dot was not found" + (dot.contains(File.separator) ? " at " + dot : " on the PATH")
                    + ", so only the DOT file was written. To draw it, install Graphviz (Debian/Ubuntu: apt-get install "
                    + "graphviz; macOS: brew install graphviz; or see graphviz.org/download) and run: dot -Tsvg " + out
                    + " -o " + svg);
            w.flush();
            return 0;
        }
        render(program, "svg", out, svg, dotTimeout);
        render(program, "png", out, png, dotTimeout);
        w.println("wrote " + svg + " and " + png + " with " + program);
        w.flush();
        return 0;
    }

    /** The loss of one training step and the DOT text of the graph behind it. */
    record TrainingGraph(Tensor loss, String dot) {}

    /** Forward, loss and (if asked) backward of one batch, and the loss's graph. */
    static TrainingGraph trainingGraph(ModelSpec model, long seed, Dataset train, int batch, boolean gradNorms) {
        Module mlp = model.build(new Generator(seed)); // the Trainer draws the initial weights first, as here
        float[] pixels = new float[batch * train.pixels()];
        int[] labels = new int[batch];
        Batches.normalizeBatch(train, null, 0, batch, pixels);
        Batches.labelBatch(train, null, 0, batch, labels);
        Tensor x = Tensor.of(pixels, batch, train.pixels());
        Tensor loss = new CrossEntropyLoss().apply(mlp.forward(x), labels);
        Map<Tensor, String> names = new IdentityHashMap<>();
        mlp.namedParameters().forEach((name, p) -> names.put(p, name));
        if (gradNorms) {
            GraphDot.retainGrads(loss);
            loss.backward();
        }
        return new TrainingGraph(loss, GraphDot.of(loss, GraphDot.Options.DEFAULT.withNames(names).withGradNorms(gradNorms)));
    }

    private static long countNodes(String dot) {
        return dot.lines().filter(l -> l.matches("\\s*t\\d+ \\[.*")).count();
    }

    /** {@code name} itself if it is a path to an executable, else the first executable of that name on the PATH. */
    static Path findDot(String name) {
        if (name.contains(File.separator)) {
            Path p = Path.of(name);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Runs {@code program} with a time limit. Its output goes to a temporary file, not a pipe: reading a
     * pipe to its end waited for as long as the program ran, so a renderer that never exited hung the command.
     */
    private static void render(Path program, String format, Path in, Path target, int timeoutSeconds) {
        List<String> cmd = new ArrayList<>(List.of(program.toString(), "-T" + format, in.toString(), "-o", target.toString()));
        Path log = null;
        try {
            log = Files.createTempFile("jgrad-dot", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CliException(program + " took more than " + timeoutSeconds + " s to render " + target
                        + " and was stopped; the DOT file " + in + " is written (--dot-timeout SECONDS gives it longer)");
            }
            String output = Files.readString(log, StandardCharsets.ISO_8859_1).trim();
            if (p.exitValue() != 0) {
                throw new CliException(program + " failed to render " + target + " (exit " + p.exitValue() + ")"
                        + (output.isEmpty() ? "" : ": " + output.lines().findFirst().orElse("")));
            }
        } catch (IOException e) {
            throw new CliException("cannot run " + program + ": " + Outputs.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while " + program + " was rendering " + target, e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // a temporary file in the system's temporary directory; nothing else depends on it
                }
            }
        }
    }
}
